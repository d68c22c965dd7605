package main

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// testOutcome is what happened to one top-level test (subtests included).
type testOutcome struct {
	Passed  bool
	Elapsed float64 // seconds
	Output  strings.Builder
}

// testRun is what running some of a lesson's tests gave.
type testRun struct {
	Tests       map[string]*testOutcome // by top-level test name
	BuildFailed bool                    // pytest could not collect the tests
	Output      string                  // everything the run printed, as text
	Failed      bool                    // a Go package failed: a test, TestMain or a timeout
}

// failed lists the top-level tests that failed, sorted.
func (r *testRun) failed() (names []string) {
	for name, o := range r.Tests {
		if !o.Passed {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// readTestJSON reads the events of go tool test2json (what go test -json
// writes) and records each top-level test: the one reader of Go results.
func readTestJSON(r io.Reader) *testRun {
	run := &testRun{Tests: map[string]*testOutcome{}}
	var text strings.Builder
	for dec := json.NewDecoder(r); ; {
		var ev struct { // one line of go test -json: see go doc test2json
			Action, Test, Output string
			Elapsed              float64
		}
		if dec.Decode(&ev) != nil {
			break
		}
		text.WriteString(ev.Output)
		run.Failed = run.Failed || (ev.Test == "" && ev.Action == "fail")
		top, _, _ := strings.Cut(ev.Test, "/")
		if top != "" && run.Tests[top] == nil {
			run.Tests[top] = &testOutcome{}
		}
		o := run.Tests[top]
		if o == nil {
			continue
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

// A stepper runs a lesson side's tests one at a time: one top-level test
// by name, or all of them when the name is "".
type stepper interface {
	run(name string) *testRun
}

// buildFailure is the stepper of tests that do not build.
type buildFailure string

func (b buildFailure) run(string) *testRun {
	return &testRun{Tests: map[string]*testOutcome{}, BuildFailed: true, Output: string(b)}
}

// newStepper gets a lesson side ready to run its tests (with the further
// tag or environment for further): Python ones with the venv; Go ones built
// once into test binaries, kept in binDir so that go test -c links again
// only what changed.
func newStepper(c *Course, l Lesson, dir string, further bool) (stepper, error) {
	if l.Kind == "python" {
		python, err := ensureVenv(c.Root)
		p := &pySteps{dir: dir, python: python}
		if further {
			p.env = []string{"WORKSHOP_FURTHER=1"}
		}
		return p, err
	}
	binDir := filepath.Join(c.Root, ".workshop", "build", filepath.Base(filepath.Dir(dir))+"-"+l.Dir)
	tags := []string{}
	if further {
		binDir, tags = binDir+"-further", []string{"-tags", "further"}
	}
	out, err := runQuiet(dir, "go", append(append([]string{"list"}, tags...), "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}\t{{.Dir}}{{end}}", "./...")...)
	if err != nil {
		return buildFailure(out), nil
	}
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return nil, err
	}
	if out, err := runQuiet(dir, "go", append(append([]string{"test", "-c"}, tags...), "-o", binDir+string(filepath.Separator), "./...")...); err != nil {
		return buildFailure(out), nil
	}
	var g goSteps
	for _, line := range strings.Split(out, "\n") {
		if pkg, pkgDir, ok := strings.Cut(line, "\t"); ok {
			file := filepath.Join(binDir, exeName(path.Base(pkg)+".test"))
			g = append(g, struct{ file, dir, pkg string }{file, pkgDir, pkg})
		}
	}
	return g, nil
}

// goSteps runs a Go lesson side's tests from its test binaries, so that a
// step costs a process start rather than a build.
type goSteps []struct{ file, dir, pkg string }

func (g goSteps) run(name string) *testRun { return g.runWith(name, nil) }

// runWith runs with env added to the environment, and flags (such as
// -test.timeout=20s) after the others.
func (g goSteps) runWith(name string, env []string, flags ...string) *testRun {
	all := &testRun{Tests: map[string]*testOutcome{}}
	for _, b := range g {
		args := []string{"tool", "test2json", "-t", "-p", b.pkg, b.file, "-test.v=test2json", "-test.timeout=2m"}
		if name != "" {
			args = append(args, "-test.run", "^"+name+"$")
		}
		cmd := exec.Command("go", append(args, flags...)...)
		cmd.Dir, cmd.Env = b.dir, append(os.Environ(), env...)
		out, _ := cmd.Output() // a failing test makes the exit status 1; its events say why
		run := readTestJSON(bytes.NewReader(out))
		maps.Copy(all.Tests, run.Tests)
		all.Output += run.Output
		all.Failed = all.Failed || run.Failed
	}
	return all
}

// runQuiet runs a command and returns its combined output.
func runQuiet(dir string, name string, args ...string) (string, error) {
	var out strings.Builder
	err := runTo(&out, dir, nil, name, args...)
	return out.String(), err
}

// runTo runs a command with its output (stdout and stderr) going to w.
func runTo(w io.Writer, dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Env = append(os.Environ(), env...)
	return cmd.Run()
}

// filesMatching lists the files below dir whose name matches a pattern, as
// sorted slash paths from dir, skipping tool, cache, build and test data.
func filesMatching(dir string, patterns ...string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && slices.Contains([]string{".git", ".venv", "bin", "node_modules", "testdata", "__pycache__", ".pytest_cache"}, d.Name()):
			return filepath.SkipDir
		case !d.IsDir() && slices.ContainsFunc(patterns, func(pat string) bool { ok, _ := filepath.Match(pat, d.Name()); return ok }):
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// indent prefixes every line of s, for quoting output inside a report.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix) + "\n"
}

// lastLines keeps the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
