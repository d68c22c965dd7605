package aggserver

import (
	"context"
	"fmt"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// TestUnknownMethod shows what a client gets for a method the server does
// not have: UNIMPLEMENTED, never a hang or a crash. Method names are case
// sensitive: the post's service has "sum", so "Sum" is unknown.
func TestUnknownMethod(t *testing.T) {
	conn := grpctest.StartBufconn(t, NewGRPCServer(Options{}))
	for _, method := range []string{
		"/proto.gRPCRouteFuncs/divide",
		"/proto.gRPCRouteFuncs/Sum",
		"/proto.NoSuchService/sum",
	} {
		t.Run(method, func(t *testing.T) {
			err := conn.Invoke(t.Context(), method, args(3, 4), &aggfuncpb.ReturnValue{})
			if code := status.Code(err); code != codes.Unimplemented {
				t.Errorf("calling %s gave %v, want code Unimplemented", method, err)
			}
		})
	}
	t.Run("streaming hello rpcs come in later lessons", func(t *testing.T) {
		stream, err := hellov1.NewHelloServiceClient(conn).LotsOfReplies(t.Context(), &hellov1.HelloRequest{Greeting: "hello"})
		require.NoError(t, err, "opening the stream")
		_, err = stream.Recv()
		if code := status.Code(err); code != codes.Unimplemented {
			t.Errorf("LotsOfReplies gave %v, want code Unimplemented until a later lesson writes it", err)
		}
	})
}

// TestHealth asks the standard health service, as a load balancer or
// `grpcurl ... grpc.health.v1.Health/Check` would.
func TestHealth(t *testing.T) {
	client := healthgrpc.NewHealthClient(grpctest.StartBufconn(t, NewGRPCServer(Options{})))
	for _, service := range []string{"", "proto.gRPCRouteFuncs", "hello.v1.HelloService"} {
		t.Run(fmt.Sprintf("%q", service), func(t *testing.T) {
			resp, err := client.Check(t.Context(), &healthgrpc.HealthCheckRequest{Service: service})
			require.NoError(t, err)
			if got := resp.GetStatus(); got != healthgrpc.HealthCheckResponse_SERVING {
				t.Errorf("health of %q is %v, want SERVING", service, got)
			}
		})
	}
	t.Run("unknown service", func(t *testing.T) {
		_, err := client.Check(t.Context(), &healthgrpc.HealthCheckRequest{Service: "no.such.Service"})
		if code := status.Code(err); code != codes.NotFound {
			t.Errorf("health of an unknown service gave %v, want code NotFound", err)
		}
	})
}

func TestReflection(t *testing.T) {
	t.Run("on", func(t *testing.T) {
		got, err := grpctest.ListServices(t.Context(), grpctest.StartBufconn(t, NewGRPCServer(Options{})))
		require.NoError(t, err)
		want := []string{
			"grpc.health.v1.Health",
			"grpc.reflection.v1.ServerReflection",
			"grpc.reflection.v1alpha.ServerReflection",
			"hello.v1.HelloService",
			"proto.gRPCRouteFuncs",
		}
		if !slices.Equal(got, want) {
			t.Errorf("reflection lists %q, want %q", got, want)
		}
	})
	t.Run("off", func(t *testing.T) {
		got, err := grpctest.ListServices(t.Context(), grpctest.StartBufconn(t, NewGRPCServer(Options{NoReflection: true})))
		if code := status.Code(err); code != codes.Unimplemented {
			t.Errorf("with NoReflection, listing services gave (%q, %v), want code Unimplemented", got, err)
		}
	})
}

// rawCodec sends a []byte as it is, so a test can put bytes on the wire that
// no protobuf encoder would write. Its name, "proto", makes the server decode
// them with its protobuf codec as usual.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *v.(*[]byte), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*v.(*[]byte) = slices.Clone(data)
	return nil
}
func (rawCodec) Name() string { return "proto" }

// TestMalformedRequest sends bytes that are not a valid InputArgsOfBinaryFunc:
// 0x08 announces field 1 as a varint, and then the message ends. gRPC fails
// to decode it before our handler runs, answers with an error, and the
// server keeps serving.
func TestMalformedRequest(t *testing.T) {
	conn := grpctest.StartBufconn(t, NewGRPCServer(Options{}))
	req, resp := []byte{0x08}, []byte(nil)
	err := conn.Invoke(t.Context(), "/proto.gRPCRouteFuncs/sum", &req, &resp, grpc.ForceCodec(rawCodec{}))
	if code := status.Code(err); code != codes.Internal {
		t.Errorf("a malformed request gave %v, want code Internal (a request that cannot be decoded)", err)
	}

	// The same connection still works.
	_, err = healthgrpc.NewHealthClient(conn).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	if err != nil {
		t.Errorf("after a malformed request, a health check failed: %v; want the server to keep serving", err)
	}
}

func TestListenBusyPort(t *testing.T) {
	busy := testkit.Listen(t).Addr().(*net.TCPAddr)
	addr := busy.String()
	lis, err := Listen(addr)
	if err == nil {
		lis.Close()
		t.Fatalf("Listen(%q) succeeded on a port that is in use, want an error", addr)
	}
	next := fmt.Sprintf("127.0.0.1:%d", busy.Port+1)
	want := fmt.Sprintf("%s is already in use (another server still running?): stop it, or pick another address: -addr %s (go tool task serve ADDR=%s)",
		addr, next, next)
	if err.Error() != want {
		t.Errorf("Listen(%q) error:\n got %q\nwant %q", addr, err, want)
	}
}

// TestLogCalls checks the per-call log: one line for each call, with the
// method, the status code and the time the handler took.
func TestLogCalls(t *testing.T) {
	var logs grpctest.LockedBuffer
	conn := grpctest.StartBufconn(t, NewGRPCServer(Options{Logger: log.New(&logs, "", 0)}))

	_, err := healthgrpc.NewHealthClient(conn).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err, "health check")
	// Whether sum works yet does not matter here: its call is logged either way.
	_, sumErr := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(t.Context(), args(3, 4))

	want := []struct{ method, code string }{
		{"/grpc.health.v1.Health/Check", "OK"},
		{"/proto.gRPCRouteFuncs/sum", status.Code(sumErr).String()},
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if logs.String() == "" {
		t.Fatalf("the server logged nothing for %d calls, want one line per call such as %q (see TODO(step 5) in logging.go)",
			len(want), "/grpc.health.v1.Health/Check OK 12.5µs")
	}
	if len(lines) != len(want) {
		t.Fatalf("the server logged %d lines for %d calls:\n%s\nwant one line per call (see TODO(step 5) in logging.go)",
			len(lines), len(want), logs.String())
	}
	for i, line := range lines {
		fields := strings.Fields(line)
		if len(fields) != 3 || fields[0] != want[i].method || fields[1] != want[i].code {
			t.Errorf("log line %d is %q, want %q, its status code %q and a duration, separated by spaces (see TODO(step 5) in logging.go)",
				i+1, line, want[i].method, want[i].code)
			continue
		}
		if _, err := time.ParseDuration(fields[2]); err != nil {
			t.Errorf("log line %d ends with %q, want a duration such as 12.5µs (time.Duration's String): %v (see TODO(step 5) in logging.go)",
				i+1, fields[2], err)
		}
	}
}

// requireServeStops ends the test at once, with one message, when Serve does
// not return soon after its context is canceled with no call in flight. The
// starter's Serve ignores ctx; without this check the test would only wait
// out its timeouts.
func requireServeStops(t *testing.T) {
	t.Helper()
	srv := NewGRPCServer(Options{})
	defer srv.Stop() // ends the starter's Serve, which ignores ctx
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, testkit.Listen(t)) }()
	cancel()
	select {
	case <-served:
	case <-time.After(500 * time.Millisecond):
		t.Fatalf("Serve still runs 500ms after its context was canceled, with no call in flight; want it to stop gracefully and return: watch ctx and call srv.GracefulStop (TODO(step 6) in serve.go)")
	}
}

// TestGracefulStop holds n sum calls in flight, cancels Serve's context (what
// Ctrl-C does in main) and checks that the server refuses new connections
// but still finishes all n calls before Serve returns.
func TestGracefulStop(t *testing.T) {
	requireServeStops(t)

	const n = 8
	arrived := make(chan struct{}, n)
	held := make(chan struct{})
	release := sync.OnceFunc(func() { close(held) })
	var seen atomic.Int32
	// hold keeps the first n sum calls waiting before their handler, until
	// release. Tests may add interceptors through Options.ServerOptions.
	hold := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if info.FullMethod == "/proto.gRPCRouteFuncs/sum" && seen.Add(1) <= n {
			arrived <- struct{}{}
			<-held
		}
		return handler(ctx, req)
	}
	srv := NewGRPCServer(Options{ServerOptions: []grpc.ServerOption{grpc.ChainUnaryInterceptor(hold)}})
	lis := testkit.Listen(t)
	addr := lis.Addr().String()
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, lis) }()
	t.Cleanup(func() {
		release()
		srv.Stop() // in case Serve never stopped
		cancel()
	})

	client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, addr))
	type result struct {
		got int32
		err error
	}
	results := make([]chan result, n)
	for i := range n {
		results[i] = make(chan result, 1)
		go func() {
			resp, err := client.Sum(t.Context(), args(int32(i), 100))
			results[i] <- result{resp.GetValue(), err}
		}()
	}
	for i := range n {
		select {
		case <-arrived:
		case <-time.After(5 * time.Second):
			t.Fatalf("only %d of %d sum calls reached the server within 5s", i, n)
		}
	}

	cancel()

	// Once the server is stopping, new connections are refused.
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("Serve still accepts connections 3s after its context was canceled, want it to stop gracefully (see TODO(step 6) in serve.go)")
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, err := healthgrpc.NewHealthClient(grpctest.Dial(t, addr)).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	if code := status.Code(err); code != codes.Unavailable {
		t.Errorf("a new call while stopping gave %v, want code Unavailable (see TODO(step 6) in serve.go)", err)
	}

	// Serve must wait for the calls in flight.
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) while %d calls were still running, want it to wait for them: call srv.GracefulStop and wait until it returns (see TODO(step 6) in serve.go)", err, n)
	case <-time.After(200 * time.Millisecond):
	}

	release()
	for i := range n {
		r := <-results[i]
		if r.err != nil {
			t.Errorf("sum(%d, 100), in flight during the stop, failed: %v; want it to finish (see TODO(step 6) in serve.go)", i, r.err)
		} else if r.got != int32(i)+100 {
			t.Errorf("sum(%d, 100), in flight during the stop, = %d, want %d", i, r.got, i+100)
		}
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve returned %v after a graceful stop, want nil (see TODO(step 6) in serve.go)", err)
		}
	case <-time.After(5 * time.Second):
		t.Errorf("Serve did not return within 5s after the last call finished (see TODO(step 6) in serve.go)")
	}
}
