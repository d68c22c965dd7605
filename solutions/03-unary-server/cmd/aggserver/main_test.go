package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"

	"grpcworkshop/testkit/grpctest"
)

// These tests run this command as a separate process, the way
// `go tool task serve` or a script would. The process is the test binary
// itself: with runMainEnv set, TestMain runs main instead of the tests. That
// saves building the command, so that the tests start at once.

// runMainEnv, set to 1 in a process's environment, makes it run main.
const runMainEnv = "AGGSERVER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// command returns the aggserver command with args, ready to start.
func command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return cmd
}

// server is a running aggserver process.
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
	s := &server{cmd: command("-addr", "127.0.0.1:0"), done: make(chan struct{})}
	stderr, err := s.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
	})

	r := bufio.NewReader(stderr)
	first, err := r.ReadString('\n')
	require.NoError(t, err, "reading the first line of aggserver's stderr")
	m := regexp.MustCompile(`^listening on (127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(first)
	require.NotNil(t, m, "aggserver's first line is %q, want \"listening on 127.0.0.1:PORT\"", first)
	s.addr = m[1]
	go func() {
		io.Copy(&s.stderr, r)
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	return s
}

// TestCommandListens runs the server, checks that it serves, and checks
// the one-line error a second server gets for the same port.
func TestCommandListens(t *testing.T) {
	s := startServer(t)

	conn := grpctest.Dial(t, s.addr)
	resp, err := healthgrpc.NewHealthClient(conn).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err, "health check of the running aggserver")
	if resp.GetStatus() != healthgrpc.HealthCheckResponse_SERVING {
		t.Errorf("aggserver's health is %v, want SERVING", resp.GetStatus())
	}

	t.Run("busy port", func(t *testing.T) {
		var stderr strings.Builder
		cmd := command("-addr", s.addr)
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("a second aggserver on %s ended with %v, want exit status 1", s.addr, err)
		}
		host, port, _ := strings.Cut(s.addr, ":")
		var p int
		fmt.Sscan(port, &p)
		next := fmt.Sprintf("%s:%d", host, p+1)
		want := fmt.Sprintf("%s is already in use (another server still running?): stop it, or pick another address: -addr %s (go tool task serve ADDR=%s)\n",
			s.addr, next, next)
		if stderr.String() != want {
			t.Errorf("a second aggserver on %s printed:\n%s\nwant exactly one line:\n%s", s.addr, stderr.String(), want)
		}
	})
}

// TestCommandStopsOnSIGTERM sends SIGTERM, as `docker stop`, systemd or
// Kubernetes do, and expects a clean exit.
func TestCommandStopsOnSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no SIGTERM")
	}
	s := startServer(t)
	_, err := healthgrpc.NewHealthClient(grpctest.Dial(t, s.addr)).Check(t.Context(), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err, "health check of the running aggserver")

	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	// A graceful stop closes the listener at once, then waits for the calls
	// in flight (there are none here). A server that still accepts
	// connections half a second after SIGTERM is not stopping at all.
	for deadline := time.Now().Add(500 * time.Millisecond); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", s.addr, 100*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("aggserver still accepts connections 500ms after SIGTERM, want it to stop gracefully: Serve must watch its context, which main cancels on SIGTERM (TODO(step 6) in serve.go)")
		}
	}
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("aggserver still runs 5s after SIGTERM, want it to stop gracefully and exit 0 (see TODO(step 6) in serve.go); its log after the first line: %q", s.stderr.String())
	}
	if s.err != nil {
		t.Errorf("aggserver ended with %v after SIGTERM, want exit status 0; its log:\n%s", s.err, s.stderr.String())
	}
	if !strings.HasSuffix(s.stderr.String(), "stopped\n") {
		t.Errorf("aggserver's log after SIGTERM:\n%swant it to end with \"stopped\"", s.stderr.String())
	}
}
