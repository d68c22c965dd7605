package calc

import (
	"encoding/gob"
	"io"
	"net/rpc"
	"os"
	"testing"
	"time"

	"grpcworkshop/testkit"
)

// TestMain makes gob meet our four types in a fixed order before any test
// runs. Gob numbers types in the order a process first encodes them, and the
// numbers travel in the bytes. This is the order of one successful call, as
// in `rpcclient -trace`, so the Examples print the same bytes as the README,
// whichever test happens to run first.
func TestMain(m *testing.M) {
	enc := gob.NewEncoder(io.Discard)
	for _, v := range []any{rpc.Request{}, Args{}, rpc.Response{}, Reply{}} {
		if err := enc.Encode(v); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// startServer serves rcvr's methods under the given service name on a free
// loopback port until the test ends, and returns the server's address.
func startServer(t *testing.T, name string, rcvr any) string {
	t.Helper()
	srv := rpc.NewServer()
	if err := srv.RegisterName(name, rcvr); err != nil {
		t.Fatalf("cannot register %T as %s: %v", rcvr, name, err)
	}
	lis := testkit.Listen(t)
	go Serve(lis, srv) // returns nil when testkit closes lis at the end of the test
	return lis.Addr().String()
}

// dial connects to addr and hangs up when the test ends.
func dial(t *testing.T, addr string) *rpc.Client {
	t.Helper()
	client, err := Dial(addr, 10*time.Second)
	if err != nil {
		t.Fatalf("cannot connect to the test server at %s: %v", addr, err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// slowCalculator is a Calculator whose Sum first runs before(args): to
// sleep, or to wait until the test lets it answer.
type slowCalculator struct {
	Calculator
	before func(Args)
}

// Sum implements Calculator.Sum, late.
func (s *slowCalculator) Sum(args Args, reply *Reply) error {
	s.before(args)
	return s.Calculator.Sum(args, reply)
}
