package capstone

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// ClientPackage is grpc-go's official interop client, a tool of this
// module (see go.mod): `go tool` builds it at the project's grpc version.
const ClientPackage = "google.golang.org/grpc/interop/client"

// Cases are the client-side cases of the interop suite that the capstone
// runs: the 14 that grpc-go's client implements without Google
// credentials, then the two soak tests (README: "What each case checks";
// the others: "The suite's cases this capstone does not run").
var Cases = []string{
	"empty_unary", "large_unary", "client_streaming", "server_streaming",
	"ping_pong", "empty_stream", "timeout_on_sleeping_server",
	"cancel_after_begin", "cancel_after_first_response",
	"status_code_and_message", "special_status_message", "custom_metadata",
	"unimplemented_method", "unimplemented_service",
	"rpc_soak", "channel_soak",
}

// CaseTimeout bounds one case, process start included: every case takes
// milliseconds against a working server, and the client itself sets no
// deadline on most calls, so a server that never answers would hang it.
const CaseTimeout = 10 * time.Second

// InteropClient returns the path of the official interop client's
// executable, building it first if need be. `go tool -n` prints where go
// tool keeps it (in the build cache), so later runs start at once. dir is
// a folder of this module (or of the workspace); "" is the current one.
func InteropClient(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "tool", "-n", ClientPackage)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("building the interop client (go tool -n %s): %w\n%s", ClientPackage, err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// A Target is the server the suite calls.
type Target struct {
	// Addr is its host:port.
	Addr string
	// CAFile, when set, is the PEM certificate of the CA that signed the
	// server's: the client then calls over TLS, trusting that CA only and
	// checking the certificate is for localhost.
	CAFile string
}

// Args are the interop client's flags for case name against t: short soak
// tests (5 iterations, each under a second), the rest as the suite runs
// them.
func (t Target) Args(name string) ([]string, error) {
	host, port, err := net.SplitHostPort(t.Addr)
	if err != nil {
		return nil, fmt.Errorf("target address %q: %w", t.Addr, err)
	}
	args := []string{"--server_host=" + host, "--server_port=" + port, "--test_case=" + name,
		"--soak_iterations=5", "--soak_per_iteration_max_acceptable_latency_ms=1000", "--soak_overall_timeout_seconds=5"}
	if t.CAFile != "" {
		args = append(args, "--use_tls", "--use_test_ca", "--ca_file="+t.CAFile, "--server_host_override=localhost")
	}
	return args, nil
}

// A Result is how one case went.
type Result struct {
	Case string
	TLS  bool
	Took time.Duration
	// Err is nil when the case passed, or what went wrong: the client's
	// fatal line, with its output.
	Err error
}

// String is the result in one line: "ok    empty_unary (12ms)", or
// "FAIL  empty_unary: " and what failed.
func (r Result) String() string {
	name := r.Case
	if r.TLS {
		name += " (TLS)"
	}
	if r.Err != nil {
		return fmt.Sprintf("FAIL  %s: %v", name, r.Err)
	}
	return fmt.Sprintf("ok    %s (%s)", name, r.Took.Round(time.Millisecond))
}

// Run runs case name of the interop client at path client against t: it
// passes when the client exits 0.
func Run(ctx context.Context, client string, t Target, name string) Result {
	r := Result{Case: name, TLS: t.CAFile != ""}
	args, err := t.Args(name)
	if err != nil {
		r.Err = err
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, CaseTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, client, args...)
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err = cmd.Run()
	r.Took = time.Since(start)
	switch {
	case ctx.Err() != nil:
		r.Err = fmt.Errorf("no answer after %v: does a handler wait for something that never comes? %s", CaseTimeout, lastLine(out.String()))
	case err != nil && strings.HasSuffix(name, "_soak"):
		r.Err = fmt.Errorf("%s (each iteration is a large_unary call: make that case pass first)", lastLine(out.String()))
	case err != nil:
		r.Err = errors.New(lastLine(out.String()))
	}
	return r
}

// RunAll runs cases against t, at most parallel at a time (each is a
// process), and returns their results in the order of cases.
func RunAll(ctx context.Context, client string, t Target, cases []string, parallel int) []Result {
	results := make([]Result, len(cases))
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for i, name := range cases {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = Run(ctx, client, t, name)
		})
	}
	wg.Wait()
	return results
}

// lastLine is what the client said when it failed: its FATAL line (grpclog
// writes "... FATAL: [interop] what"), else its last line.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	line := lines[len(lines)-1]
	for _, l := range lines {
		if strings.Contains(l, "FATAL: ") {
			line = l
			break
		}
	}
	if i := strings.Index(line, "] "); i >= 0 && strings.Contains(line[:i], "FATAL") {
		line = line[i+2:]
	}
	// The client prints its stubs and streams as Go pointers (&{0xc000123}),
	// and whole requests, payloads included: keep the line short.
	line = pointer.ReplaceAllString(line, "stream")
	if r := []rune(line); len(r) > maxLine {
		line = string(r[:maxLine]) + "..."
	}
	return strings.TrimSpace(line)
}

// pointer is how the client prints a stub or a stream; maxLine is how many
// characters of the client's line a Result keeps.
var pointer = regexp.MustCompile(`&\{0x[0-9a-f]+\}`)

const maxLine = 200
