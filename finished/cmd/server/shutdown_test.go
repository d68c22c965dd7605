package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished"
	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// TestShutdownDeadline sends SIGTERM to the server while streams that never
// end are open: health turns NOT_SERVING at once, the server cuts the
// streams off at its shutdown deadline, each ends with a status on its
// client, and the process exits 0, saying how many calls it cut.
func TestShutdownDeadline(t *testing.T) {
	const deadline = 500 * time.Millisecond
	p := start(t, exec.Command(binary(t), "-addr", "127.0.0.1:0", "-"+finished.FlagShutdownDeadline, deadline.String()))
	conn := grpctest.Dial(t, p.addr)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()

	watch, err := healthgrpc.NewHealthClient(conn).Watch(ctx, &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err)
	first, err := watch.Recv()
	require.NoError(t, err)
	require.Equal(t, healthgrpc.HealthCheckResponse_SERVING, first.GetStatus())

	// Three BidiHello calls whose client never closes its side, and a
	// LotsOfReplies a minute long: none ends by itself before the test does.
	client := hellov1.NewHelloServiceClient(conn)
	var ends []func() error
	for range 3 {
		stream, err := client.BidiHello(ctx)
		require.NoError(t, err)
		require.NoError(t, stream.Send(&hellov1.HelloRequest{Greeting: "hi"}))
		_, err = stream.Recv()
		require.NoError(t, err, "the first reply: the stream is running")
		ends = append(ends, func() error { _, err := grpctest.RecvReplies(stream.Recv); return err })
	}
	replies, err := client.LotsOfReplies(metadata.AppendToOutgoingContext(ctx, hello.RepliesKey, "60", hello.IntervalKey, "1s"), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	_, err = replies.Recv()
	require.NoError(t, err)
	ends = append(ends, func() error { _, err := grpctest.RecvReplies(replies.Recv); return err })

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	next, err := watch.Recv()
	require.NoError(t, err)
	assert.Equal(t, healthgrpc.HealthCheckResponse_NOT_SERVING, next.GetStatus(), "health, at once after SIGTERM")

	p.wait(t, deadline+5*time.Second)
	assert.NoError(t, p.err, "exit status after SIGTERM; log:\n%s", p.log.String())
	p.gone(t)
	for i, end := range ends {
		assert.Equal(t, codes.Unavailable, status.Code(end()), "call %d of %d, cut off at the deadline", i+1, len(ends))
	}
	_, err = watch.Recv()
	assert.Equal(t, codes.Unavailable, status.Code(err), "the health watch, cut off at the deadline")

	log := p.log.String()
	assert.Contains(t, log, `msg="stopping gracefully: waiting for the calls in flight (signal again to cut them off)" signal=terminated calls=5 deadline=500ms`)
	assert.Contains(t, log, `msg="shutdown deadline passed: cutting off the calls in flight" deadline=500ms calls=5`)
	assert.Contains(t, log, "msg=stopped")
}

// TestLimitFlags checks the flags of the limits: each named in a refusal's
// message is in -h with its default, and a value of zero or less is
// refused before the server starts.
func TestLimitFlags(t *testing.T) {
	code, stderr := run(t, "-h")
	require.Equal(t, 0, code)
	d := finished.DefaultLimits
	for flag, def := range map[string]any{
		finished.FlagMaxConcurrentStreams: d.MaxConcurrentStreams,
		finished.FlagMaxHeaderListSize:    d.MaxHeaderListSize,
		finished.FlagMaxRecvMsgSize:       d.MaxRecvMsgSize,
		finished.FlagMaxSendMsgSize:       d.MaxSendMsgSize,
		finished.FlagMaxGreetings:         d.MaxGreetings,
		finished.FlagMaxGreetingBytes:     d.MaxGreetingBytes,
		finished.FlagMaxReplies:           d.MaxReplies,
		finished.FlagMaxReplyTime:         d.MaxReplyTime,
		finished.FlagShutdownDeadline:     finished.DefaultShutdownDeadline,
	} {
		i := strings.Index(stderr, "  -"+flag+" ")
		if assert.GreaterOrEqual(t, i, 0, "-h lists -%s", flag) {
			usage, _, _ := strings.Cut(stderr[i:], "\n  -")
			assert.Contains(t, usage, "(default "+fmt.Sprint(def)+")", "-h: -%s", flag)
		}
	}

	for _, args := range [][]string{{"-max-greetings", "0"}, {"-max-reply-time", "-1s"}, {"-max-concurrent-streams", "5000000000"}} {
		code, stderr := run(t, args...)
		assert.Equal(t, 2, code, "%v: exit status; stderr:\n%s", args, stderr)
		assert.Contains(t, strings.SplitN(stderr, "\n", 2)[0], `invalid value "`+args[1]+`" for flag `+args[0])
		assert.NotContains(t, stderr, "listening on")
	}
}
