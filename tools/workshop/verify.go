package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cmdVerify checks that every lesson works as a lesson: the starter builds
// and has TODOs; exactly the steps' tests fail on it, fast, each naming a
// TODO, none panicking; the solution passes every test; the Going further
// test passes on the solution only; both have the same test files.
func cmdVerify(w io.Writer, c *Course, args []string) error {
	lessons := c.Lessons
	if len(args) > 0 {
		lessons = nil
	}
	for _, a := range args {
		l, err := c.lesson(a)
		if err != nil {
			return err
		}
		lessons = append(lessons, l)
	}
	failed := 0
	for _, l := range lessons {
		problems, summary := verifyLesson(c, l)
		if len(problems) == 0 {
			fmt.Fprintf(w, "ok    %s: %s\n", l.label(), summary)
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL  %s\n", l.label())
		for _, p := range problems {
			fmt.Fprint(w, indent(p, "      "))
		}
	}
	if failed > 0 {
		fmt.Fprintf(w, "\nverify: %d of %d lessons have problems (listed above).\n", failed, len(lessons))
		return exitError(1)
	}
	fmt.Fprintf(w, "\nverify: all %d lessons ok.\n", len(lessons))
	return nil
}

func verifyLesson(c *Course, l Lesson) (problems []string, summary string) {
	starter, solution := c.path("lessons", l), c.path("solutions", l)
	tests := l.Kind == "go-tests" // the test files are the exercise (mutants.go)
	if !tests {
		problems = append(problems, compareTestFiles(starter, solution)...)
	}
	problems = append(problems, compareGivenFiles(starter, solution, l)...)
	problems = append(problems, checkTodoMarkers(starter, tests)...)
	for _, s := range l.Steps {
		if _, err := os.Stat(filepath.Join(starter, s.File)); s.File == "" || err != nil {
			problems = append(problems, fmt.Sprintf("step %s names file %q, which the starter does not have", s.Test, s.File))
		}
		if len(s.Hints) == 0 {
			problems = append(problems, fmt.Sprintf("step %s has no hints", s.Test))
		}
	}

	if tests {
		more, summary := verifyMutants(c, l)
		return append(problems, more...), summary
	}
	st, err1 := runTests(c, l, starter, false, "")
	so, err2 := runTests(c, l, solution, false, "")
	if err := errors.Join(err1, err2); err != nil {
		return append(problems, err.Error()), ""
	}
	if st.BuildFailed {
		problems = append(problems, fmt.Sprintf("the starter's tests do not build; they must fail for TODO reasons, not for a compile error:\n%s", indent(lastLines(st.Output, 15), "  ")))
	}
	if so.BuildFailed {
		problems = append(problems, fmt.Sprintf("the solution's tests do not build:\n%s", indent(lastLines(so.Output, 15), "  ")))
	}
	if len(so.Tests) == 0 {
		problems = append(problems, "the solution ran no tests")
	}
	for _, name := range so.failed() {
		problems = append(problems, fmt.Sprintf("%s fails on the solution:\n%s", name, indent(lastLines(so.Tests[name].Output.String(), 12), "  ")))
	}
	for _, step := range l.Steps {
		name := step.Test
		o, ok := st.Tests[name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s is a step in the manifest but the starter has no such test", name))
		case o.Passed:
			problems = append(problems, fmt.Sprintf("%s is a step but passes on the starter: the learner would have nothing to do", name))
		case strings.Contains(o.Output.String(), "panic:"):
			problems = append(problems, fmt.Sprintf("%s panics on the starter; it must fail with a message that points at a TODO:\n%s", name, indent(lastLines(o.Output.String(), 12), "  ")))
		case !strings.Contains(o.Output.String(), "TODO"):
			problems = append(problems, fmt.Sprintf("%s fails on the starter without naming a TODO; its message must point the learner at the TODO:\n%s", name, indent(lastLines(o.Output.String(), 12), "  ")))
		case o.Elapsed > 1:
			problems = append(problems, fmt.Sprintf("%s takes %.1fs to fail on the starter; a step must fail fast (well under a second) while unimplemented", name, o.Elapsed))
		}
	}
	for _, name := range st.failed() {
		if !slices.ContainsFunc(l.Steps, func(s Step) bool { return s.Test == name }) {
			problems = append(problems, fmt.Sprintf("%s fails on the starter but is not a step in the manifest:\n%s", name, indent(lastLines(st.Tests[name].Output.String(), 12), "  ")))
		}
	}
	problems = append(problems, verifyFurther(c, l)...)
	summary = fmt.Sprintf("starter fails %d steps for TODO reasons, passes %d tests; solution passes %d; further %s",
		len(st.failed()), len(st.Tests)-len(st.failed()), len(so.Tests), l.Further.Test)
	return problems, summary
}

// verifyFurther checks the Going further test: it passes on the solution
// and fails (or does not build) on the starter.
func verifyFurther(c *Course, l Lesson) []string {
	if l.Further.Test == "" {
		return []string{"lessons.json gives no further.test: the lesson has no checked Going further exercise"}
	}
	var problems []string
	so, err1 := runTests(c, l, c.path("solutions", l), true, l.Further.Test)
	st, err2 := runTests(c, l, c.path("lessons", l), true, l.Further.Test)
	if err := errors.Join(err1, err2); err != nil {
		return []string{err.Error()}
	}
	if o := so.Tests[l.Further.Test]; o == nil || !o.Passed {
		problems = append(problems, fmt.Sprintf("the Going further test %s does not pass on the solution:\n%s", l.Further.Test, indent(lastLines(so.Output, 12), "  ")))
	}
	if o := st.Tests[l.Further.Test]; !st.BuildFailed && (o == nil || o.Passed) {
		problems = append(problems, fmt.Sprintf("the Going further test %s passes on the starter: there is nothing to do", l.Further.Test))
	}
	return problems
}

// compareTestFiles checks that the starter and the solution have the same
// test files, byte for byte.
func compareTestFiles(starter, solution string) []string {
	a, err1 := filesMatching(starter, "*_test.go", "test_*.py", "conftest.py")
	b, err2 := filesMatching(solution, "*_test.go", "test_*.py", "conftest.py")
	if err := errors.Join(err1, err2); err != nil {
		return []string{err.Error()}
	}
	if !slices.Equal(a, b) {
		return []string{fmt.Sprintf("the starter and the solution must have the same test files; the starter has %v, the solution %v", a, b)}
	}
	var problems []string
	for _, f := range a {
		x, _ := os.ReadFile(filepath.Join(starter, f))
		if y, _ := os.ReadFile(filepath.Join(solution, f)); !bytes.Equal(x, y) {
			problems = append(problems, fmt.Sprintf("test file %s differs between the starter and the solution; they must be identical", f))
		}
	}
	return problems
}

// compareGivenFiles checks that the code the starter gives the learner
// (every file that is not a step's file, a test, or a doc.go describing the
// package) is the solution's: the same but for the module's path, and so
// the order of the imports. A helper changed in one copy only would make
// the lesson's programs behave differently from the solution's.
func compareGivenFiles(starter, solution string, l Lesson) []string {
	files, err := filesMatching(starter, "*.go", "*.py")
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(base, "test_") || base == "doc.go" || base == "conftest.py" ||
			slices.ContainsFunc(l.Steps, func(s Step) bool { return s.File == f }) {
			continue
		}
		x, _ := os.ReadFile(filepath.Join(starter, f))
		y, err := os.ReadFile(filepath.Join(solution, f))
		if err == nil && sameGiven(x, y) != "" {
			problems = append(problems, fmt.Sprintf("%s is given to the learner (it is no step's file) but differs from the solution's at %q: change both, or name it as a step's file", f, sameGiven(x, y)))
		}
	}
	return problems
}

// sameGiven compares a starter's file with the solution's, the module paths
// made one and each import block sorted, and returns the first line of the
// starter's that differs, or "".
func sameGiven(starter, solution []byte) string {
	norm := func(b []byte, module string) []string {
		var out, block []string
		for line := range strings.Lines(strings.ReplaceAll(string(b), "grpcworkshop/"+module+"/", "grpcworkshop/LESSON/")) {
			switch {
			case line == "import (\n":
				block = []string{}
			case block != nil && line == ")\n":
				slices.Sort(block)
				out, block = append(out, block...), nil
			case block != nil:
				if strings.TrimSpace(line) != "" {
					block = append(block, line)
				}
				continue
			}
			out = append(out, line)
		}
		return out
	}
	a, b := norm(starter, "lessons"), norm(solution, "solutions")
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			return strings.TrimSpace(a[i])
		}
	}
	if len(b) > len(a) {
		return "(the end of the file)"
	}
	return ""
}

// checkTodoMarkers checks that the starter's own code (not its tests,
// unless they are the exercise) carries a TODO marker for the learner.
func checkTodoMarkers(starter string, tests bool) []string {
	files, err := filesMatching(starter, "*.go", "*.py", "*.proto")
	if err != nil {
		return []string{err.Error()}
	}
	for _, f := range files {
		data, _ := os.ReadFile(filepath.Join(starter, f))
		if (tests || !strings.HasSuffix(f, "_test.go") && !strings.HasPrefix(filepath.Base(f), "test_")) && bytes.Contains(data, []byte("TODO")) {
			return nil
		}
	}
	return []string{"the starter's code has no TODO marker to guide the learner"}
}
