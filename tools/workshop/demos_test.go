package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"grpcworkshop/testkit/shellwords"
)

// repoCourse loads the real course, from the repository this test runs in.
func repoCourse(t *testing.T) *Course {
	t.Helper()
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// children lists the processes whose parent is this test process. It
// reads /proc, so it works on Linux only; elsewhere it reports ok=false.
func children() (pids []string, ok bool) {
	if runtime.GOOS != "linux" {
		return nil, false
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, false
	}
	self := strconv.Itoa(os.Getpid())
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // it exited meanwhile
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) >= 2 && fields[1] == self {
			pids = append(pids, e.Name()+" "+s[:strings.LastIndexByte(s, ')')+1])
		}
	}
	return pids, true
}

// TestDemos runs the full tour and every lesson's demo, as an instructor
// would, and checks that each ends by itself with status 0, prints a few key
// lines, and leaves no process behind.
func TestDemos(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the finished programs; skipped with -short")
	}
	c := repoCourse(t)
	wants := map[string][]string{
		"tour": {"3 + 4 = 7", "step 8  client  the stub returns 7 to the program", "6 * 7 = 42", "OutOfRange", "proto.gRPCRouteFuncs", `"value": 7`, "reply 3 of 3", "you said 3 greetings", "6 of 6 cases pass"},
		"1":    {"3 + 4 = 7", "step 8  client  the stub returns 7 to the program", "nothing is listening"},
		"2":    {"rpc sum ( .proto.InputArgsOfBinaryFunc )", "GRPCRouteFuncsClient", "4 bytes: 08 03 10 04"},
		"3":    {"proto.gRPCRouteFuncs", "Code: OutOfRange", "Code: Unimplemented", `"status": "SERVING"`},
		"4":    {"-5 + 5 = 0", "DeadlineExceeded", "Unavailable"},
		"5":    {"3 + 4 = 7", "OUT_OF_RANGE", "UNAVAILABLE"},
		"6":    {"reply 5 of 5: hello, you said: hi", "DeadlineExceeded"},
		"7":    {"hello, you said 3 greetings: hi, hey, hello", "InvalidArgument"},
		"8":    {"reply 3 of 3: hello, you said: hello", "InvalidArgument"},
		"9":    {"greeting: must not be empty", "relayed: hello, you said: hi", "DeadlineExceeded"},
		"10":   {"x-request-id: abc", "x-reply-count: 1", "Code: Unauthenticated", `"status": "SERVING"`},
		"12":   {"--- PASS: TestAggfunc/sum_past_the_top", "sleeps     caught by TestLotsOfRepliesCancel"},
		"14":   {"5 + 6 = 11", "--- PASS: TestReplicaStops", "--- PASS: TestShutdown"},
		"15":   {"stream/unary", "gzip/plain", "received message larger than max (5242885 vs. 4194304)", "--- PASS: TestRaisedLimits/both_sides"},
		"16":   {"hello, you said: hi", "TONE_FORMAL", `unknown field "text"`},
		"17":   {"16 of 16 cases pass", "all 20 cases of your client pass"},
	}
	names := []string{"tour"}
	for _, l := range c.Lessons {
		names = append(names, strconv.Itoa(l.Number))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var args []string
			if name != "tour" {
				args = []string{name}
			}
			var out bytes.Buffer
			err := runDemo(t.Context(), &out, c, args)
			if err != nil {
				t.Fatalf("go tool workshop demo %s failed: %v\nit printed:\n%s", name, err, &out)
			}
			for _, want := range append(wants[name], "every server it started has stopped") {
				if !strings.Contains(out.String(), want) {
					t.Errorf("demo %s did not print %q; it printed:\n%s", name, want, &out)
				}
			}
			checkNoChildren(t)
		})
	}
}

// checkNoChildren fails the test if a process this test started still runs.
func checkNoChildren(t *testing.T) {
	t.Helper()
	if kids, ok := children(); ok && len(kids) > 0 {
		t.Errorf("the demo left processes behind:\n%s", strings.Join(kids, "\n"))
	}
}

// TestDemoFake is not a test: TestDemoStops runs the test binary as a fake
// program, with WORKSHOP_DEMO_FAKE set. "serve" prints a listening line and
// waits; "hang" waits.
func TestDemoFake(t *testing.T) {
	if os.Getenv("WORKSHOP_DEMO_FAKE") == "" {
		t.Skip("a fake program for TestDemoStops")
	}
	if flag.Arg(0) == "serve" {
		fmt.Fprintln(os.Stderr, "2026/12/03 08:00:00 listening on 127.0.0.1:9")
	}
	time.Sleep(time.Minute)
	os.Exit(3)
}

// TestDemoStops: a demo that fails, or is interrupted, still stops every
// program it started. (Ctrl-C and SIGTERM cancel the context, as here.)
func TestDemoStops(t *testing.T) {
	t.Setenv("WORKSHOP_DEMO_FAKE", "1")
	fake := "'" + os.Args[0] + "' -test.run=TestDemoFake -- "
	start := demoStep{Start: fake + "serve", As: "FAKE"}
	for _, tc := range []struct {
		name    string
		steps   []demoStep
		timeout time.Duration
		want    string
	}{
		{"step fails", []demoStep{start, {Say: "fake at $FAKE"}, {Run: "go version", Exit: 3}}, time.Minute, "exited with status 0, want 3"},
		{"interrupted", []demoStep{start, {Run: fake + "hang"}}, 2 * time.Second, "was interrupted at step 2"},
		{"bad step", []demoStep{start, {Say: "hi", Stop: "FAKE"}}, time.Minute, "exactly one of"},
		{"unknown name", []demoStep{start, {Run: "go version $NOPE"}}, time.Minute, "no step started a server under that $ name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), tc.timeout)
			defer cancel()
			var out bytes.Buffer
			err := runSteps(ctx, &out, t.TempDir(), "the fake demo", tc.steps)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("runSteps = %v, want an error with %q; it printed:\n%s", err, tc.want, &out)
			}
			if !strings.Contains(out.String(), "listening on 127.0.0.1:9") {
				t.Errorf("the demo did not show the fake server's listening line; it printed:\n%s", &out)
			}
			checkNoChildren(t)
		})
	}
}

// TestDemoManifest checks every demo in lessons.json without running it, in
// -short mode too: each lesson has one, each package it builds exists, and
// each command runs a program built by an earlier step (or go, or python)
// with only $NAMEs started by an earlier step.
func TestDemoManifest(t *testing.T) {
	c := repoCourse(t)
	demos := map[string][]demoStep{"the tour": c.Tour}
	for _, l := range c.Lessons {
		demos[l.label()] = l.Demo
	}
	for name, steps := range demos {
		if len(steps) == 0 {
			t.Errorf("%s has no demo steps in %s", name, manifestFile)
		}
		progs, started := map[string]bool{"go": true, "python": true}, map[string]bool{}
		for i, s := range steps {
			for prog, pkg := range s.Build {
				progs[prog] = true
				if _, err := os.Stat(filepath.Join(c.Root, pkg)); strings.HasPrefix(pkg, "./") && err != nil {
					t.Errorf("%s, step %d: builds %s from %s, which does not exist", name, i+1, prog, pkg)
				}
			}
			for _, line := range []string{s.Start, s.Run} {
				words, err := shellwords.Split(os.Expand(line, func(k string) string {
					if !started[k] {
						t.Errorf("%s, step %d: %q uses $%s, which no earlier step started", name, i+1, line, k)
					}
					return "127.0.0.1:1"
				}))
				if err != nil {
					t.Errorf("%s, step %d: %v", name, i+1, err)
				} else if len(words) > 0 && !progs[words[0]] {
					t.Errorf("%s, step %d: %q runs %s, which no earlier step builds (nor is it go or python)", name, i+1, line, words[0])
				}
			}
			started[s.As] = s.As != ""
		}
	}
}

func TestDemoOfUnknownLesson(t *testing.T) {
	c := repoCourse(t)
	err := runDemo(t.Context(), io.Discard, c, []string{"99"})
	if err == nil || !strings.Contains(err.Error(), "there is no lesson") {
		t.Errorf("demo 99 = %v, want an error that says there is no such lesson", err)
	}
}

// TestChildrenFindsALeftProcess shows that TestDemos's check can fail: a
// process that this test starts and does not stop yet is found.
func TestChildrenFindsALeftProcess(t *testing.T) {
	if os.Getenv("WORKSHOP_TEST_SLEEP") == "1" {
		time.Sleep(time.Minute)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildrenFindsALeftProcess$")
	cmd.Env = append(os.Environ(), "WORKSHOP_TEST_SLEEP=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kids, ok := children()
	cmd.Process.Kill()
	cmd.Wait()
	if !ok {
		t.Skip("children() reads /proc, which only Linux has")
	}
	want := strconv.Itoa(cmd.Process.Pid) + " "
	found := false
	for _, k := range kids {
		found = found || strings.HasPrefix(k, want)
	}
	if !found {
		t.Errorf("children() = %q, want it to list the running process %d", kids, cmd.Process.Pid)
	}
	if kids, _ := children(); len(kids) > 0 {
		t.Errorf("after Wait, children() = %q, want none", kids)
	}
}
