package calc

import (
	"sync"
	"testing"
	"time"

	"grpcworkshop/testkit"
)

func TestBroadcastSum(t *testing.T) {
	// The starter returns no results at all: one message, not one per case.
	if up := startServer(t, "Calculator", new(fakeCalculator)); len(BroadcastSum([]string{up}, 3, 4, 10*time.Second)) == 0 {
		t.Fatalf("BroadcastSum over 1 server returned no results, want one Result per server (see TODO(step 4) in broadcast.go)")
	}
	t.Run("three servers answer at the same time", func(t *testing.T) {
		// Each server reports that the call arrived, then holds it until
		// the test opens the gate. After that, the first server is the
		// slowest, so the answers come back last first.
		arrived := make(chan struct{}, 3)
		gate := make(chan struct{})
		open := sync.OnceFunc(func() { close(gate) })
		t.Cleanup(open)
		var addrs []string
		for _, delay := range []time.Duration{40 * time.Millisecond, 20 * time.Millisecond, 0} {
			hold := func(Args) {
				arrived <- struct{}{}
				<-gate
				time.Sleep(delay)
			}
			addrs = append(addrs, startServer(t, "Calculator", &fakeCalculator{before: hold}))
		}

		done := make(chan []Result, 1)
		go func() { done <- BroadcastSum(addrs, 3, 4, 10*time.Second) }()
		for n := 0; n < len(addrs); n++ {
			select {
			case <-arrived:
			case results := <-done:
				t.Fatalf("BroadcastSum returned %d results before all %d servers had the call, want one per server (see TODO(step 4) in broadcast.go)", len(results), len(addrs))
			case <-time.After(5 * time.Second):
				t.Fatalf("only %d of %d servers got the call, the others waited: ask them all at the same time, one goroutine each (see TODO(step 4) in broadcast.go)", n, len(addrs))
			}
		}
		open()
		checkResults(t, <-done, addrs, []bool{true, true, true})
	})

	t.Run("a server that is down", func(t *testing.T) {
		down := testkit.Listen(t)
		down.Close() // nothing listens on this port any more
		addrs := []string{
			startServer(t, "Calculator", new(fakeCalculator)),
			down.Addr().String(),
			startServer(t, "Calculator", new(fakeCalculator)),
		}
		checkResults(t, BroadcastSum(addrs, 3, 4, 10*time.Second), addrs, []bool{true, false, true})
	})
}

// checkResults checks the results of BroadcastSum(addrs, 3, 4): one per
// server, in the order of addrs, 7 from each server that is up and an error
// from each that is down.
func checkResults(t *testing.T, results []Result, addrs []string, up []bool) {
	t.Helper()
	if len(results) != len(addrs) {
		t.Fatalf("BroadcastSum over %d servers returned %d results, want one per server (see TODO(step 4) in broadcast.go)", len(addrs), len(results))
	}
	for i, r := range results {
		switch {
		case r.Addr != addrs[i]:
			t.Errorf("result %d is from %q, want %q: keep the results in the order of the servers (see TODO(step 4) in broadcast.go)", i, r.Addr, addrs[i])
		case up[i] && (r.Err != nil || r.Value != 7):
			t.Errorf("result %d from %s = %d, %v; want 7, <nil> (see TODO(step 4) in broadcast.go)", i, r.Addr, r.Value, r.Err)
		case !up[i] && r.Err == nil:
			t.Errorf("result %d from %s (down) = %d, <nil>; want an error (see TODO(step 4) in broadcast.go)", i, r.Addr, r.Value)
		}
	}
}
