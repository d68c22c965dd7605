package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cmdVerify checks that every lesson works as a lesson:
//
//   - the starter builds and vets clean, and carries TODO markers;
//   - exactly the tests named in the manifest's todo list fail on the
//     starter, each with output that names a TODO, and none panics;
//   - every test passes on the solution;
//   - the test files of the starter and the solution are identical.
func cmdVerify(c *Course, args []string) error {
	lessons, err := c.lessonArgs(args)
	if err != nil {
		return err
	}
	var python string
	failed := 0
	for _, l := range lessons {
		if l.Kind == "python" && python == "" {
			if python, err = ensureVenv(c.Root); err != nil {
				return err
			}
		}
		problems, summary := verifyLesson(c, l, python)
		if len(problems) == 0 {
			fmt.Printf("ok    %s: %s\n", l.label(), summary)
			continue
		}
		failed++
		fmt.Printf("FAIL  %s\n", l.label())
		for _, p := range problems {
			fmt.Print(indent(p, "      "))
		}
	}
	if failed > 0 {
		fmt.Printf("\nverify: %d of %d lessons have problems (listed above).\n", failed, len(lessons))
		return exitError(1)
	}
	fmt.Printf("\nverify: all %d lessons ok.\n", len(lessons))
	return nil
}

func verifyLesson(c *Course, l Lesson, python string) (problems []string, summary string) {
	starter, solution := c.path("lessons", l), c.path("solutions", l)
	for _, dir := range []string{starter, solution} {
		if _, err := os.Stat(dir); err != nil {
			return []string{fmt.Sprintf("%s is missing", dir)}, ""
		}
	}
	problems = append(problems, compareTestFiles(starter, solution)...)
	problems = append(problems, checkTodoMarkers(l, starter)...)

	if l.Kind == "go" {
		for _, side := range []string{starter, solution} {
			if out, err := runQuiet(side, "go", "vet", "./..."); err != nil {
				problems = append(problems, fmt.Sprintf("go vet fails in %s:\n%s", rel(c, side), indent(lastLines(out, 15), "  ")))
			}
		}
	}

	st, err := runTestsJSON(l, starter, python)
	if err != nil {
		return append(problems, err.Error()), ""
	}
	so, err := runTestsJSON(l, solution, python)
	if err != nil {
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
	for _, name := range l.Todo {
		o, ok := st.Tests[name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s is in the manifest's todo list but the starter has no such test", name))
		case o.Passed:
			problems = append(problems, fmt.Sprintf("%s is in the todo list but passes on the starter: the learner would have nothing to do", name))
		case strings.Contains(o.Output.String(), "panic:"):
			problems = append(problems, fmt.Sprintf("%s panics on the starter; it must fail with a message that points at a TODO:\n%s", name, indent(lastLines(o.Output.String(), 12), "  ")))
		case !strings.Contains(o.Output.String(), "TODO"):
			problems = append(problems, fmt.Sprintf("%s fails on the starter without naming a TODO; its message must point the learner at the TODO:\n%s", name, indent(lastLines(o.Output.String(), 12), "  ")))
		}
	}
	for _, name := range st.failed() {
		if !slices.Contains(l.Todo, name) {
			problems = append(problems, fmt.Sprintf("%s fails on the starter but is not in the manifest's todo list:\n%s", name, indent(lastLines(st.Tests[name].Output.String(), 12), "  ")))
		}
	}
	for name := range so.Tests {
		if _, ok := st.Tests[name]; !ok && !st.BuildFailed {
			problems = append(problems, fmt.Sprintf("%s runs on the solution but not on the starter", name))
		}
	}
	summary = fmt.Sprintf("starter fails %d tests for TODO reasons, passes %d; solution passes %d",
		len(st.failed()), len(st.Tests)-len(st.failed()), len(so.Tests))
	return problems, summary
}

// compareTestFiles checks that the starter and the solution have the same
// test files, byte for byte.
func compareTestFiles(starter, solution string) []string {
	patterns := []string{"*_test.go", "test_*.py", "*_test.py", "conftest.py"}
	a, err1 := filesMatching(starter, patterns...)
	b, err2 := filesMatching(solution, patterns...)
	if err1 != nil || err2 != nil {
		return []string{fmt.Sprintf("cannot list test files: %v %v", err1, err2)}
	}
	var problems []string
	if len(a) == 0 {
		problems = append(problems, "the starter has no test files")
	}
	for _, f := range a {
		if !slices.Contains(b, f) {
			problems = append(problems, fmt.Sprintf("test file %s is in the starter but not in the solution", f))
			continue
		}
		x, _ := os.ReadFile(filepath.Join(starter, f))
		y, _ := os.ReadFile(filepath.Join(solution, f))
		if !bytes.Equal(x, y) {
			problems = append(problems, fmt.Sprintf("test file %s differs between the starter and the solution; they must be identical", f))
		}
	}
	for _, f := range b {
		if !slices.Contains(a, f) {
			problems = append(problems, fmt.Sprintf("test file %s is in the solution but not in the starter", f))
		}
	}
	return problems
}

// checkTodoMarkers checks that the starter's own code (not its tests)
// carries TODO markers for the learner to find.
func checkTodoMarkers(l Lesson, starter string) []string {
	files, err := filesMatching(starter, "*.go", "*.py", "*.proto")
	if err != nil {
		return []string{err.Error()}
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(filepath.Base(f), "test_") {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(starter, f))
		if bytes.Contains(data, []byte("TODO")) {
			return nil
		}
	}
	if len(l.Todo) == 0 {
		return nil
	}
	return []string{"the starter's code has no TODO marker to guide the learner"}
}

func rel(c *Course, path string) string {
	r, err := filepath.Rel(c.Root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}
