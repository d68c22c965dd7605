package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"grpcworkshop/testkit/grpctest"
)

// These tests run the server as its own process, the ways it is run: the
// binary (as the demo, the docs' checks and the Python tests run it),
// `go tool server` and `go tool task serve` (as the README shows). The
// package's own tests (finished_test.go) test the services in-process.

// build compiles this command once per test run, into a directory that
// TestMain removes.
var build = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "server")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
})

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

// binary returns the built command; it skips the test with -short.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the server as a process; skipped with -short")
	}
	bin, err := build()
	require.NoError(t, err)
	return bin
}

// root is the repository's root, where go.work and Taskfile.yml are.
func root(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOWORK").Output()
	require.NoError(t, err, "go env GOWORK")
	gowork := strings.TrimSpace(string(out))
	require.NotEmpty(t, gowork, "go env GOWORK is empty: run the tests inside the repository")
	return filepath.Dir(gowork)
}

// process is a running command.
type process struct {
	cmd  *exec.Cmd
	addr string                // from the line "listening on ADDR"
	log  grpctest.LockedBuffer // stderr after that line
	done chan struct{}         // closed once the process has exited
	err  error                 // cmd.Wait's result, once done is closed
}

// startTimeout bounds how long a command may take to say it listens:
// `go tool task` compiles Task on its first run, which takes minutes with
// an empty cache.
const startTimeout = 5 * time.Minute

// start runs cmd in a process group of its own and waits for its line
// "listening on ADDR". When the test ends, everything in the group that
// still runs is killed. The lines before, such as Task's, go to the test log.
func start(t *testing.T, cmd *exec.Cmd) *process {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("uses Unix process groups and signals")
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the whole group
		<-p.done
	})

	lines := make(chan string)
	go func() {
		r := bufio.NewReader(stderr)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(lines)
				break
			}
			if m := listening.FindStringSubmatch(line); m != nil {
				p.addr = m[1]
				close(lines)
				io.Copy(&p.log, r)
				break
			}
			lines <- line
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	timeout := time.After(startTimeout)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				if p.addr == "" {
					<-p.done
					t.Fatalf("%s ended (%v) without the line \"listening on HOST:PORT\"", cmd, p.err)
				}
				return p
			}
			t.Logf("%s: %s", filepath.Base(cmd.Path), strings.TrimSpace(line))
		case <-timeout:
			t.Fatalf("%s has not said \"listening on HOST:PORT\" after %v", cmd, startTimeout)
		}
	}
}

var listening = regexp.MustCompile(`^listening on (\S+)\n$`)

// wait waits until the process has exited and its stderr is closed, at
// most timeout. A process it started that still runs (such as a server that
// outlived the go or task command) holds its stderr open.
func (p *process) wait(t *testing.T, timeout time.Duration) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		t.Fatalf("%s, or a process it started, still runs %v after it was told to stop; its log:\n%s", p.cmd, timeout, p.log.String())
	}
}

// gone fails the test unless the process has left nothing behind: no
// process of its group still runs (such as a server that outlived the go
// or task command that started it), and nothing listens on its address.
func (p *process) gone(t *testing.T) {
	t.Helper()
	// A process handed to another parent is reaped by that one, a moment
	// after it exits: allow that moment.
	deadline := time.Now().Add(2 * time.Second)
	for syscall.Kill(-p.cmd.Process.Pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if err := syscall.Kill(-p.cmd.Process.Pid, 0); !errors.Is(err, syscall.ESRCH) {
		out, _ := exec.Command("ps", "-o", "pid,ppid,args", "-g", strconv.Itoa(p.cmd.Process.Pid)).CombinedOutput()
		t.Errorf("%s has exited, but processes it started still run:\n%s", p.cmd, out)
	}
	conn, err := net.DialTimeout("tcp", p.addr, time.Second)
	if err == nil {
		conn.Close()
		t.Errorf("something still listens on %s after %s has exited", p.addr, p.cmd)
	}
}

// run runs the built command to its end and returns its exit status and
// stderr.
func run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stderr strings.Builder
	cmd := exec.Command(binary(t), args...)
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", cmd, err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}
