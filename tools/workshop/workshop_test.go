package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureCourse copies testdata/course, a one-lesson course whose starter
// fails TestAdd for a TODO reason and whose solution passes, into a fresh
// folder that the test may change.
func fixtureCourse(t *testing.T) *Course {
	t.Helper()
	// The fixture's modules are not in go.work; run them on their own.
	t.Setenv("GOWORK", "off")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/course")); err != nil {
		t.Fatal(err)
	}
	c, err := loadCourse(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLessonNumbers(t *testing.T) {
	c := &Course{Lessons: []Lesson{{Number: 1, Dir: "01-a"}, {Number: 2, Dir: "02-b"}}}
	for _, arg := range []string{"1", "01", "2"} {
		if _, err := c.lesson(arg); err != nil {
			t.Errorf("lesson(%q) = %v, want the lesson", arg, err)
		}
	}
	for _, arg := range []string{"0", "3", "x", "", "-1", "1.5"} {
		_, err := c.lesson(arg)
		if err == nil {
			t.Errorf("lesson(%q) gave a lesson, want an error", arg)
			continue
		}
		if !strings.Contains(err.Error(), "the lessons are 1 to 2") {
			t.Errorf("lesson(%q) error = %q, want it to say which lessons exist", arg, err)
		}
	}
}

func TestLoadCourseRejectsBadManifests(t *testing.T) {
	tests := []struct {
		name, manifest, want string
	}{
		{"not json", `{"lessons": [`, "not valid JSON"},
		{"gap in numbers", `{"lessons": [{"number": 2, "dir": "02-a", "kind": "go"}]}`, "numbered 1, 2, 3"},
		{"dir without number", `{"lessons": [{"number": 1, "dir": "intro", "kind": "go"}]}`, "must start with 01-"},
		{"unknown kind", `{"lessons": [{"number": 1, "dir": "01-a", "kind": "rust"}]}`, `use "go" or "python"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, manifestFile), tt.manifest)
			_, err := loadCourse(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("loadCourse error = %v, want one that says %q", err, tt.want)
			}
		})
	}
}

func TestVerifyAcceptsAGoodLesson(t *testing.T) {
	c := fixtureCourse(t)
	problems, summary := verifyLesson(c, c.Lessons[0], "")
	if len(problems) > 0 {
		t.Fatalf("verify found problems in a good lesson:\n%s", strings.Join(problems, "\n"))
	}
	want := "starter fails 1 tests for TODO reasons, passes 1; solution passes 2"
	if summary != want {
		t.Errorf("summary = %q, want %q", summary, want)
	}
}

func TestVerifyFindsBrokenLessons(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, c *Course)
		want  string
	}{
		{
			name: "todo test passes on the starter",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Todo = []string{"TestAdd", "TestZero"}
			},
			want: "TestZero is in the todo list but passes on the starter",
		},
		{
			name: "failing test not in todo",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Todo = nil
			},
			want: "TestAdd fails on the starter but is not in the manifest's todo list",
		},
		{
			name: "todo names a missing test",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Todo = []string{"TestAdd", "TestSubtract"}
			},
			want: "TestSubtract is in the manifest's todo list but the starter has no such test",
		},
		{
			name: "failure does not name a TODO",
			spoil: func(t *testing.T, c *Course) {
				for _, side := range []string{"lessons", "solutions"} {
					path := filepath.Join(c.path(side, c.Lessons[0]), "add_test.go")
					src, _ := os.ReadFile(path)
					writeFile(t, path, strings.Replace(string(src), " (see the TODO in add.go)", "", 1))
				}
			},
			want: "TestAdd fails on the starter without naming a TODO",
		},
		{
			name: "starter does not compile",
			spoil: func(t *testing.T, c *Course) {
				writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "add.go"), "package add\n\nfunc Add(a, b int) int { return a + }\n")
			},
			want: "the starter's tests do not build",
		},
		{
			name: "test files differ",
			spoil: func(t *testing.T, c *Course) {
				path := filepath.Join(c.path("solutions", c.Lessons[0]), "add_test.go")
				src, _ := os.ReadFile(path)
				writeFile(t, path, string(src)+"\n// an extra line\n")
			},
			want: "test file add_test.go differs between the starter and the solution",
		},
		{
			name: "solution fails",
			spoil: func(t *testing.T, c *Course) {
				writeFile(t, filepath.Join(c.path("solutions", c.Lessons[0]), "add.go"), "package add\n\n// Add is wrong.\nfunc Add(a, b int) int { return a - b }\n")
			},
			want: "TestAdd fails on the solution",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixtureCourse(t)
			tt.spoil(t, c)
			problems, _ := verifyLesson(c, c.Lessons[0], "")
			all := strings.Join(problems, "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("verify problems:\n%s\nwant one that says %q", all, tt.want)
			}
		})
	}
}

func TestIndexListsEveryLesson(t *testing.T) {
	c := fixtureCourse(t)
	index := string(renderIndex(c))
	for _, want := range []string{"[Adding](../lessons/01-add/README.md)", "Addition.", "5 min", "go tool task lesson-N"} {
		if !strings.Contains(index, want) {
			t.Errorf("the index lacks %q:\n%s", want, index)
		}
	}
}

func TestResetKeepsTheLearnersWork(t *testing.T) {
	c := fixtureCourse(t)
	git := func(args ...string) string {
		t.Helper()
		out, err := runQuiet(c.Root, "git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "starter")

	path := filepath.Join(c.path("lessons", c.Lessons[0]), "add.go")
	starter, _ := os.ReadFile(path)
	writeFile(t, path, "package add\n\n// Add is the learner's version.\nfunc Add(a, b int) int { return a + b }\n")
	writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "notes.txt"), "my notes\n")

	if err := cmdReset(c, []string{"1"}); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(starter) {
		t.Errorf("after reset, add.go =\n%s\nwant the starter:\n%s", got, starter)
	}
	if _, err := os.Stat(filepath.Join(c.path("lessons", c.Lessons[0]), "notes.txt")); err == nil {
		t.Errorf("after reset, the learner's new file notes.txt is still in the lesson")
	}
	if list := git("stash", "list"); !strings.Contains(list, "workshop reset of lesson 1") {
		t.Fatalf("git stash list = %q, want the learner's version saved", list)
	}
	git("stash", "pop", "-q")
	if got, _ := os.ReadFile(path); !strings.Contains(string(got), "the learner's version") {
		t.Errorf("after git stash pop, add.go =\n%s\nwant the learner's version back", got)
	}
}

func TestPreReleaseVersions(t *testing.T) {
	for version, want := range map[string]bool{
		"v1.85.0":                                false,
		"v0.0.0-20260817212433-ac3dfec99bb1":     false, // never tagged: fine
		"v2.0.0-beta.1":                          true,
		"v1.86.0-dev":                            true,
		"v1.36.12-0.20260101000000-abcdef123456": true, // pseudo-version above a release
	} {
		if got := preRelease.MatchString(version); got != want {
			t.Errorf("preRelease(%q) = %v, want %v", version, got, want)
		}
	}
}

func TestNextStepPointsAtTheFirstTodo(t *testing.T) {
	c := fixtureCourse(t)
	l := c.Lessons[0]
	run, err := runTestsJSON(l, c.path("lessons", l), "")
	if err != nil {
		t.Fatal(err)
	}
	name, msg := nextStep(l, run)
	if name != "TestAdd" || !strings.Contains(msg, "Add(3, 4) = 0, want 7 (see the TODO in add.go)") {
		t.Errorf("nextStep = %q, %q; want TestAdd and its failure line", name, msg)
	}
}
