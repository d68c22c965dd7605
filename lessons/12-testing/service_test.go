package servicetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"grpcworkshop/lessons/12-testing/service"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Your tests of the service in ./service (README: "What you test").
// go tool task lesson-12 runs them on the real service, then on each
// mutant: they must pass on the first and fail on every other. This file
// is the exercise: change anything in it, add tests, add files.

// startService serves the service under test on bufconn, an in-memory
// listener, and returns a client of each of its two services. When the
// test ends, the connection closes and the server stops.
//
// TODO(step 2): make a bufconn listener and a grpc.Server, register the
// service under test with service.Register (the one seam between your
// tests and the code under test), serve it in a goroutine, and connect a
// client to it with grpc.NewClient, a context dialer and a passthrough:///
// target (README: "bufconn, and why NewClient needs passthrough"). Stop
// the server and close the connection with t.Cleanup. Then delete the Skip.
func startService(t *testing.T) (aggfuncpb.GRPCRouteFuncsClient, hellov1.HelloServiceClient) {
	t.Helper()
	t.Skip("TODO(step 2) in service_test.go: startService does not start the service yet")
	return nil, nil
}

// noLeaks fails the test if a goroutine it started still runs when it
// ends. Call it first: cleanups run last in, first out, so the check runs
// after startService's cleanups have stopped the server.
func noLeaks(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

func TestAggfunc(t *testing.T) {
	agg, _ := startService(t)
	type rpc func(context.Context, *aggfuncpb.InputArgsOfBinaryFunc, ...grpc.CallOption) (*aggfuncpb.ReturnValue, error)
	tests := []struct {
		name string
		rpc  rpc
		a, b int32
		want int32
		code codes.Code
	}{
		{name: "sum", rpc: agg.Sum, a: 3, b: 4, want: 7},
		// TODO(steps 2 and 3): the cases that a sum or a product can get
		// wrong: negatives, the ends of the int32 range, past them (README:
		// "Table tests").
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			got, err := tt.rpc(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: tt.a, Value2: tt.b})
			if assert.Equal(t, tt.code.String(), status.Code(err).String(), "status code of %s(%d, %d): %v", tt.name, tt.a, tt.b, err) {
				assert.Equal(t, tt.want, got.GetValue(), "%s(%d, %d)", tt.name, tt.a, tt.b)
			}
		})
	}
}

func TestLotsOfReplies(t *testing.T) {
	noLeaks(t)
	_, hc := startService(t)
	_ = hc
	// TODO(step 4): call hc.LotsOfReplies with a deadline and read the
	// replies until the stream ends; check them, and how it ended (README:
	// "Testing a stream").
}

// TestLotsOfRepliesCancel cancels a call while the server waits between
// two replies: the server must stop at once, which noLeaks checks.
func TestLotsOfRepliesCancel(t *testing.T) {
	noLeaks(t)
	_, hc := startService(t)
	_ = hc
	// TODO(step 5): ask LotsOfReplies for replies a long interval apart
	// (the metadata keys are in finished/hello), read the first, cancel,
	// and check what Recv says then (README: "goleak").
}

// FuzzAggfunc feeds arbitrary bytes, as a request, to both handlers.
//
// TODO(step 6): seed the corpus with requests at the edges of the int32
// range; in the fuzz function, unmarshal the bytes into a request, call
// both handlers and allow only OK with the exact result, or OUT_OF_RANGE
// when it does not fit (README: "Fuzzing"). Then delete the Skip.
func FuzzAggfunc(f *testing.F) {
	data, err := proto.Marshal(&aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	require.NoError(f, err)
	f.Add(data)
	agg := service.Agg(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = agg
		t.Skip("TODO(step 6) in service_test.go: the fuzz function checks nothing yet")
	})
}
