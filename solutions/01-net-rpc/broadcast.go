package calc

import (
	"sync"
	"time"
)

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
	// START broadcast OMIT
	results := make([]Result, len(addrs))
	var wg sync.WaitGroup
	for i, addr := range addrs {
		wg.Go(func() { results[i] = sumAt(addr, a, b, timeout) }) // each goroutine writes only its own slot
	}
	wg.Wait()
	// END broadcast OMIT
	return results
}

// sumAt connects to one server, asks it for a + b and hangs up.
func sumAt(addr string, a, b int32, timeout time.Duration) Result {
	client, err := Dial(addr, timeout)
	if err != nil {
		return Result{Addr: addr, Err: err}
	}
	defer client.Close()
	sum, err := NewCalculatorClient(client).Sum(a, b)
	return Result{Addr: addr, Value: sum, Err: err}
}
