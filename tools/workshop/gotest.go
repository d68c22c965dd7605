package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// testOutcome is what happened to one top-level test (subtests included).
type testOutcome struct {
	Passed  bool
	Elapsed float64 // seconds
	Output  strings.Builder
}

// testRun is the result of running some of a lesson's tests.
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
	Action, Test, Output, FailedBuild string
	Elapsed                           float64
}

// readTestJSON reads the events of `go test -json` (or of go tool
// test2json, which writes the same) and records each top-level test. It is
// the one reader of Go test results.
func readTestJSON(r io.Reader) *testRun {
	run := &testRun{Tests: map[string]*testOutcome{}}
	var text strings.Builder
	sc := bufio.NewScanner(r)
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
			continue
		}
		top, _, _ := strings.Cut(ev.Test, "/")
		o := run.Tests[top]
		if o == nil {
			o = &testOutcome{}
			run.Tests[top] = o
		}
		o.Output.WriteString(ev.Output)
		if ev.Test == top && (ev.Action == "pass" || ev.Action == "skip" || ev.Action == "fail") {
			o.Passed = ev.Action != "fail"
			o.Elapsed = ev.Elapsed
		}
	}
	run.Output = text.String()
	return run
}

// goTestJSON runs `go test -json ARGS` in dir, with env added to the
// environment, and reads its results. It shows nothing.
func goTestJSON(dir string, env []string, args ...string) (*testRun, error) {
	cmd := exec.Command("go", append([]string{"test", "-json"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot run go test: %w", err)
	}
	run := readTestJSON(stdout)
	waitErr := cmd.Wait()
	run.Output += stderr.String()
	if strings.Contains(run.Output, "build failed]") || strings.Contains(run.Output, "setup failed]") {
		run.BuildFailed = true
	}
	if waitErr != nil && len(run.Tests) == 0 && !run.BuildFailed {
		return nil, fmt.Errorf("go test in %s failed before running any test:\n%s", dir, run.Output)
	}
	return run, nil
}

// goSteps runs a Go lesson's tests one at a time, from test binaries built
// once, so that a step costs a process start rather than a build.
type goSteps struct {
	bins []testBinary
}

type testBinary struct {
	file, dir, pkg string
	tests          map[string]bool
}

// newGoSteps builds the test binaries of every package below dir into
// binDir, which it keeps: go test -c links again only what changed. When
// the lesson does not build it returns the compiler's output instead.
func newGoSteps(dir, binDir string) (g *goSteps, buildOutput string, err error) {
	out, err := runQuiet(dir, "go", "list", "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}\t{{.Dir}}{{end}}", "./...")
	if err != nil {
		return nil, out, nil
	}
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return nil, "", err
	}
	g = &goSteps{}
	if out, err := runQuiet(dir, "go", "test", "-c", "-o", binDir+string(filepath.Separator), "./..."); err != nil {
		return nil, out, nil
	}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		pkg, pkgDir, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		b := testBinary{file: filepath.Join(binDir, path.Base(pkg)+".test"+exe), dir: pkgDir, pkg: pkg, tests: map[string]bool{}}
		list, err := runQuiet(pkgDir, b.file, "-test.list", ".")
		if err != nil {
			return nil, "", fmt.Errorf("cannot list the tests of %s: %v\n%s", pkg, err, list)
		}
		for _, name := range strings.Fields(list) {
			b.tests[name] = true
		}
		g.bins = append(g.bins, b)
	}
	return g, "", nil
}

// run runs one top-level test, or every test when name is "".
func (g *goSteps) run(name string) (*testRun, error) {
	all := &testRun{Tests: map[string]*testOutcome{}}
	for _, b := range g.bins {
		if name != "" && !b.tests[name] {
			continue
		}
		args := []string{"tool", "test2json", "-t", "-p", b.pkg, b.file, "-test.v=test2json", "-test.timeout=2m"}
		if name != "" {
			args = append(args, "-test.run", "^"+name+"$")
		}
		cmd := exec.Command("go", args...)
		cmd.Dir = b.dir
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		run := readTestJSON(stdout)
		cmd.Wait() // a failing test makes the exit status 1; its events say why
		for n, o := range run.Tests {
			all.Tests[n] = o
		}
		all.Output += run.Output
	}
	return all, nil
}

func (g *goSteps) close() {}

// runQuiet runs a command and returns its combined output.
func runQuiet(dir string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// runShown runs a command with its output going to the terminal.
func runShown(dir string, env []string, name string, args ...string) error {
	return runTo(os.Stdout, dir, env, name, args...)
}

// runTo runs a command with its output going to w.
func runTo(w io.Writer, dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Env = append(os.Environ(), env...)
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
