package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
)

// TestReplicas runs the command as `go tool task serve-replicas` does: three
// server processes, each answering on its own port; one killed leaves the
// others serving; SIGTERM to the command stops the rest, and it exits 0.
func TestReplicas(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds and runs server processes and signals them; skipped with -short and on Windows")
	}
	bin := t.TempDir()
	out, err := exec.Command("go", "build", "-o", bin+string(filepath.Separator), ".", "grpcworkshop/finished/cmd/server").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	cmd := exec.Command(filepath.Join(bin, "replicas"), "-n", "3", "-server", filepath.Join(bin, "server"), "--", "-log=false")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // the servers notice they are orphaned and stop
	})
	next := func() string {
		t.Helper()
		select {
		case line := <-lines:
			return line
		case <-time.After(15 * time.Second):
			t.Fatal("the replicas printed nothing for 15s")
			return ""
		}
	}

	started := regexp.MustCompile(`^replica (\d) \(pid (\d+)\) listening on (127\.0\.0\.1:\d+)$`)
	var pids []int
	var addrs []string
	for i := range 3 {
		line := next()
		m := started.FindStringSubmatch(line)
		require.NotNil(t, m, "line %d is %q, want %q", i+1, line, started)
		pid, _ := strconv.Atoi(m[2])
		pids = append(pids, pid)
		addrs = append(addrs, m[3])
	}
	require.Equal(t, "replicas: "+strings.Join(addrs, ","), next())

	serving := func(addr string) error {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer conn.Close()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		_, err = healthgrpc.NewHealthClient(conn).Check(ctx, &healthgrpc.HealthCheckRequest{})
		return err
	}
	for i, addr := range addrs {
		require.NoError(t, serving(addr), "replica %d's health check", i+1)
	}

	// Replica 2 is killed: the others go on.
	require.NoError(t, syscall.Kill(pids[1], syscall.SIGKILL))
	for line := next(); !strings.HasPrefix(line, "replica 2 (pid"); line = next() {
	}
	require.NoError(t, serving(addrs[0]), "replica 1 after replica 2 was killed")
	require.NoError(t, serving(addrs[2]), "replica 3 after replica 2 was killed")

	// SIGINT, as Ctrl-C sends, stops the rest gracefully.
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	for range lines {
	}
	select {
	case err := <-exited:
		require.NoError(t, err, "the command's exit")
	case <-time.After(15 * time.Second):
		t.Fatal("the command had not exited 15s after SIGINT")
	}
}
