package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
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

// captureStdout runs f with os.Stdout going to a file, and returns what f
// (and the programs it started) printed.
func captureStdout(t *testing.T, f func() error) (string, error) {
	t.Helper()
	out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	saved := os.Stdout
	os.Stdout = out
	ferr := f()
	os.Stdout = saved
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), ferr
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
// would, and checks that each ends by itself with status 0 and leaves no
// process behind: every server a demo started has exited when it returns.
func TestDemos(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the finished programs; skipped with -short")
	}
	c := repoCourse(t)
	type demoCase struct {
		name string
		args []string
		want []string // lines the demo must print
	}
	cases := []demoCase{{"tour", nil, []string{"3 + 4 = 7", "every server it started has stopped"}}}
	wants := map[string][]string{
		"01-net-rpc":          {"3 + 4 = 7", "step 8  client  the stub returns 7 to the program", "nothing is listening"},
		"02-protobuf":         {"GRPCRouteFuncsClient", "protobuf:                 4 bytes: 08 03 10 04"},
		"03-unary-server":     {"proto.gRPCRouteFuncs", "Code: OutOfRange", "Code: Unimplemented", `"status": "SERVING"`},
		"04-unary-client":     {"-5 + 5 = 0", "DeadlineExceeded", "Unavailable: connection refused"},
		"05-python-client":    {"3 + 4 = 7", "OUT_OF_RANGE", "UNAVAILABLE"},
		"06-server-streaming": {"reply 5 of 5: hello, you said: hi", "DeadlineExceeded"},
		"07-client-streaming": {"hello, you said 3 greetings: hi, hey, hello", "InvalidArgument"},
		"08-bidi-streaming":   {"reply 3 of 3: hello, you said: hello", "InvalidArgument"},
	}
	for _, l := range c.Lessons {
		if lessonDemos[l.Dir] == nil {
			continue // TestEveryLessonHasADemo reports it
		}
		cases = append(cases, demoCase{l.Dir, []string{strconv.Itoa(l.Number)}, append(wants[l.Dir], "every server it started has stopped")})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			demoServers = nil
			out, err := captureStdout(t, func() error { return cmdDemos(c, tc.args) })
			if err != nil {
				t.Fatalf("go tool workshop demo %s failed: %v\nit printed:\n%s", strings.Join(tc.args, " "), err, out)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("the demo did not print %q; it printed:\n%s", want, out)
				}
			}
			for _, s := range demoServers {
				if s.cmd.ProcessState == nil {
					t.Errorf("%s (pid %d) was still running when the demo returned", s.cmd.Path, s.cmd.Process.Pid)
					s.cmd.Process.Kill()
				}
			}
			if kids, ok := children(); ok && len(kids) > 0 {
				t.Errorf("the demo left processes behind:\n%s", strings.Join(kids, "\n"))
			}
		})
	}
}

// TestEveryLessonHasADemo: each lesson of lessons.json has a live demo, and
// each demo belongs to a lesson.
func TestEveryLessonHasADemo(t *testing.T) {
	c := repoCourse(t)
	dirs := map[string]bool{}
	for _, l := range c.Lessons {
		dirs[l.Dir] = true
		if lessonDemos[l.Dir] == nil {
			t.Errorf("%s has no demo: add one to lessonDemos in demos.go", l.label())
		}
	}
	for dir := range lessonDemos {
		if !dirs[dir] {
			t.Errorf("lessonDemos has a demo for %s, which lessons.json does not list", dir)
		}
	}
}

func TestDemoOfUnknownLesson(t *testing.T) {
	c := repoCourse(t)
	err := cmdDemos(c, []string{"99"})
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
