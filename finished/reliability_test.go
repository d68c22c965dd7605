package finished

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/experimental"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// The reliability suite: the finished server tried as a careless or hostile
// client would try it, on loopback. Each test is bounded in count and time,
// and stops what it starts. The limits it checks are in limits.go, the
// shutdown in serve.go; docs/limits.md lists them for the reader.

const MiB = 1 << 20

// serveTCP serves New(opts) on a loopback port until the test ends, and
// returns its address.
func serveTCP(t *testing.T, opts Options) string {
	t.Helper()
	return grpctest.Start(t, New(opts))
}

// testLogger returns a logger that writes to a buffer the test reads.
func testLogger() (*slog.Logger, *grpctest.LockedBuffer) {
	var log grpctest.LockedBuffer
	return slog.New(slog.NewTextHandler(&log, nil)), &log
}

// stillServes checks that the server at conn still answers: health says
// SERVING and SayHello works.
func stillServes(t *testing.T, conn *grpc.ClientConn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	resp, err := healthgrpc.NewHealthClient(conn).Check(ctx, &healthgrpc.HealthCheckRequest{})
	if assert.NoError(t, err, "health check after the abuse") {
		assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus())
	}
	_, err = hellov1.NewHelloServiceClient(conn).SayHello(ctx, &hellov1.HelloRequest{Greeting: "still there?"})
	assert.NoError(t, err, "SayHello after the abuse")
}

// heapPeak samples the heap (runtime.MemStats.HeapAlloc, live and garbage
// not yet collected: what the process holds) every few milliseconds until
// stop is called, which returns the highest sample.
func heapPeak() (stop func() uint64) {
	done, result := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				result <- peak
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); return <-result }
}

// TestGreetingsLimit streams 200 MB of greetings, 64 KiB at a time, into
// LotsOfGreetings and BidiHello in mode all, which keep every greeting until
// the client closes its side. The server must refuse with
// RESOURCE_EXHAUSTED long before, at MaxGreetingBytes (1 MiB), and the
// process (client and server both) stay under 300 MiB; it must log the
// refusal and go on serving. The client stops at the refusal: it never
// sends 200 MB, nor holds them.
func TestGreetingsLimit(t *testing.T) {
	grpctest.NoLeaks(t, "limits.go")
	logger, log := testLogger()
	conn := grpctest.Dial(t, serveTCP(t, Options{Logger: logger}))
	client := hellov1.NewHelloServiceClient(conn)
	const total, chunk = 200_000_000, 64 << 10
	greeting := strings.Repeat("g", chunk)
	const bound = 300 * MiB

	// send sends greetings on stream until the server refuses, and returns
	// how many bytes went out.
	send := func(t *testing.T, stream interface {
		Send(*hellov1.HelloRequest) error
	}) int {
		sent := 0
		for sent < total {
			if err := stream.Send(&hellov1.HelloRequest{Greeting: greeting}); err != nil {
				require.ErrorIs(t, err, io.EOF, "Send fails with io.EOF once the server has ended the call")
				break
			}
			sent += chunk
		}
		return sent
	}
	check := func(t *testing.T, method string, sent int, err error, peak uint64) {
		t.Helper()
		assert.Less(t, sent, total, "the server must refuse before 200 MB")
		assert.Equal(t, codes.ResourceExhausted, status.Code(err), "%v", err)
		assert.Contains(t, status.Convert(err).Message(), "more than 1048576 bytes of greetings in one call (the server's limit MaxGreetingBytes, flag -max-greeting-bytes)")
		assert.Less(t, peak, uint64(bound), "heap peak %d MiB, want under %d MiB", peak/MiB, bound/MiB)
		t.Logf("%s: refused after %d KiB sent; heap peak %d MiB", method, sent>>10, peak/MiB)
		assert.EventuallyWithT(t, func(c *assert.CollectT) {
			assert.Contains(c, log.String(), `level=WARN msg="limit reached" method=`+method+" limit=MaxGreetingBytes flag=-max-greeting-bytes max=1048576")
		}, 5*time.Second, 10*time.Millisecond)
		stillServes(t, conn)
	}

	t.Run("LotsOfGreetings", func(t *testing.T) {
		peak := heapPeak()
		stream, err := client.LotsOfGreetings(t.Context())
		require.NoError(t, err)
		sent := send(t, stream)
		_, err = stream.CloseAndRecv()
		check(t, hellov1.HelloService_LotsOfGreetings_FullMethodName, sent, err, peak())
	})
	t.Run("BidiHello all", func(t *testing.T) {
		peak := heapPeak()
		stream, err := client.BidiHello(metadata.AppendToOutgoingContext(t.Context(), hello.ModeKey, hello.ModeAll))
		require.NoError(t, err)
		sent := send(t, stream)
		_, err = stream.Recv()
		check(t, hellov1.HelloService_BidiHello_FullMethodName, sent, err, peak())
	})
}

// TestGreetingsCount sends more greetings than MaxGreetings (set low, so
// the test is quick), each tiny: the count is a limit of its own.
func TestGreetingsCount(t *testing.T) {
	logger, log := testLogger()
	conn := grpctest.Dial(t, serveTCP(t, Options{Logger: logger, Limits: Limits{MaxGreetings: 50}}))
	client := hellov1.NewHelloServiceClient(conn)

	// 50 are fine.
	stream, err := client.LotsOfGreetings(t.Context())
	require.NoError(t, err)
	for range 50 {
		require.NoError(t, stream.Send(&hellov1.HelloRequest{Greeting: "hi"}))
	}
	_, err = stream.CloseAndRecv()
	require.NoError(t, err, "50 greetings, the limit")

	// 51 are not, in either mode of BidiHello either.
	for _, mode := range []string{hello.ModeEach, hello.ModeAll} {
		stream, err := client.BidiHello(metadata.AppendToOutgoingContext(t.Context(), hello.ModeKey, mode))
		require.NoError(t, err)
		go func() {
			for range 51 {
				if stream.Send(&hellov1.HelloRequest{Greeting: "hi"}) != nil {
					return
				}
			}
			stream.CloseSend()
		}()
		_, err = grpctest.RecvReplies(stream.Recv)
		assert.Equal(t, codes.ResourceExhausted, status.Code(err), "51 greetings in mode %s: %v", mode, err)
		assert.Contains(t, status.Convert(err).Message(), "more than 50 greetings in one call (the server's limit MaxGreetings, flag -max-greetings)")
	}
	assert.Contains(t, log.String(), `level=WARN msg="limit reached" method=/hello.v1.HelloService/BidiHello limit=MaxGreetings flag=-max-greetings max=50`)
	stillServes(t, conn)
}

// TestRepliesLimit asks LotsOfReplies for more work than the limits allow:
// a million replies to one 4-byte request, and replies whose pauses add up
// past MaxReplyTime. Each is refused before the first reply, not after 44
// MB of them.
func TestRepliesLimit(t *testing.T) {
	logger, log := testLogger()
	conn := grpctest.Dial(t, serveTCP(t, Options{Logger: logger}))
	client := hellov1.NewHelloServiceClient(conn)
	tests := []struct {
		replies, interval string
		code              codes.Code
		message, logLine  string
	}{
		{"1000000", "0s", codes.ResourceExhausted,
			"metadata hello-replies: 1000000 replies is more than this server sends in one call, 10000 (the server's limit MaxReplies, flag -max-replies)",
			`level=WARN msg="limit reached" method=/hello.v1.HelloService/LotsOfReplies limit=MaxReplies flag=-max-replies max=10000`},
		{"1000", "1s", codes.ResourceExhausted,
			"metadata hello-replies × hello-interval: 1000 replies 1s apart take 16m40s, longer than this server spends on one call, 1m0s (the server's limit MaxReplyTime, flag -max-reply-time)",
			`level=WARN msg="limit reached" method=/hello.v1.HelloService/LotsOfReplies limit=MaxReplyTime flag=-max-reply-time max=1m0s`},
		// Not a number: the handler's INVALID_ARGUMENT, as before.
		{"lots", "0s", codes.InvalidArgument, `metadata hello-replies: "lots" is not a number from 1 to 1000000`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.replies+"x"+tt.interval, func(t *testing.T) {
			ctx := metadata.AppendToOutgoingContext(t.Context(), hello.RepliesKey, tt.replies, hello.IntervalKey, tt.interval)
			stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
			require.NoError(t, err)
			replies, err := grpctest.RecvReplies(stream.Recv)
			assert.Empty(t, replies, "replies before the refusal")
			assert.Equal(t, tt.code, status.Code(err), "%v", err)
			assert.Equal(t, tt.message, status.Convert(err).Message())
			if tt.logLine != "" {
				assert.Contains(t, log.String(), tt.logLine)
			}
		})
	}
	// The limit itself is allowed: 10,000 replies, no pause.
	ctx := metadata.AppendToOutgoingContext(t.Context(), hello.RepliesKey, "10000")
	stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	replies, err := grpctest.RecvReplies(stream.Recv)
	assert.NoError(t, err)
	assert.Len(t, replies, 10_000)
	stillServes(t, conn)
}

// TestMessageLimits sends a message past MaxRecvMsgSize and makes the
// server send one past MaxSendMsgSize: grpc-go refuses both with
// RESOURCE_EXHAUSTED, and the server goes on.
func TestMessageLimits(t *testing.T) {
	conn := grpctest.Dial(t, serveTCP(t, Options{Limits: Limits{MaxSendMsgSize: 1000}}))
	client := hellov1.NewHelloServiceClient(conn)

	_, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: strings.Repeat("x", 5*MiB)})
	assert.Equal(t, codes.ResourceExhausted, status.Code(err), "a 5 MiB greeting: %v", err)
	assert.Contains(t, status.Convert(err).Message(), "larger than max (5242885 vs. 4194304)")

	// LotsOfGreetings' one reply holds every greeting: 3 of 400 bytes make
	// a reply past 1000 bytes.
	stream, err := client.LotsOfGreetings(t.Context())
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, stream.Send(&hellov1.HelloRequest{Greeting: strings.Repeat("y", 400)}))
	}
	_, err = stream.CloseAndRecv()
	assert.Equal(t, codes.ResourceExhausted, status.Code(err), "a reply of 1.2 kB past a MaxSendMsgSize of 1000: %v", err)
	assert.Contains(t, status.Convert(err).Message(), "larger than max")
	stillServes(t, conn)
}

// TestHeaderListLimit sends metadata past MaxHeaderListSize. A grpc-go
// client knows the limit from the server's settings and fails the call
// itself, with INTERNAL (raw HTTP/2 in TestHTTP2Limits shows that the server
// refuses it too).
func TestHeaderListLimit(t *testing.T) {
	conn := grpctest.Dial(t, serveTCP(t, Options{}))
	stillServes(t, conn) // the connection is up: the client has the server's settings
	ctx := metadata.AppendToOutgoingContext(t.Context(), "big", strings.Repeat("h", 20<<10))
	_, err := hellov1.NewHelloServiceClient(conn).SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	assert.Equal(t, codes.Internal, status.Code(err), "20 KiB of metadata: %v", err)
	assert.Contains(t, status.Convert(err).Message(), "header list size to send violates the maximum size (16384 bytes) set by server")
	stillServes(t, conn)
}

// TestHTTP2Limits speaks HTTP/2 by hand, as a client that ignores the
// server's settings would: the server announces MaxConcurrentStreams and
// MaxHeaderListSize in its SETTINGS, refuses the stream past the first
// (REFUSED_STREAM) and resets one whose headers are too large.
func TestHTTP2Limits(t *testing.T) {
	addr := serveTCP(t, Options{})

	// dial opens a raw HTTP/2 connection and returns its framer and the
	// server's first SETTINGS.
	dial := func(t *testing.T) (*http2.Framer, *http2.SettingsFrame) {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
		_, err = io.WriteString(c, http2.ClientPreface)
		require.NoError(t, err)
		fr := http2.NewFramer(c, c)
		require.NoError(t, fr.WriteSettings())
		f, err := fr.ReadFrame()
		require.NoError(t, err)
		settings, ok := f.(*http2.SettingsFrame)
		require.True(t, ok, "the server's first frame is %v, want SETTINGS", f)
		require.NoError(t, fr.WriteSettingsAck())
		return fr, settings
	}
	// open starts a BidiHello stream that never ends: the client never
	// closes its side.
	open := func(t *testing.T, fr *http2.Framer, id uint32, extra ...string) {
		var block bytes.Buffer
		enc := hpack.NewEncoder(&block)
		fields := []string{":method", "POST", ":scheme", "http", ":path", hellov1.HelloService_BidiHello_FullMethodName,
			":authority", addr, "content-type", "application/grpc", "te", "trailers"}
		for i := 0; i < len(fields); i += 2 {
			require.NoError(t, enc.WriteField(hpack.HeaderField{Name: fields[i], Value: fields[i+1]}))
		}
		for i := 0; i < len(extra); i += 2 {
			require.NoError(t, enc.WriteField(hpack.HeaderField{Name: extra[i], Value: extra[i+1], Sensitive: true}))
		}
		// Frames of at most 16 KiB, HTTP/2's default: the rest goes in
		// CONTINUATION frames.
		b := block.Bytes()
		first := b[:min(len(b), 16<<10)]
		b = b[len(first):]
		require.NoError(t, fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: first, EndHeaders: len(b) == 0}))
		for len(b) > 0 {
			part := b[:min(len(b), 16<<10)]
			b = b[len(part):]
			require.NoError(t, fr.WriteContinuation(id, len(b) == 0, part))
		}
	}
	// reset reads frames until the server resets stream id, and returns
	// the reset's code.
	reset := func(t *testing.T, fr *http2.Framer, id uint32) http2.ErrCode {
		for {
			f, err := fr.ReadFrame()
			require.NoError(t, err, "waiting for RST_STREAM on stream %d", id)
			if rst, ok := f.(*http2.RSTStreamFrame); ok && rst.StreamID == id {
				return rst.ErrCode
			}
		}
	}

	t.Run("MaxConcurrentStreams", func(t *testing.T) {
		fr, settings := dial(t)
		n, ok := settings.Value(http2.SettingMaxConcurrentStreams)
		assert.True(t, ok, "the server must announce SETTINGS_MAX_CONCURRENT_STREAMS")
		assert.Equal(t, uint32(100), n)
		// Client streams have odd ids: 1, 3, ... 199 are the first 100.
		for i := range uint32(101) {
			open(t, fr, 2*i+1)
		}
		assert.Equal(t, http2.ErrCodeRefusedStream, reset(t, fr, 201), "stream 101 of one connection")
	})
	t.Run("MaxHeaderListSize", func(t *testing.T) {
		fr, settings := dial(t)
		n, ok := settings.Value(http2.SettingMaxHeaderListSize)
		assert.True(t, ok, "the server must announce SETTINGS_MAX_HEADER_LIST_SIZE")
		assert.Equal(t, uint32(16<<10), n)
		// Four of 5 KiB: 20 KiB in all. (One header larger than the whole
		// limit is an error of the connection, not just of the stream:
		// the server closes it.)
		big := strings.Repeat("h", 5<<10)
		open(t, fr, 1, "big-1", big, "big-2", big, "big-3", big, "big-4", big)
		assert.Equal(t, http2.ErrCodeFrameSize, reset(t, fr, 1), "a stream with 20 KiB of headers")
	})
	stillServes(t, grpctest.Dial(t, addr))
}

// TestSlowReaders opens 200 LotsOfReplies streams on two connections, each
// asking for 10,000 replies of 64 KiB (640 MB a stream), and never reads
// one. HTTP/2's flow control stops each stream after its window: the
// server's Send blocks, and the server buffers nothing of its own, so the
// heap stays bounded. Meanwhile a health check on another connection
// answers SERVING.
func TestSlowReaders(t *testing.T) {
	grpctest.NoLeaks(t, "limits.go")
	addr := serveTCP(t, Options{})
	const conns, perConn = 2, 100 // 100 is MaxConcurrentStreams
	// The bound, for client and server together: 256 MiB. Each stream
	// holds its request, the replies in the client's window (64 KiB, fixed
	// below) and in the server's write quota (64 KiB), and a reply or two
	// being made, each in a buffer at most twice its size: about 0.7 MiB a
	// stream, 140 MiB in all (165 MiB for a moment under -race). With
	// grpc-go's default buffers (a 1 MiB buffer for each 64 KiB message)
	// the same streams held 840 MiB; a server that queued its replies would
	// hold 640 MB a stream.
	const bound = 256 * MiB

	before := testkit.HeapAlloc()
	ctx, cancel := context.WithCancel(t.Context())
	greeting := strings.Repeat("r", 64<<10)
	md := metadata.AppendToOutgoingContext(ctx, hello.RepliesKey, "10000")
	var streams []grpc.ServerStreamingClient[hellov1.HelloResponse]
	for range conns {
		// A fixed window: without it grpc-go's client grows its window as
		// data comes, and the test would measure the client's buffers.
		// And the server's codec and buffers, which keep a message in at
		// most twice its size (see bufferPool): with grpc-go's default, a
		// client keeps each 64 KiB request in a 1 MiB buffer.
		conn := grpctest.Dial(t, addr, grpc.WithInitialWindowSize(64<<10), grpc.WithInitialConnWindowSize(1<<20),
			experimental.WithBufferPool(bufferPool), grpc.WithDefaultCallOptions(grpc.ForceCodecV2(pooledProto{})))
		client := hellov1.NewHelloServiceClient(conn)
		for range perConn {
			stream, err := client.LotsOfReplies(md, &hellov1.HelloRequest{Greeting: greeting})
			require.NoError(t, err)
			streams = append(streams, stream)
		}
	}
	// Let the replies fill every window, then measure twice: the heap must
	// stay under the bound, not climb.
	for i := range 2 {
		time.Sleep(250 * time.Millisecond)
		held := int64(testkit.HeapAlloc()) - int64(before)
		t.Logf("after %v: %d streams that never read hold %d MiB", time.Duration(i+1)*250*time.Millisecond, len(streams), held/MiB)
		assert.Less(t, held, int64(bound), "heap grown by %d MiB with %d streams that never read, want under %d MiB", held/MiB, len(streams), bound/MiB)
	}

	health := healthgrpc.NewHealthClient(grpctest.Dial(t, addr))
	hctx, hcancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer hcancel()
	resp, err := health.Check(hctx, &healthgrpc.HealthCheckRequest{})
	if assert.NoError(t, err, "health check while 200 streams are stalled") {
		assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus())
	}

	// The streams still work: a reader now gets its first reply.
	reply, err := streams[0].Recv()
	if assert.NoError(t, err) {
		assert.Equal(t, hello.Numbered(1, 10_000, greeting), reply.GetReply())
	}
	cancel()
	for _, s := range streams {
		_, err := grpctest.RecvReplies(s.Recv)
		assert.Equal(t, codes.Canceled, status.Code(err))
	}
}

// TestShutdownDeadline stops a server with never-ending streams in flight:
// health turns NOT_SERVING at once, and after the shutdown deadline Serve
// cuts the streams off; each ends with a status on its client, and the log
// says how many calls were cut.
func TestShutdownDeadline(t *testing.T) {
	grpctest.NoLeaks(t, "serve.go")
	logger, log := testLogger()
	const deadline = 300 * time.Millisecond
	srv := New(Options{Logger: logger, ShutdownDeadline: deadline})
	lis := testkit.Listen(t)
	signals, served := make(chan os.Signal, 1), make(chan error, 1)
	go func() { served <- Serve(srv, lis, signals, logger) }()
	conn := grpctest.Dial(t, lis.Addr().String())

	// A health watcher, as a load balancer keeps, and three streams that
	// never end: BidiHello calls whose client never closes its side.
	watch, err := healthgrpc.NewHealthClient(conn).Watch(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err)
	first, err := watch.Recv()
	require.NoError(t, err)
	require.Equal(t, healthgrpc.HealthCheckResponse_SERVING, first.GetStatus())
	client := hellov1.NewHelloServiceClient(conn)
	var streams []hellov1.HelloService_BidiHelloClient
	for range 3 {
		stream, err := client.BidiHello(t.Context())
		require.NoError(t, err)
		require.NoError(t, stream.Send(&hellov1.HelloRequest{Greeting: "hi"}))
		_, err = stream.Recv()
		require.NoError(t, err, "the first reply: the stream is running")
		streams = append(streams, stream)
	}

	start := time.Now()
	signals <- syscall.SIGTERM
	next, err := watch.Recv()
	require.NoError(t, err)
	assert.Equal(t, healthgrpc.HealthCheckResponse_NOT_SERVING, next.GetStatus(), "health, at once after the signal")

	select {
	case err := <-served:
		assert.NoError(t, err, "Serve")
	case <-time.After(deadline + 5*time.Second):
		srv.Stop()
		t.Fatalf("Serve has not returned %v after the signal, with a shutdown deadline of %v", deadline+5*time.Second, deadline)
	}
	took := time.Since(start)
	assert.GreaterOrEqual(t, took, deadline, "Serve returned before the deadline: it did not wait for the calls in flight")
	for i, s := range streams {
		_, err := grpctest.RecvReplies(s.Recv)
		assert.Equal(t, codes.Unavailable, status.Code(err), "stream %d, cut off at the deadline: %v", i+1, err)
	}
	_, err = watch.Recv()
	assert.Equal(t, codes.Unavailable, status.Code(err), "the health watch, cut off at the deadline: %v", err)
	assert.Contains(t, log.String(), `msg="stopping gracefully: waiting for the calls in flight (signal again to cut them off)" signal=terminated calls=4 deadline=300ms`)
	assert.Contains(t, log.String(), `msg="shutdown deadline passed: cutting off the calls in flight" deadline=300ms calls=4`)
}

// TestShutdownWithoutStragglers: calls that end before the deadline are not
// cut, and Serve returns as soon as they have.
func TestShutdownWithoutStragglers(t *testing.T) {
	logger, log := testLogger()
	srv := New(Options{Logger: logger, ShutdownDeadline: time.Minute})
	lis := testkit.Listen(t)
	signals, served := make(chan os.Signal, 1), make(chan error, 1)
	go func() { served <- Serve(srv, lis, signals, logger) }()
	t.Cleanup(func() { srv.Stop() })
	client := hellov1.NewHelloServiceClient(grpctest.Dial(t, lis.Addr().String()))
	ctx := metadata.AppendToOutgoingContext(t.Context(), hello.RepliesKey, "3", hello.IntervalKey, "100ms")
	stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	_, err = stream.Recv()
	require.NoError(t, err)

	signals <- syscall.SIGTERM
	replies, err := grpctest.RecvReplies(stream.Recv)
	assert.NoError(t, err)
	assert.Len(t, replies, 2)
	select {
	case err := <-served:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Serve has not returned 5s after its last call ended")
	}
	assert.NotContains(t, log.String(), "cutting off")
}

// TestLimitsDefaults pins the defaults docs/limits.md lists, and that a
// zero field means its default while a set one stays.
func TestLimitsDefaults(t *testing.T) {
	assert.Equal(t, Limits{
		MaxConcurrentStreams: 100,
		MaxHeaderListSize:    16384,
		MaxRecvMsgSize:       4 * MiB,
		MaxSendMsgSize:       4 * MiB,
		MaxGreetings:         10_000,
		MaxGreetingBytes:     MiB,
		MaxReplies:           10_000,
		MaxReplyTime:         time.Minute,
	}, Limits{}.withDefaults())
	assert.Equal(t, 7, Limits{MaxGreetings: 7}.withDefaults().MaxGreetings)
	assert.Equal(t, 10*time.Second, DefaultShutdownDeadline)
	var le limitError
	err := DefaultLimits.checkReplies(10_001, 0)
	assert.True(t, errors.As(err, &le), "%T", err)
	assert.Equal(t, fmt.Sprint(le.max), "10000")
	assert.NoError(t, DefaultLimits.checkReplies(60, time.Second), "60 replies a second apart: a minute, the limit")
}

// rawCodec sends and reads the bytes of a []byte as they are: a client
// that sends what no proto decodes.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(*v.(*[]byte))}, nil
}
func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*[]byte) = data.Materialize()
	return nil
}
func (rawCodec) Name() string { return "proto" }

// TestEveryCallLogged makes calls that end every way: OK, a panic in a
// unary and in a streaming handler (INTERNAL, and the server lives: the
// next call succeeds), refused before any handler runs (too large,
// undecodable, unknown method), refused by a limit; and sends HTTP/1.1 to
// the gRPC port. The log has a line for every call, with its code, and
// one for the connection that was not gRPC.
func TestEveryCallLogged(t *testing.T) {
	logger, log := testLogger()
	// A handler that panics: any call with the metadata x-test-panic. The
	// interceptors of ServerOptions run inside the recovery.
	panics := func(ctx context.Context) {
		if len(metadata.ValueFromIncomingContext(ctx, "x-test-panic")) > 0 {
			panic("the test asked for it")
		}
	}
	srv := New(Options{Logger: logger, ServerOptions: []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			panics(ctx)
			return h(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			panics(ss.Context())
			return h(srv, ss)
		}),
	}})
	lis := testkit.Listen(t)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(LogNonGRPC(lis, logger)) }()
	t.Cleanup(func() {
		srv.Stop()
		<-served
	})
	conn := grpctest.Dial(t, lis.Addr().String())
	client := hellov1.NewHelloServiceClient(conn)
	ctx := t.Context()
	panicking := metadata.AppendToOutgoingContext(ctx, "x-test-panic", "1")

	sayHello := func(ctx context.Context, greeting string) error {
		_, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: greeting})
		return err
	}
	replies := func(ctx context.Context) error {
		stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		if err != nil {
			return err
		}
		_, err = grpctest.RecvReplies(stream.Recv)
		return err
	}
	calls := []struct {
		name   string
		call   func() error
		code   codes.Code
		method string
	}{
		{"ok", func() error { return sayHello(ctx, "hi") }, codes.OK, "SayHello"},
		{"unary panic", func() error { return sayHello(panicking, "hi") }, codes.Internal, "SayHello"},
		{"the next call", func() error { return sayHello(ctx, "hi") }, codes.OK, "SayHello"},
		{"stream panic", func() error { return replies(panicking) }, codes.Internal, "LotsOfReplies"},
		{"the next stream", func() error { return replies(ctx) }, codes.OK, "LotsOfReplies"},
		{"too large", func() error { return sayHello(ctx, strings.Repeat("x", 5*MiB)) }, codes.ResourceExhausted, "SayHello"},
		{"undecodable", func() error {
			in, out := []byte{0x0a, 0xff}, []byte(nil) // field 1, 255 bytes long, which never come
			return conn.Invoke(ctx, hellov1.HelloService_SayHello_FullMethodName, &in, &out, grpc.ForceCodecV2(rawCodec{}))
		}, codes.Internal, "SayHello"},
		{"unknown method", func() error {
			return conn.Invoke(ctx, "/hello.v1.HelloService/SayGoodbye", &hellov1.HelloRequest{}, &hellov1.HelloResponse{})
		}, codes.Unimplemented, "SayGoodbye"},
		{"a limit", func() error {
			return replies(metadata.AppendToOutgoingContext(ctx, hello.RepliesKey, "1000000"))
		}, codes.ResourceExhausted, "LotsOfReplies"},
	}
	var want []string
	for _, c := range calls {
		err := c.call()
		assert.Equal(t, c.code, status.Code(err), "%s: %v", c.name, err)
		want = append(want, "method=/hello.v1.HelloService/"+c.method+" code="+c.code.String())
	}

	// HTTP/1.1 to the gRPC port: grpc-go closes the connection.
	c, err := net.Dial("tcp", lis.Addr().String())
	require.NoError(t, err)
	_, err = io.WriteString(c, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
	require.NoError(t, err)
	_, _ = io.ReadAll(c)
	c.Close()

	// A call is logged as the server finishes it, which may be a moment
	// after the client has seen its end, so the next call's line can come
	// first: every call has its line, in some order.
	assert.EventuallyWithT(t, func(c *assert.CollectT) {
		var got []string
		for line := range strings.Lines(log.String()) {
			if _, rest, ok := strings.Cut(line, " msg=call "); ok {
				method, _, _ := strings.Cut(rest, " duration=")
				got = append(got, method)
			}
		}
		assert.ElementsMatch(c, want, got, "one line per call")
		assert.Contains(c, log.String(), `msg="not a gRPC connection"`)
		assert.Contains(c, log.String(), `start="GET / HTTP/1.1"`)
	}, 5*time.Second, 10*time.Millisecond, "the log:\n%s", log.String())
	assert.Equal(t, 2, strings.Count(log.String(), "level=ERROR msg=panic"), "a line for each panic, with its stack")
	stillServes(t, conn)
}
