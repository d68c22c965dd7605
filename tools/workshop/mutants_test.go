package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mutantCourse writes a one-lesson go-tests course: Add, with the mutants
// "minus" and "zero" (further); the starter's test checks only Add(0, 0),
// which every mutant gets right, the solution's checks Add(3, 4).
func mutantCourse(t *testing.T) *Course {
	t.Helper()
	t.Setenv("GOWORK", "off")
	root := t.TempDir()
	writeFile(t, filepath.Join(root, manifestFile), `{"lessons": [{"number": 1, "dir": "01-m", "title": "Testing Add", "kind": "go-tests",
		"steps": [{"test": "", "file": "add_test.go", "hints": ["h"]}, {"test": "TestAdd", "mutant": "minus", "file": "add_test.go", "hints": ["h"]}],
		"further": {"goal": "Catch zero.", "test": "TestAdd", "mutant": "zero"}}]}`)
	add := "package add\n\nimport \"os\"\n\n// Add returns a + b, or a mutant's answer.\nfunc Add(a, b int) int {\n" +
		"\tswitch os.Getenv(\"WORKSHOP_MUTANT\") {\n\tcase \"minus\":\n\t\treturn a - b\n\tcase \"zero\":\n\t\treturn 0\n\t}\n\treturn a + b\n}\n"
	tests := map[string]string{"lessons": "// TODO: test Add where it can go wrong.\nif Add(0, 0) != 0", "solutions": "if Add(3, 4) != 7"}
	for side, check := range tests {
		dir := filepath.Join(root, side, "01-m")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "go.mod"), "module fixture/"+side+"/01-m\n\ngo 1.26.0\n")
		writeFile(t, filepath.Join(dir, "add.go"), add)
		writeFile(t, filepath.Join(dir, "add_test.go"), "package add\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n"+check+" {\n\t\tt.Error(\"wrong sum\")\n\t}\n}\n")
	}
	c, err := loadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMutantLesson(t *testing.T) {
	c := mutantCourse(t)
	l := c.Lessons[0]
	if problems, _ := verifyLesson(c, l); len(problems) > 0 {
		t.Errorf("verify finds problems in a good go-tests lesson:\n%s", strings.Join(problems, "\n"))
	}
	out := lesson(t, c, "lessons")
	for _, want := range []string{"Mutant minus survives", "step 2/2: catch mutant minus with TestAdd in add_test.go"} {
		if !strings.Contains(out, want) {
			t.Errorf("lesson-1 on the starter lacks %q:\n%s", want, out)
		}
	}
	if out := lesson(t, c, "solutions"); !strings.Contains(out, "All 2 steps of lesson 1 pass.") {
		t.Errorf("solution-1 does not pass:\n%s", out)
	}

	// A test that fails on the real service stops at step 1, whatever it
	// catches; verify says so, and that the starter catches the mutants.
	starter := filepath.Join(c.path("lessons", l), "add_test.go")
	writeFile(t, starter, "package add\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(3, 4) != 8 {\n\t\tt.Error(\"wrong sum\")\n\t}\n}\n")
	if out := lesson(t, c, "lessons"); !strings.Contains(out, "Your tests fail on the real service") || !strings.Contains(out, "step 1/2") {
		t.Errorf("lesson-1 with a wrong test does not stop at step 1:\n%s", out)
	}
	problems, _ := verifyLesson(c, l)
	for _, want := range []string{"fail on the real service", "the starter's tests already catch mutant minus"} {
		if !strings.Contains(strings.Join(problems, "\n"), want) {
			t.Errorf("verify of a starter that tests too much lacks %q:\n%s", want, strings.Join(problems, "\n"))
		}
	}
}
