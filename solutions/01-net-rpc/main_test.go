package calc

import (
	"encoding/gob"
	"fmt"
	"io"
	"math"
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

// fakeCalculator stands in for Calculator in the tests of the client side
// (stub.go, broadcast.go), so that they test the client whatever state
// calc.go is in. It knows only what those tests ask: small numbers, and an
// overflow when either value is math.MaxInt32, or Value1 is 65536.
type fakeCalculator struct {
	before func(Args) // if set, runs first: to sleep, or to wait for the test
}

// Sum implements Calculator.Sum for the tests' numbers.
func (f *fakeCalculator) Sum(args Args, reply *Reply) error {
	return f.answer(args, reply, "+", args.Value1+args.Value2)
}

// Multiply implements Calculator.Multiply for the tests' numbers.
func (f *fakeCalculator) Multiply(args Args, reply *Reply) error {
	return f.answer(args, reply, "*", args.Value1*args.Value2)
}

func (f *fakeCalculator) answer(args Args, reply *Reply, op string, v int32) error {
	if f.before != nil {
		f.before(args)
	}
	if args.Value1 == math.MaxInt32 || args.Value2 == math.MaxInt32 || args.Value1 == 65536 {
		return fmt.Errorf("%d %s %d overflows int32", args.Value1, op, args.Value2)
	}
	reply.Value = v
	return nil
}
