package finished

import (
	"errors"
	"log/slog"
	"math"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"grpcworkshop/finished/hello"
	"grpcworkshop/finished/internal/helloclient"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// start serves New(opts) on bufconn and returns a connection to it.
func start(t *testing.T, opts Options) *grpc.ClientConn {
	t.Helper()
	return grpctest.StartBufconn(t, New(opts))
}

// TestServices makes one call of each kind to each service: the finished
// server serves them all, on one port.
func TestServices(t *testing.T) {
	conn := start(t, Options{})
	ctx := t.Context()

	agg := aggfuncpb.NewGRPCRouteFuncsClient(conn)
	sum, err := agg.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	if assert.NoError(t, err, "sum(3, 4)") {
		assert.Equal(t, int32(7), sum.GetValue(), "sum(3, 4)")
	}
	_, err = agg.Multiply(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 70000, Value2: 70000})
	assert.Equal(t, codes.OutOfRange, status.Code(err), "multiply(70000, 70000) ended with %v", err)

	client := hellov1.NewHelloServiceClient(conn)
	t.Run("SayHello", func(t *testing.T) {
		resp, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		require.NoError(t, err)
		assert.Equal(t, "hello, you said: hi", resp.GetReply())
	})
	t.Run("LotsOfReplies", func(t *testing.T) {
		var got []string
		for reply, err := range helloclient.Replies(ctx, client, "hi") {
			require.NoError(t, err)
			got = append(got, reply)
		}
		assert.Equal(t, []string{hello.Numbered(1, 3, "hi"), hello.Numbered(2, 3, "hi"), hello.Numbered(3, 3, "hi")}, got)
	})
	t.Run("LotsOfGreetings", func(t *testing.T) {
		got, err := helloclient.SendGreetings(ctx, client, slices.Values([]string{"hi", "hey"}))
		require.NoError(t, err)
		assert.Equal(t, hello.GreetingsReply([]string{"hi", "hey"}), got)
	})
	t.Run("BidiHello", func(t *testing.T) {
		var got []string
		err := helloclient.Chat(ctx, client, hello.ModeEach, slices.Values([]string{"hi", "hey"}), func(r string) { got = append(got, r) })
		require.NoError(t, err)
		assert.Equal(t, []string{"hello, you said: hi", "hello, you said: hey"}, got)
	})
}

// TestHealth asks the standard health service about the whole server and
// about each service by name, as a load balancer would.
func TestHealth(t *testing.T) {
	health := healthgrpc.NewHealthClient(start(t, Options{}))
	for _, service := range []string{"", "proto.gRPCRouteFuncs", "hello.v1.HelloService"} {
		resp, err := health.Check(t.Context(), &healthgrpc.HealthCheckRequest{Service: service})
		if assert.NoError(t, err, "health of %q", service) {
			assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus(), "health of %q", service)
		}
	}
	_, err := health.Check(t.Context(), &healthgrpc.HealthCheckRequest{Service: "no.such.Service"})
	assert.Equal(t, codes.NotFound, status.Code(err), "health of a service the server does not have: %v", err)
}

// TestReflection lists the services through the reflection API, as
// `grpcurl list` does, with Reflection on and off.
func TestReflection(t *testing.T) {
	t.Run("on", func(t *testing.T) {
		names, err := grpctest.ListServices(t.Context(), start(t, Options{Reflection: true}))
		require.NoError(t, err)
		assert.Equal(t, []string{
			"grpc.health.v1.Health",
			"grpc.reflection.v1.ServerReflection",
			"grpc.reflection.v1alpha.ServerReflection",
			"hello.v1.HelloService",
			"proto.gRPCRouteFuncs",
		}, names)
	})
	t.Run("off", func(t *testing.T) {
		names, err := grpctest.ListServices(t.Context(), start(t, Options{Reflection: false}))
		assert.Equal(t, codes.Unimplemented, status.Code(err), "listing the services without reflection gave %q, %v", names, err)
	})
}

// TestLogCalls checks the log: one line per call, unary and streaming, with
// the method, the status code, the duration and the request id (see
// calls_test.go); none for reflection.
func TestLogCalls(t *testing.T) {
	var log grpctest.LockedBuffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == "duration" || a.Key == "request_id" {
			return slog.Attr{} // they change from run to run
		}
		return a
	}}))
	conn := start(t, Options{Logger: logger, Reflection: true})
	ctx := t.Context()

	_, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: math.MaxInt32, Value2: 1})
	require.Error(t, err)
	for _, err := range helloclient.Replies(ctx, hellov1.NewHelloServiceClient(conn), "hi") {
		require.NoError(t, err)
	}
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	require.NoError(t, err)
	require.NoError(t, stream.CloseSend())
	_, _ = stream.Recv() // io.EOF once the reflection call has ended

	want := []string{
		"level=INFO msg=call method=/proto.gRPCRouteFuncs/sum code=OutOfRange",
		"level=INFO msg=call method=/hello.v1.HelloService/LotsOfReplies code=OK",
	}
	// A streaming call is logged as its handler returns, which may be a
	// moment after the client has seen the end of the stream.
	assert.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.Equal(c, want, strings.Split(strings.TrimSpace(log.String()), "\n"))
	}, 5*time.Second, 10*time.Millisecond, "the log, without times and durations")
}

// TestListen checks Listen's one-line errors, which must say what to do.
func TestListen(t *testing.T) {
	busy := testkit.Listen(t).Addr().(*net.TCPAddr)
	next := "127.0.0.1:" + strconv.Itoa(busy.Port+1)
	_, err := Listen(busy.String())
	assert.EqualError(t, err, busy.String()+" is already in use (another server still running?): stop it, or pick another address: -addr "+next+" (go tool task serve ADDR="+next+")")
	assert.ErrorIs(t, err, syscall.EADDRINUSE)

	_, err = Listen("50051")
	assert.EqualError(t, err, `cannot listen on "50051": want host:port, such as localhost:50051, or 127.0.0.1:0 for any free port`)

	assert.Equal(t, "127.0.0.1:50052", NextAddr("localhost:50051"))
	assert.Equal(t, "[::1]:50052", NextAddr("[::1]:50051"))
	assert.Equal(t, "127.0.0.1:0", NextAddr("127.0.0.1:65535"))
}

// TestServe stops a server with signals while a stream is in flight: the
// first signal lets the stream finish (and an echo of it changes nothing),
// a second one later cuts it off.
func TestServe(t *testing.T) {
	// serve starts Serve on a free port with a stream of five replies,
	// interval apart, in flight, and returns what is left of the stream.
	serve := func(t *testing.T, interval string) (signals chan os.Signal, served chan error, rest func() ([]string, error)) {
		lis := testkit.Listen(t)
		signals, served = make(chan os.Signal, 4), make(chan error, 1)
		srv := New(Options{})
		go func() { served <- Serve(srv, lis, signals, slog.New(slog.DiscardHandler)) }()
		t.Cleanup(func() {
			srv.Stop()
			<-served
		})
		client := hellov1.NewHelloServiceClient(grpctest.Dial(t, lis.Addr().String()))
		ctx := metadata.AppendToOutgoingContext(t.Context(), hello.RepliesKey, "5", hello.IntervalKey, interval)
		stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		require.NoError(t, err)
		_, err = stream.Recv()
		require.NoError(t, err, "the first reply")
		return signals, served, func() ([]string, error) { return grpctest.RecvReplies(stream.Recv) }
	}
	wait := func(t *testing.T, served chan error) {
		t.Helper()
		select {
		case err := <-served:
			assert.NoError(t, err, "Serve's result")
			served <- err // for the cleanup
		case <-time.After(5 * time.Second):
			t.Fatal("Serve has not returned 5s after the signals")
		}
	}

	t.Run("graceful", func(t *testing.T) {
		signals, served, rest := serve(t, "100ms")
		signals <- syscall.SIGTERM
		signals <- syscall.SIGTERM // the echo of the first, such as go tool's
		replies, err := rest()
		assert.NoError(t, err, "the stream in flight must end with OK")
		assert.Len(t, replies, 4, "replies after the signal: the stream in flight must get all of them")
		wait(t, served)
	})
	t.Run("second signal", func(t *testing.T) {
		signals, served, rest := serve(t, "1s")
		signals <- os.Interrupt
		time.Sleep(Echo + 50*time.Millisecond)
		signals <- os.Interrupt
		replies, err := rest()
		assert.Equal(t, codes.Unavailable, status.Code(err), "a second signal must cut off the stream in flight; it ended with %v after %d more replies", err, len(replies))
		wait(t, served)
	})
	t.Run("serve fails", func(t *testing.T) {
		lis := testkit.Listen(t)
		require.NoError(t, lis.Close())
		err := Serve(New(Options{}), lis, nil, slog.New(slog.DiscardHandler))
		assert.True(t, errors.Is(err, net.ErrClosed), "Serve on a closed listener returned %v, want net.ErrClosed", err)
	})
}

// TestBadRequest checks that an empty greeting is INVALID_ARGUMENT with a
// google.rpc.BadRequest detail naming the field, for SayHello and
// LotsOfReplies, and that the message for a person stays as it was.
func TestBadRequest(t *testing.T) {
	client := hellov1.NewHelloServiceClient(start(t, Options{}))
	_, sayErr := client.SayHello(t.Context(), &hellov1.HelloRequest{})
	var repliesErr error
	for _, repliesErr = range helloclient.Replies(t.Context(), client, "") {
	}
	for name, err := range map[string]error{"SayHello": sayErr, "LotsOfReplies": repliesErr} {
		t.Run(name, func(t *testing.T) {
			st := status.Convert(err)
			assert.Equal(t, codes.InvalidArgument, st.Code(), "an empty greeting: %v", err)
			assert.Equal(t, `greeting is empty; send one, such as {"greeting": "hello"}`, st.Message())
			want := &errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
				{Field: "greeting", Description: `is empty; send one, such as {"greeting": "hello"}`},
			}}
			if assert.Len(t, st.Details(), 1, "the status's details") {
				got, _ := st.Details()[0].(proto.Message)
				assert.True(t, proto.Equal(want, got), "the detail: got %v, want %v", st.Details()[0], want)
			}
		})
	}
}
