package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// testOutcome is what happened to one top-level test (subtests included).
type testOutcome struct {
	Passed bool
	Output strings.Builder
}

// testRun is the result of running one lesson side's tests.
type testRun struct {
	Tests       map[string]*testOutcome // by top-level test name
	BuildFailed bool                    // a package or test file did not compile
	Output      string                  // everything the run printed, as text
}

// failed lists the top-level tests that failed, sorted.
func (r *testRun) failed() []string {
	var names []string
	for name, o := range r.Tests {
		if !o.Passed {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// testEvent is one line of `go test -json` (see `go doc test2json`).
type testEvent struct {
	Action      string
	Package     string
	Test        string
	Output      string
	FailedBuild string
}

// runTestsJSON runs a lesson side's tests afresh, with go test -json (or
// pytest), and records each top-level test. It shows nothing: callers decide
// what to show.
func runTestsJSON(l Lesson, dir string, venvPython string) (*testRun, error) {
	if l.Kind == "python" {
		return runPytest(dir, venvPython)
	}
	cmd := exec.Command("go", "test", "-json", "-count=1", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot run go test: %w", err)
	}
	run := &testRun{Tests: map[string]*testOutcome{}}
	var text strings.Builder
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		var ev testEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			text.WriteString(sc.Text() + "\n")
			continue
		}
		text.WriteString(ev.Output)
		if ev.FailedBuild != "" || ev.Action == "build-fail" {
			run.BuildFailed = true
		}
		if ev.Test == "" {
			if strings.Contains(ev.Output, "[build failed]") || strings.Contains(ev.Output, "[setup failed]") {
				run.BuildFailed = true
			}
			continue
		}
		top, _, _ := strings.Cut(ev.Test, "/")
		o := run.Tests[top]
		if o == nil {
			o = &testOutcome{}
			run.Tests[top] = o
		}
		o.Output.WriteString(ev.Output)
		if ev.Test == top {
			switch ev.Action {
			case "pass", "skip":
				o.Passed = true
			case "fail":
				o.Passed = false
			}
		}
	}
	waitErr := cmd.Wait()
	text.WriteString(stderr.String())

	run.Output = text.String()
	if strings.Contains(stderr.String(), "build failed") || strings.Contains(stderr.String(), "setup failed") {
		run.BuildFailed = true
	}
	if waitErr != nil && len(run.Tests) == 0 && !run.BuildFailed {
		return nil, fmt.Errorf("go test in %s failed before running any test:\n%s", dir, run.Output)
	}
	return run, nil
}

// runGoShown runs a Go lesson side's tests with plain go test, its output
// going to out as it comes, exactly as the learner would see it, and reads
// the failed top-level tests back from that output: each starts with a line
// "--- FAIL: TestName (0.00s)" at the start of the line, followed by its
// indented lines. Tests that passed are not named, so run.Tests holds the
// failures only.
func runGoShown(dir string, out io.Writer) (*testRun, error) {
	var text bytes.Buffer
	cmd := exec.Command("go", "test", "./...")
	cmd.Dir = dir
	cmd.Stdout = io.MultiWriter(out, &text)
	cmd.Stderr = io.MultiWriter(out, &text)
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("cannot run go test: %w", err)
	}
	run := &testRun{Tests: map[string]*testOutcome{}, Output: text.String()}
	run.BuildFailed = strings.Contains(run.Output, "[build failed]") || strings.Contains(run.Output, "[setup failed]")
	var current *testOutcome
	for _, line := range strings.SplitAfter(run.Output, "\n") {
		if name, ok := strings.CutPrefix(line, "--- FAIL: "); ok {
			name, _, _ = strings.Cut(name, " ")
			current = &testOutcome{}
			run.Tests[name] = current
			continue
		}
		if current != nil && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) {
			current.Output.WriteString(line)
		} else {
			current = nil
		}
	}
	if err != nil && len(run.Tests) == 0 && !run.BuildFailed {
		// go test failed without a failing test: a vet error, a panic in
		// TestMain, or something else it has explained above.
		run.BuildFailed = true
	}
	return run, nil
}

// runQuiet runs a command and returns its combined output.
func runQuiet(dir string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// runShown runs a command with its output going to the terminal.
func runShown(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	return cmd.Run()
}

// filesMatching lists the files below dir whose base name matches one of
// the patterns, as slash-separated paths relative to dir.
func filesMatching(dir string, patterns ...string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "__pycache__", ".pytest_cache", "node_modules", ".venv":
				return filepath.SkipDir
			}
			return nil
		}
		for _, pat := range patterns {
			if ok, _ := filepath.Match(pat, d.Name()); ok {
				rel, _ := filepath.Rel(dir, p)
				files = append(files, filepath.ToSlash(rel))
				break
			}
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// indent prefixes every line of s, for quoting output inside a report.
func indent(s, prefix string) string {
	s = strings.TrimRight(s, "\n")
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		b.WriteString(prefix + line + "\n")
	}
	return b.String()
}

// lastLines keeps the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
