package servicetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/proto"

	"grpcworkshop/lessons/12-testing/service"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Your tests of the service in ../service (README: "What you test").
// go tool task lesson-12 runs them on the real service, then on each
// mutant: they must pass on the first and fail on every other.

// startService serves the service under test on bufconn, an in-memory
// listener, and returns a client of each of its two services. When the
// test ends, the connection closes and the server stops.
// START startService OMIT
func startService(t *testing.T) (aggfuncpb.GRPCRouteFuncsClient, hellov1.HelloServiceClient) {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	service.Register(t, srv)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	t.Cleanup(func() {
		srv.Stop()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	// END server OMIT

	// START client OMIT
	// NewClient resolves its target's name with DNS by default; there is
	// no host "bufnet". passthrough:/// hands the name as it is to the
	// dialer, which ignores it and connects to the listener in memory.
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return aggfuncpb.NewGRPCRouteFuncsClient(conn), hellov1.NewHelloServiceClient(conn)
}

// END startService OMIT

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
		// START cases OMIT
		{name: "sum", rpc: agg.Sum, a: 3, b: 4, want: 7},
		{name: "sum of negatives", rpc: agg.Sum, a: -3, b: -4, want: -7},
		{name: "sum at the top", rpc: agg.Sum, a: math.MaxInt32 - 1, b: 1, want: math.MaxInt32},
		{name: "sum past the top", rpc: agg.Sum, a: math.MaxInt32, b: 1, code: codes.OutOfRange},
		{name: "sum past the bottom", rpc: agg.Sum, a: math.MinInt32, b: -1, code: codes.OutOfRange},
		{name: "multiply", rpc: agg.Multiply, a: 6, b: 7, want: 42},
		{name: "multiply by minus one", rpc: agg.Multiply, a: 5, b: -1, want: -5},
		{name: "multiply past the top", rpc: agg.Multiply, a: 70000, b: 70000, code: codes.OutOfRange},
		// END cases OMIT
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
	// A deadline on the call: a stream that never ends fails the test in
	// 2 s, rather than hang it until go test gives up.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	// START stream OMIT
	ctx = metadata.AppendToOutgoingContext(ctx, "hello-replies", "3")
	stream, err := hc.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	var got []string
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "Recv after %d replies %q", len(got), got)
		got = append(got, r.GetReply())
	}
	// END stream OMIT
	assert.Equal(t, []string{
		"reply 1 of 3: hello, you said: hi",
		"reply 2 of 3: hello, you said: hi",
		"reply 3 of 3: hello, you said: hi",
	}, got)
}

// TestLotsOfRepliesCancel cancels a call while the server waits between
// two replies: the server must stop at once, which noLeaks checks.
// START cancel OMIT
func TestLotsOfRepliesCancel(t *testing.T) {
	noLeaks(t)
	_, hc := startService(t)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "hello-replies", "2", "hello-interval", "1m")
	stream, err := hc.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	_, err = stream.Recv()
	require.NoError(t, err, "the first reply comes at once")
	cancel()
	_, err = stream.Recv()
	assert.Equal(t, codes.Canceled, status.Code(err), "Recv after cancel: %v", err)
}

// END cancel OMIT

// TestLotsOfGreetings is the Going further exercise: a client-streaming
// test, which catches the mutant dropslast.
func TestLotsOfGreetings(t *testing.T) {
	_, hc := startService(t)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	stream, err := hc.LotsOfGreetings(ctx)
	require.NoError(t, err)
	for _, g := range []string{"hi", "hey", "hello"} {
		require.NoError(t, stream.Send(&hellov1.HelloRequest{Greeting: g}))
	}
	resp, err := stream.CloseAndRecv()
	require.NoError(t, err)
	assert.Equal(t, "hello, you said 3 greetings: hi, hey, hello", resp.GetReply())
}

// FuzzAggfunc feeds arbitrary bytes, as a request, to both handlers: no
// panic, and OK with the exact result or OUT_OF_RANGE when it does not fit,
// nothing else. go test runs the seed corpus (f.Add) every time; go test
// -fuzz=FuzzAggfunc makes up new inputs from it.
func FuzzAggfunc(f *testing.F) {
	// START seeds OMIT
	edges := []int32{0, 1, -1, 2, math.MaxInt32, math.MinInt32}
	for _, a := range edges {
		for _, b := range edges {
			data, err := proto.Marshal(&aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: b})
			require.NoError(f, err)
			f.Add(data)
		}
	}
	// END seeds OMIT
	agg := service.Agg(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &aggfuncpb.InputArgsOfBinaryFunc{}
		if proto.Unmarshal(data, in) != nil {
			return // not a request: gRPC refuses it before any handler runs
		}
		a, b := int64(in.GetValue1()), int64(in.GetValue2())
		for _, c := range []struct {
			op    string
			rpc   func(context.Context, *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error)
			exact int64
		}{{"+", agg.Sum, a + b}, {"*", agg.Multiply, a * b}} {
			// START property OMIT
			got, err := c.rpc(t.Context(), in)
			gotText := fmt.Sprintf("OK with %d", got.GetValue())
			if err != nil {
				gotText = status.Code(err).String()
			}
			want := fmt.Sprintf("OK with %d", c.exact)
			if c.exact < math.MinInt32 || c.exact > math.MaxInt32 {
				want = codes.OutOfRange.String()
			}
			if gotText != want {
				t.Errorf("%d %s %d = %d: got %s; want %s (OutOfRange exactly when it does not fit in an int32)",
					a, c.op, b, c.exact, gotText, want)
			}
			// END property OMIT
		}
	})
}
