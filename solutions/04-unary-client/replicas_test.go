package aggclient

import (
	"context"
	"testing"
	"time"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// TestSeveralAddresses checks the connection Run makes for -addr A,B,C
// (replicas.go, given): calls go to every server in turn, and one that is
// down is skipped. Nothing to do for this lesson; lesson 14 builds it.
func TestSeveralAddresses(t *testing.T) {
	fakes := []*grpctest.FakeAgg{{}, {}, {}}
	var addrs []string
	for _, f := range fakes {
		addrs = append(addrs, grpctest.StartFakeAgg(t, f))
	}
	addrs = append(addrs, grpctest.ClosedAddr(t)) // a server that is down
	conn, err := dial(addrs)
	if err != nil {
		t.Fatalf("dial(%v): %v", addrs, err)
	}
	defer conn.Close()
	client := aggfuncpb.NewGRPCRouteFuncsClient(conn)
	// Round robin takes the servers that are up in turn; each joins once
	// its connection is made, so the first calls may all go to the first.
	served := func() (n int) {
		for _, f := range fakes {
			if len(f.Calls()) > 0 {
				n++
			}
		}
		return n
	}
	calls := 0
	for end := time.Now().Add(5 * time.Second); served() < len(fakes) && time.Now().Before(end); calls++ {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		out, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
		cancel()
		if err != nil || out.GetValue() != 7 {
			t.Fatalf("call %d: sum(3, 4) = %d, %v; want 7", calls+1, out.GetValue(), err)
		}
	}
	if served() < len(fakes) {
		t.Errorf("after %d calls in 5s, %d of the 3 servers got calls; want calls spread over every server that is up", calls, served())
	}
}
