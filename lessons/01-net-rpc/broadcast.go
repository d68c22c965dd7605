package calc

import "time"

// Result is the answer of one server to a broadcast.
type Result struct {
	Addr  string // the server's address
	Value int32  // its answer, if Err is nil
	Err   error  // why it gave no answer
}

// BroadcastSum asks every server in addrs for a + b, all at the same time,
// and collects every answer: one Result per server, in the order of addrs.
// A server that is down or fails gets a Result with Err set; the others
// still answer. timeout bounds each server's connection, so one server that
// hangs cannot stop the broadcast from returning.
func BroadcastSum(addrs []string, a, b int32, timeout time.Duration) []Result {
	// TODO: make results := make([]Result, len(addrs)). For each address,
	// start a goroutine (a sync.WaitGroup's Go method starts one and counts
	// it) that connects with Dial(addr, timeout), calls Sum through
	// NewCalculatorClient, closes the connection, and stores
	// Result{Addr: addr, Value: ..., Err: ...} in results[i]: each goroutine
	// writes only its own slot, so they need no lock. A Dial error is that
	// server's Err. Wait for every goroutine, then return results.
	return nil
}
