package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// These tests build this command and run it as a separate process, the way
// `go tool task serve`, the Python tests and the demo do.

var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "finished-server-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles this command once per test run.
var build = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "server")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
})

// server is a running server process.
type server struct {
	cmd    *exec.Cmd
	addr   string                // from its first line, "listening on ADDR"
	stderr grpctest.LockedBuffer // everything after the first line
	done   chan struct{}         // closed when the process has exited
	err    error                 // cmd.Wait's result, once done is closed
}

// startServer runs the command on a free port and reads the address from its
// first line. t.Cleanup kills it if it is still running.
func startServer(t *testing.T) *server {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the server binary; skipped with -short")
	}
	bin, err := build()
	require.NoError(t, err)

	s := &server{cmd: exec.Command(bin, "-addr", "127.0.0.1:0"), done: make(chan struct{})}
	stderr, err := s.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
	})

	r := bufio.NewReader(stderr)
	first, err := r.ReadString('\n')
	require.NoError(t, err, "reading the first line of the server's stderr")
	m := regexp.MustCompile(`^listening on (127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(first)
	require.NotNil(t, m, "the server's first line is %q, want \"listening on 127.0.0.1:PORT\"", first)
	s.addr = m[1]
	go func() {
		io.Copy(&s.stderr, r)
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	return s
}

// waitForLog waits until the server has logged a line for each method, in
// any order, and returns the log. Streaming calls are logged when they end,
// just before the client hears of it, so the line may come a moment later.
func (s *server) waitForLog(t *testing.T, methods []string) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		lines := strings.Split(strings.TrimSpace(s.stderr.String()), "\n")
		missing := slices.DeleteFunc(slices.Clone(methods), func(m string) bool {
			return slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, m+" OK ") })
		})
		if len(missing) == 0 {
			return lines
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 5s the server has not logged %q with OK; its log:\n%s", missing, s.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCommandListens runs the server, checks that it serves, and checks
// the one-line error a second server gets for the same port.
func TestCommandListens(t *testing.T) {
	s := startServer(t)

	resp, err := healthgrpc.NewHealthClient(grpctest.Dial(t, s.addr)).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err, "health check of the running server")
	if resp.GetStatus() != healthgrpc.HealthCheckResponse_SERVING {
		t.Errorf("the server's health is %v, want SERVING", resp.GetStatus())
	}

	t.Run("busy port", func(t *testing.T) {
		bin, err := build()
		require.NoError(t, err)
		var stderr strings.Builder
		cmd := exec.Command(bin, "-addr", s.addr)
		cmd.Stderr = &stderr
		err = cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("a second server on %s ended with %v, want exit status 1", s.addr, err)
		}
		host, port, _ := strings.Cut(s.addr, ":")
		var p int
		fmt.Sscan(port, &p)
		want := fmt.Sprintf("cannot listen on %s: address already in use; stop the other server or pick another address with -addr %s:%d\n",
			s.addr, host, p+1)
		if stderr.String() != want {
			t.Errorf("a second server on %s printed:\n%s\nwant exactly one line:\n%s", s.addr, stderr.String(), want)
		}
	})
}

// recvAll reads replies until the stream ends.
func recvAll(recv func() (*hellov1.HelloResponse, error)) ([]string, error) {
	var replies []string
	for {
		resp, err := recv()
		if errors.Is(err, io.EOF) {
			return replies, nil
		}
		if err != nil {
			return replies, err
		}
		replies = append(replies, resp.GetReply())
	}
}

// TestCommandServesEveryRPC calls every rpc of both services, and checks
// that each call is logged, streaming calls included.
func TestCommandServesEveryRPC(t *testing.T) {
	s := startServer(t)
	conn := grpctest.Dial(t, s.addr)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	agg := aggfuncpb.NewGRPCRouteFuncsClient(conn)
	sum, err := agg.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	require.NoError(t, err)
	product, err := agg.Multiply(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 6, Value2: 7})
	require.NoError(t, err)
	if sum.GetValue() != 7 || product.GetValue() != 42 {
		t.Errorf("sum(3, 4) = %d and multiply(6, 7) = %d, want 7 and 42", sum.GetValue(), product.GetValue())
	}

	hello := hellov1.NewHelloServiceClient(conn)
	resp, err := hello.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	if want := "hello, you said: hi"; resp.GetReply() != want {
		t.Errorf("SayHello(hi) = %q, want %q", resp.GetReply(), want)
	}

	replies, err := hello.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	got, err := recvAll(replies.Recv)
	want := []string{"reply 1 of 3: hello, you said: hi", "reply 2 of 3: hello, you said: hi", "reply 3 of 3: hello, you said: hi"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("LotsOfReplies(hi) = %q, %v; want %q", got, err, want)
	}

	greetings, err := hello.LotsOfGreetings(ctx)
	require.NoError(t, err)
	for _, g := range []string{"hi", "hey"} {
		require.NoError(t, greetings.Send(&hellov1.HelloRequest{Greeting: g}))
	}
	resp, err = greetings.CloseAndRecv()
	if want := "hello, you said 2 greetings: hi, hey"; err != nil || resp.GetReply() != want {
		t.Errorf("LotsOfGreetings(hi, hey) = %q, %v; want %q", resp.GetReply(), err, want)
	}

	for mode, want := range map[string][]string{
		"each": {"hello, you said: hi", "hello, you said: hey"},
		"all":  {"reply 1 of 2: hello, you said: hi", "reply 2 of 2: hello, you said: hey"},
	} {
		bidi, err := hello.BidiHello(metadata.AppendToOutgoingContext(ctx, "hello-mode", mode))
		require.NoError(t, err)
		for _, g := range []string{"hi", "hey"} {
			require.NoError(t, bidi.Send(&hellov1.HelloRequest{Greeting: g}))
		}
		require.NoError(t, bidi.CloseSend())
		if got, err := recvAll(bidi.Recv); err != nil || !slices.Equal(got, want) {
			t.Errorf("BidiHello(hi, hey) in mode %s = %q, %v; want %q", mode, got, err, want)
		}
	}

	s.waitForLog(t, []string{
		"/proto.gRPCRouteFuncs/sum",
		"/proto.gRPCRouteFuncs/multiply",
		"/hello.v1.HelloService/SayHello",
		"/hello.v1.HelloService/LotsOfReplies",
		"/hello.v1.HelloService/LotsOfGreetings",
		"/hello.v1.HelloService/BidiHello",
	})
}

// TestCommandStopsOnSIGTERM sends SIGTERM, as `docker stop`, systemd or
// Kubernetes do, while a stream is in flight. The server must let the
// stream finish, then exit cleanly.
func TestCommandStopsOnSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no SIGTERM")
	}
	s := startServer(t)
	hello := hellov1.NewHelloServiceClient(grpctest.Dial(t, s.addr))
	// Five replies, 200ms apart: the stream takes 0.8s.
	ctx := metadata.AppendToOutgoingContext(t.Context(), "hello-replies", "5", "hello-interval", "200ms")
	stream, err := hello.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	_, err = stream.Recv()
	require.NoError(t, err, "the first reply")

	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	rest, err := recvAll(stream.Recv)
	if err != nil || len(rest) != 4 {
		t.Errorf("after SIGTERM, the stream in flight gave %d more replies and %v; want the 4 others and its end: a graceful stop lets running calls finish", len(rest), err)
	}
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("the server still runs 5s after SIGTERM, want it to stop gracefully and exit 0; its log after the first line: %q", s.stderr.String())
	}
	if s.err != nil {
		t.Errorf("the server ended with %v after SIGTERM, want exit status 0; its log:\n%s", s.err, s.stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(s.stderr.String()), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[len(lines)-2], "/hello.v1.HelloService/LotsOfReplies OK ") || lines[len(lines)-1] != "stopped" {
		t.Errorf("the server's log after SIGTERM:\n%swant it to end with the LotsOfReplies call, OK, then \"stopped\"", s.stderr.String())
	}
}
