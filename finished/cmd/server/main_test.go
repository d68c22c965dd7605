package main

import (
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding/gzip"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/hello"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

func TestFlags(t *testing.T) {
	code, stderr := run(t, "-h")
	assert.Equal(t, 0, code, "-h: exit status")
	for _, want := range []string{"-addr string", `(default "localhost:50051")`, "-reflection", "(default true)"} {
		assert.Contains(t, stderr, want, "-h prints the flags")
	}

	tests := []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"extra"}, 2, `server: unexpected argument "extra": the server takes only flags`},
		{[]string{"-port", "1"}, 2, "flag provided but not defined: -port"},
		{[]string{"-addr", "50051"}, 1, `cannot listen on "50051": want host:port, such as localhost:50051, or 127.0.0.1:0 for any free port`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stderr := run(t, tt.args...)
			assert.Equal(t, tt.wantCode, code, "exit status; stderr:\n%s", stderr)
			assert.Equal(t, tt.want, strings.SplitN(stderr, "\n", 2)[0], "the first line of stderr")
			assert.NotContains(t, stderr, "listening on")
		})
	}
}

// TestServes starts the server, checks its first line and its log, and the
// -reflection flag.
func TestServes(t *testing.T) {
	p := start(t, exec.Command(binary(t), "-addr", "127.0.0.1:0"))
	// start has read the first line; check it was exactly that.
	assert.Regexp(t, `^127\.0\.0\.1:\d+$`, p.addr)

	conn := grpctest.Dial(t, p.addr)
	resp, err := healthgrpc.NewHealthClient(conn).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err, "health check")
	assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus())
	assert.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.Contains(c, p.log.String(), "level=INFO msg=call method=/grpc.health.v1.Health/Check code=OK duration=")
	}, 5*time.Second, 10*time.Millisecond, "the log line of the health check")

	// A client that compresses with gzip (lesson 15) is answered: the
	// server registers the compressor (the import in finished/server.go).
	sum, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4}, grpc.UseCompressor(gzip.Name))
	require.NoError(t, err, "a gzip-compressed sum")
	assert.Equal(t, int32(7), sum.GetValue())

	for _, reflection := range []bool{true, false} {
		t.Run(fmt.Sprintf("-reflection=%v", reflection), func(t *testing.T) {
			p := start(t, exec.Command(binary(t), "-addr", "127.0.0.1:0", fmt.Sprintf("-reflection=%v", reflection)))
			_, err := grpctest.ListServices(t.Context(), grpctest.Dial(t, p.addr))
			want := codes.OK
			if !reflection {
				want = codes.Unimplemented
			}
			assert.Equal(t, want, status.Code(err), "listing the services: %v", err)
		})
	}
}

// busyAddr returns the address of a port the test holds, and the address
// the busy-port message suggests instead (the next port), which is free.
func busyAddr(t *testing.T) (busy, next string) {
	t.Helper()
	for range 10 {
		lis := testkit.Listen(t)
		port := lis.Addr().(*net.TCPAddr).Port
		next = "127.0.0.1:" + strconv.Itoa(port+1)
		if l, err := net.Listen("tcp", next); err == nil {
			l.Close()
			return lis.Addr().String(), next
		}
	}
	t.Fatal("found no free port next to a free port in 10 tries")
	return "", ""
}

// TestBusyPort checks the one line a server prints when its port is taken,
// and that its advice works as printed: the binary's -addr, and Task's
// ADDR= through `go tool task serve`.
func TestBusyPort(t *testing.T) {
	busy, next := busyAddr(t)
	want := busy + " is already in use (another server still running?): stop it, or pick another address: -addr " + next + " (go tool task serve ADDR=" + next + ")\n"

	t.Run("-addr", func(t *testing.T) {
		code, stderr := run(t, "-addr", busy)
		assert.Equal(t, 1, code, "exit status")
		assert.Equal(t, want, stderr)
		p := start(t, exec.Command(binary(t), "-addr", next))
		assert.Equal(t, next, p.addr, "the server started as the message says")
	})

	t.Run("go tool task serve ADDR=", func(t *testing.T) {
		if testing.Short() {
			t.Skip("runs go tool task; skipped with -short")
		}
		cmd := exec.Command("go", "tool", "task", "serve", "ADDR="+busy)
		cmd.Dir = root(t)
		out, err := cmd.CombinedOutput()
		assert.Error(t, err, "go tool task serve on a busy port must fail")
		assert.Contains(t, string(out), want, "go tool task serve ADDR=%s printed:\n%s", busy, out)

		// As printed; and Ctrl-C in a terminal, which signals every process
		// of the command (its process group), stops it all.
		cmd = exec.Command("go", "tool", "task", "serve", "ADDR="+next)
		cmd.Dir = root(t)
		p := start(t, cmd)
		assert.Equal(t, next, p.addr, "the server started as the message says")
		require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
		p.wait(t, 10*time.Second)
		p.gone(t)
		assert.Contains(t, p.log.String(), "msg=stopped", "the server's log after Ctrl-C")
	})
}

// repliesInFlight starts a LotsOfReplies call of five replies, 200ms apart
// (0.8s in all), reads the first, and returns the rest once the call ends.
func repliesInFlight(t *testing.T, addr string) (rest func() ([]string, error)) {
	t.Helper()
	client := hellov1.NewHelloServiceClient(grpctest.Dial(t, addr))
	ctx := metadata.AppendToOutgoingContext(t.Context(), hello.RepliesKey, "5", hello.IntervalKey, "200ms")
	stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	_, err = stream.Recv()
	require.NoError(t, err, "the first reply")
	return func() ([]string, error) { return grpctest.RecvReplies(stream.Recv) }
}

// TestSIGTERM sends SIGTERM, as `kill`, docker, systemd and Kubernetes do,
// while a stream is in flight: the server lets it finish, then exits 0.
func TestSIGTERM(t *testing.T) {
	p := start(t, exec.Command(binary(t), "-addr", "127.0.0.1:0"))
	rest := repliesInFlight(t, p.addr)

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	replies, err := rest()
	assert.NoError(t, err, "the stream in flight must end with OK")
	assert.Len(t, replies, 4, "replies after SIGTERM: a graceful stop lets the calls in flight finish")
	p.wait(t, 5*time.Second)
	assert.NoError(t, p.err, "exit status after SIGTERM; log:\n%s", p.log.String())
	p.gone(t)

	lines := strings.Split(strings.TrimSpace(p.log.String()), "\n")
	require.GreaterOrEqual(t, len(lines), 3, "the log after SIGTERM:\n%s", p.log.String())
	assert.Contains(t, lines[len(lines)-3], `msg="stopping gracefully`)
	assert.Contains(t, lines[len(lines)-2], "msg=call method=/hello.v1.HelloService/LotsOfReplies code=OK")
	assert.Contains(t, lines[len(lines)-1], "msg=stopped")
}

// TestGoToolServer runs the server as `go tool server` and sends SIGTERM to
// the go command, as `kill` of the command a user started does: the server
// must stop gracefully, and nothing be left listening. (The same SIGTERM
// sent to `go tool task serve` is lost: Task keeps it to itself, and the
// server never hears of it; see the README.)
func TestGoToolServer(t *testing.T) {
	cmd := exec.Command("go", "tool", "server", "-addr", "127.0.0.1:0")
	cmd.Dir = root(t)
	p := start(t, cmd)
	rest := repliesInFlight(t, p.addr)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	replies, err := rest()
	assert.NoError(t, err, "the stream in flight must end with OK")
	assert.Len(t, replies, 4, "replies after SIGTERM")
	p.wait(t, 10*time.Second)
	assert.NoError(t, p.err, "go tool server's exit status after SIGTERM; log:\n%s", p.log.String())
	p.gone(t)
	assert.Contains(t, p.log.String(), "msg=stopped")

	// Ctrl-C in a terminal signals every process of the group: the server
	// gets SIGINT from the terminal and again from go tool. The echo must
	// not cut off the graceful stop.
	cmd = exec.Command("go", "tool", "server", "-addr", "127.0.0.1:0")
	cmd.Dir = root(t)
	p = start(t, cmd)
	rest = repliesInFlight(t, p.addr)
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
	replies, err = rest()
	assert.NoError(t, err, "after Ctrl-C, the stream in flight must end with OK")
	assert.Len(t, replies, 4, "replies after Ctrl-C")
	p.wait(t, 10*time.Second)
	p.gone(t)
}

// TestTaskServeStopsWithTask stops `go tool task serve` the way Task stops:
// Task keeps the first two SIGTERMs to itself and exits on the third,
// leaving its child, the server, without a parent. The server must notice,
// stop gracefully and leave nothing listening.
func TestTaskServeStopsWithTask(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool task; skipped with -short")
	}
	cmd := exec.Command("go", "tool", "task", "serve", "ADDR=127.0.0.1:0")
	cmd.Dir = root(t)
	p := start(t, cmd)

	// go tool runs task, which runs the server: find task, go's child.
	out, err := exec.Command("ps", "-o", "pid=", "--ppid", strconv.Itoa(cmd.Process.Pid)).Output()
	require.NoError(t, err, "ps")
	task, err := strconv.Atoi(strings.TrimSpace(string(out)))
	require.NoError(t, err, "the pid of task, the only child of go tool: %q", out)
	for range 3 {
		require.NoError(t, syscall.Kill(task, syscall.SIGTERM))
		time.Sleep(100 * time.Millisecond)
	}
	p.wait(t, 10*time.Second)
	p.gone(t)
	assert.Contains(t, p.log.String(), "msg=stopped", "the server's log after Task exited")
}
