package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"grpcworkshop/finished"
	aggserver "grpcworkshop/solutions/03-unary-server"
)

// docAddr is the address the docs use; the test swaps in the real one.
const docAddr = "localhost:50051"

// TestGrpcurlExercises runs every checked command of docs/grpcurl.md with
// the pinned grpcurl against the finished server (the one `go tool task
// serve` runs), and compares the output with the doc.
func TestGrpcurlExercises(t *testing.T) {
	if testing.Short() {
		t.Skip("runs grpcurl, which the first time means building it; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.Open(filepath.Join(root, "docs", "grpcurl.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	checks, err := ParseChecks(doc, "grpcurl")
	if err != nil {
		t.Fatalf("docs/grpcurl.md: %v", err)
	}
	// A parser that silently skipped blocks would pass; the doc has more.
	if len(checks) < 20 {
		t.Fatalf("found %d checked commands in docs/grpcurl.md, want at least 20", len(checks))
	}

	grpcurl := pinnedGrpcurl(t, root)
	addr := map[bool]string{
		true:  startServer(t, aggserver.Options{}),
		false: startServer(t, aggserver.Options{NoReflection: true}),
	}

	for _, c := range checks {
		t.Run(fmt.Sprintf("line %d %s", c.Line, c.Args[len(c.Args)-1]), func(t *testing.T) {
			if len(c.Args) < 3 || !slices.Equal(c.Args[:3], []string{"go", "tool", "grpcurl"}) {
				t.Fatalf("docs/grpcurl.md:%d: the command must start with \"go tool grpcurl\", got %q", c.Line, c.Args)
			}
			args := slices.Clone(c.Args[3:])
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, docAddr, addr[c.Reflection])
			}
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, grpcurl, args...)
			cmd.Dir = root // as the doc says: run from the repository root
			if c.Stdin != "" {
				cmd.Stdin = strings.NewReader(c.Stdin)
			}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatalf("running grpcurl: %v", err)
			}
			got := strings.ReplaceAll(out.String(), addr[c.Reflection], docAddr)
			// A doc's output may end with a line "...": the lines before it
			// must match, and what follows them varies from run to run.
			matches := got == c.Output
			if want, ok := strings.CutSuffix(c.Output, "...\n"); ok {
				matches = strings.HasPrefix(got, want)
			}
			if !matches {
				t.Errorf("docs/grpcurl.md:%d: %s\nprinted:\n%s\nthe doc shows:\n%s", c.Line, strings.Join(c.Args, " "), got, c.Output)
			}
			if code != c.Exit {
				t.Errorf("docs/grpcurl.md:%d: %s\nexited %d, the marker says exit=%d", c.Line, strings.Join(c.Args, " "), code, c.Exit)
			}
		})
	}
}

// pinnedGrpcurl returns the path of the grpcurl that `go tool grpcurl` runs
// from the repository root: the version pinned in tools/go.mod, built (once,
// then cached) by the go command. `go tool -n` prints the path instead of
// running it, so the tests pay for the build only once.
func pinnedGrpcurl(t *testing.T, root string) string {
	t.Helper()
	cmd := exec.Command("go", "tool", "-n", "grpcurl")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go tool -n grpcurl: %v\n%s", err, stderr.String())
	}
	path := strings.TrimSpace(string(out))
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("go tool -n grpcurl printed %q, which is not a file: %v", path, err)
	}
	return path
}

// startServer runs the finished server in this process on a free loopback
// port, and stops it when the test ends. It is finished/cmd/server without
// the log.
func startServer(t *testing.T, opts aggserver.Options) string {
	t.Helper()
	lis, err := aggserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- aggserver.Serve(ctx, finished.NewGRPCServer(opts), lis) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the server failed: %v", err)
		}
	})
	return lis.Addr().String()
}
