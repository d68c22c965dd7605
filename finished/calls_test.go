package finished

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/internal/helloclient"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// logged starts New(opts) on bufconn with a log in a buffer, and returns a
// connection and the buffer.
func logged(t *testing.T, opts Options) (*grpc.ClientConn, *grpctest.LockedBuffer) {
	t.Helper()
	var log grpctest.LockedBuffer
	opts.Logger = NewLogger(&log)
	return start(t, opts), &log
}

// lineOf waits for the log line with msg=call of method and returns it.
func lineOf(t *testing.T, log *grpctest.LockedBuffer, method string) string {
	t.Helper()
	var line string
	// A call is logged as the layer returns, which may be a moment after
	// the client has seen the end of the call.
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		for l := range strings.Lines(log.String()) {
			if strings.Contains(l, "msg=call method="+method+" ") {
				line = strings.TrimSpace(l)
				return
			}
		}
		c.Errorf("no line for %s in the log:\n%s", method, log.String())
	}, 5*time.Second, 5*time.Millisecond)
	return line
}

var madeUpID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9]+$`)

// TestRequestID follows a call's request id: the client's, or one the
// server makes up, in the log line and, when the client sent it or the
// call failed, in the response header.
func TestRequestID(t *testing.T) {
	conn, log := logged(t, Options{})
	agg := aggfuncpb.NewGRPCRouteFuncsClient(conn)
	sum := func(t *testing.T, ctx context.Context, a int32) (header metadata.MD, err error) {
		_, err = agg.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: 1}, grpc.Header(&header))
		return header, err
	}

	t.Run("sent", func(t *testing.T) {
		header, err := sum(t, metadata.AppendToOutgoingContext(t.Context(), RequestIDKey, "abc"), 1)
		require.NoError(t, err)
		assert.Equal(t, []string{"abc"}, header.Get(RequestIDKey), "the response header")
		assert.Regexp(t, `msg=call method=/proto.gRPCRouteFuncs/sum code=OK duration=\S+ request_id=abc$`, lineOf(t, log, "/proto.gRPCRouteFuncs/sum"))
	})
	t.Run("made up", func(t *testing.T) {
		conn, log := logged(t, Options{})
		var header metadata.MD
		_, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 1}, grpc.Header(&header))
		require.NoError(t, err)
		assert.Empty(t, header.Get(RequestIDKey), "a successful call without an id of the client's gets none back")
		id := strings.TrimPrefix(regexp.MustCompile(`request_id=\S+$`).FindString(lineOf(t, log, "/proto.gRPCRouteFuncs/sum")), "request_id=")
		assert.Regexp(t, madeUpID, id, "the made-up id in the log")
	})
	t.Run("failed", func(t *testing.T) {
		header, err := sum(t, t.Context(), 2147483647)
		require.Equal(t, codes.OutOfRange, status.Code(err), "2147483647 + 1: %v", err)
		require.Len(t, header.Get(RequestIDKey), 1, "a failed call gets its id back in the header")
		assert.Regexp(t, madeUpID, header.Get(RequestIDKey)[0])
		assert.Contains(t, log.String(), "code=OutOfRange duration=")
		assert.Contains(t, log.String(), "request_id="+header.Get(RequestIDKey)[0]+"\n")
	})
	t.Run("not usable", func(t *testing.T) {
		for _, bad := range []string{"has space", strings.Repeat("x", 129)} {
			header, err := sum(t, metadata.AppendToOutgoingContext(t.Context(), RequestIDKey, bad), 2147483647)
			require.Error(t, err)
			assert.Regexp(t, madeUpID, header.Get(RequestIDKey)[0], "the server replaces a client's id %q", bad)
		}
	})
	t.Run("stream", func(t *testing.T) {
		ctx := metadata.AppendToOutgoingContext(t.Context(), RequestIDKey, "stream-1")
		stream, err := hellov1.NewHelloServiceClient(conn).LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		require.NoError(t, err)
		header, err := stream.Header()
		require.NoError(t, err)
		assert.Equal(t, []string{"stream-1"}, header.Get(RequestIDKey))
		_, err = grpctest.RecvReplies(stream.Recv)
		require.NoError(t, err)
		assert.Regexp(t, `code=OK duration=\S+ request_id=stream-1$`, lineOf(t, log, "/hello.v1.HelloService/LotsOfReplies"))
	})
}

// panicky is an interceptor, unary and stream, that panics on every call
// to method, as a handler with a bug would.
func panicky(method string) []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			if info.FullMethod == method {
				panic("boom")
			}
			return h(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			if info.FullMethod == method {
				panic("boom")
			}
			return h(srv, ss)
		}),
	}
}

// TestRecover panics in a unary and in a streaming call: each answers
// INTERNAL with its request id, its stack is logged, and the server goes
// on serving.
func TestRecover(t *testing.T) {
	for _, method := range []string{"/proto.gRPCRouteFuncs/sum", "/hello.v1.HelloService/LotsOfReplies"} {
		t.Run(method, func(t *testing.T) {
			conn, log := logged(t, Options{ServerOptions: panicky(method), Quiet: true})
			ctx := metadata.AppendToOutgoingContext(t.Context(), RequestIDKey, "p-1")
			var err error
			if strings.HasSuffix(method, "/sum") {
				_, err = aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{})
			} else {
				for _, err = range helloclient.Replies(ctx, hellov1.NewHelloServiceClient(conn), "hi") {
				}
			}
			assert.Equal(t, codes.Internal, status.Code(err), "a call whose handler panics: %v", err)
			assert.Equal(t, "internal error (request id p-1): the server logged the details", status.Convert(err).Message())

			line := log.String()
			assert.Contains(t, line, `level=ERROR msg=panic method=`+method+` panic=boom stack="goroutine `)
			assert.Contains(t, line, `calls_test.go`, "the stack shows where the panic was")
			assert.Regexp(t, `request_id=p-1\n$`, line)
			assert.NotContains(t, line, "msg=call", "Quiet leaves out the line per call, not the panic")

			_, err = healthgrpc.NewHealthClient(conn).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
			assert.NoError(t, err, "the next call, after the panic")
		})
	}
}

// bytesCodec sends a []byte as it is: a request the server cannot decode.
type bytesCodec struct{}

func (bytesCodec) Marshal(v any) ([]byte, error)      { return *v.(*[]byte), nil }
func (bytesCodec) Unmarshal(data []byte, v any) error { return errors.New("no reply expected") }
func (bytesCodec) Name() string                       { return "proto" }

// TestLogRefused checks that calls refused before any handler runs are
// logged too, each with its status code.
func TestLogRefused(t *testing.T) {
	conn, log := logged(t, Options{ServerOptions: []grpc.ServerOption{grpc.MaxRecvMsgSize(64)}})

	// A truncated varint: not a protobuf message.
	garbage := []byte{0x08, 0xff}
	err := conn.Invoke(t.Context(), "/proto.gRPCRouteFuncs/sum", &garbage, new([]byte), grpc.ForceCodec(bytesCodec{}))
	assert.Equal(t, codes.Internal, status.Code(err), "an undecodable request: %v", err)
	assert.Contains(t, lineOf(t, log, "/proto.gRPCRouteFuncs/sum"), "code=Internal")

	_, err = hellov1.NewHelloServiceClient(conn).SayHello(t.Context(), &hellov1.HelloRequest{Greeting: strings.Repeat("x", 100)})
	assert.Equal(t, codes.ResourceExhausted, status.Code(err), "a request past the size limit: %v", err)
	assert.Contains(t, lineOf(t, log, "/hello.v1.HelloService/SayHello"), "code=ResourceExhausted")

	err = conn.Invoke(t.Context(), "/proto.gRPCRouteFuncs/divide", &aggfuncpb.InputArgsOfBinaryFunc{}, &aggfuncpb.ReturnValue{})
	assert.Equal(t, codes.Unimplemented, status.Code(err))
	assert.Equal(t, "unknown method divide for service proto.gRPCRouteFuncs", status.Convert(err).Message(), "grpc-go's own message")
	assert.Contains(t, lineOf(t, log, "/proto.gRPCRouteFuncs/divide"), "code=Unimplemented")

	err = conn.Invoke(t.Context(), "/no.Such/Thing", &aggfuncpb.InputArgsOfBinaryFunc{}, &aggfuncpb.ReturnValue{})
	assert.Equal(t, "unknown service no.Such", status.Convert(err).Message(), "grpc-go's own message")
	assert.Contains(t, lineOf(t, log, "/no.Such/Thing"), "code=Unimplemented")
}

// serveBuilt serves Build(flags...) on a free port, logging to log, until
// the test ends, and returns its address.
func serveBuilt(t *testing.T, log io.Writer, args ...string) string {
	t.Helper()
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	config := Flags(fs)
	require.NoError(t, fs.Parse(args))
	srv := Build(config, log)
	lis := testkit.Listen(t)
	signals, served := make(chan os.Signal, 1), make(chan error, 1)
	go func() { served <- srv.Serve(lis, signals) }()
	t.Cleanup(func() {
		signals <- syscall.SIGTERM
		assert.NoError(t, <-served, "Serve")
		assert.NoError(t, srv.Close(), "closing the log")
	})
	return lis.Addr().String()
}

// TestNotGRPC sends an HTTP/1.1 request to the server's port: it leaves a
// line in the log, and gRPC on the same port goes on working.
func TestNotGRPC(t *testing.T) {
	grpctest.NoLeaks(t, "config.go") // Close stops the log's timer
	var log grpctest.LockedBuffer
	addr := serveBuilt(t, &log)

	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = io.WriteString(c, "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, _ = io.Copy(io.Discard, c) // until grpc-go closes the connection

	_, err = healthgrpc.NewHealthClient(grpctest.Dial(t, addr)).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err)
	assert.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.Regexp(c, `level=WARN msg="not a gRPC connection" remote=127\.0\.0\.1:\d+ start="GET /index.html HTTP/1.1"\n`, log.String())
		assert.Contains(c, log.String(), "msg=call method=/grpc.health.v1.Health/Check code=OK")
	}, 5*time.Second, 10*time.Millisecond, "the log")
	assert.Equal(t, 1, strings.Count(log.String(), "not a gRPC connection"), "only the HTTP/1.1 connection is logged:\n%s", log.String())
}

// TestQuiet: with -log=false, calls leave no line; the server's own lines
// stay.
func TestQuiet(t *testing.T) {
	grpctest.NoLeaks(t, "config.go") // Close stops the log's timer
	var log grpctest.LockedBuffer
	addr := serveBuilt(t, &log, "-log=false")
	_, err := healthgrpc.NewHealthClient(grpctest.Dial(t, addr)).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err)
	// Shorter than HTTP/2's preface: grpc-go would wait for the rest, but
	// the first byte tells already.
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	require.NoError(t, err)
	assert.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.Contains(c, log.String(), "not a gRPC connection")
	}, 5*time.Second, 10*time.Millisecond)
	assert.NotContains(t, log.String(), "msg=call")
}

// TestLogWriter: lines wait in the buffer, and none is lost: Flush, the
// timer and Close each write them out.
func TestLogWriter(t *testing.T) {
	grpctest.NoLeaks(t, "logging.go") // Close stops the log's timer
	var out grpctest.LockedBuffer
	lw := NewLogWriter(&out)
	logger := slog.New(slog.NewTextHandler(lw, nil))
	logger.Info("one")
	assert.Eventually(t, func() bool { return strings.Contains(out.String(), "msg=one") }, 5*time.Second, time.Millisecond, "the timer writes the line out")
	for range 10000 {
		logger.Info("many")
	}
	logger.Info("last")
	require.NoError(t, lw.Close())
	assert.Equal(t, 10002, strings.Count(out.String(), "\n"), "lines written out by Close")
	assert.True(t, strings.HasSuffix(out.String(), "msg=last\n"))
}
