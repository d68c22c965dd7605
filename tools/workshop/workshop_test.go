package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fixtureCourse copies testdata/course, a one-lesson course whose starter
// fails its two steps (TestAdd in add.go, TestSub in sub.go) for TODO
// reasons and its Going further test (TestFurtherDouble), and whose solution
// passes all three, into a fresh folder that the test may change.
func fixtureCourse(t *testing.T) *Course {
	t.Helper()
	// The fixture's modules are not in go.work; run them on their own.
	t.Setenv("GOWORK", "off")
	t.Setenv("WORKSHOP_LANG", "en") // whatever the machine's locale

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
		{"not from 1", `{"lessons": [{"number": 2, "dir": "02-a", "kind": "go"}]}`, "numbered 1, 2, 3"},
		{"out of order", `{"lessons": [{"number": 1, "dir": "01-a", "kind": "go"}, {"number": 1, "dir": "01-b", "kind": "go"}]}`, "numbered 1, 2, 3"},
		{"dir without number", `{"lessons": [{"number": 1, "dir": "intro", "kind": "go"}]}`, "must start with 01-"},
		{"unknown kind", `{"lessons": [{"number": 1, "dir": "01-a", "kind": "rust"}]}`, `use "go", "python" or "go-tests"`},
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
	problems, summary := verifyLesson(c, c.Lessons[0])
	if len(problems) > 0 {
		t.Fatalf("verify found problems in a good lesson:\n%s", strings.Join(problems, "\n"))
	}
	want := "starter fails 2 steps for TODO reasons, passes 1 tests; solution passes 3; further TestFurtherDouble"
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
			name: "step test passes on the starter",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Steps = append(c.Lessons[0].Steps, Step{Test: "TestZero", File: "add.go", Hints: []string{"h"}})
			},
			want: "TestZero is a step but passes on the starter",
		},
		{
			name: "failing test not a step",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Steps = c.Lessons[0].Steps[1:]
			},
			want: "TestAdd fails on the starter but is not a step in the manifest",
		},
		{
			name: "step names a missing test",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Steps[1].Test = "TestSubtract"
			},
			want: "TestSubtract is a step in the manifest but the starter has no such test",
		},
		{
			name: "further test passes on the starter",
			spoil: func(t *testing.T, c *Course) {
				writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "double.go"), "package add\n\n// Double returns 2n.\nfunc Double(n int) int { return 2 * n }\n")
			},
			want: "the Going further test TestFurtherDouble passes on the starter",
		},
		{
			name: "no further test",
			spoil: func(t *testing.T, c *Course) {
				c.Lessons[0].Further.Test = ""
			},
			want: "lessons.json gives no further.test",
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
			problems, _ := verifyLesson(c, c.Lessons[0])
			all := strings.Join(problems, "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("verify problems:\n%s\nwant one that says %q", all, tt.want)
			}
		})
	}
}

func TestIndexListsEveryLesson(t *testing.T) {
	c := fixtureCourse(t)
	index, _ := renderIndex(c, "")
	for _, want := range []string{"**English** | [한국어](lessons.ko.md)\n", "[Adding](../lessons/01-add/README.md)", "Addition.", "5 min", "go tool task lesson-N", "go tool task further-N"} {
		if !strings.Contains(index, want) {
			t.Errorf("the index lacks %q:\n%s", want, index)
		}
	}
	// The Korean map links the Korean README once it exists.
	writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "README.ko.md"), "[English](README.md) | **한국어**\n")
	index, err := renderIndexKo(c, "")
	for _, want := range []string{"[English](lessons.md) | **한국어**\n", "| 1 | [덧셈](../lessons/01-add/README.ko.md) | 덧셈을 배웁니다. | 없음 | 없음 | 2 | 5분 |", "약 0시간 5분"} {
		if err != nil || !strings.Contains(index, want) {
			t.Errorf("the Korean index (%v) lacks %q:\n%s", err, want, index)
		}
	}
	// A lesson without its Korean fails, named.
	c.Lessons[0].Ko.Teaches, c.Lessons[0].Steps[1].HintsKo = "", nil
	if _, err := renderIndexKo(c, ""); err == nil || !strings.Contains(err.Error(), "lesson 1 (01-add) lacks its Korean in lessons.json: ko.teaches, hints_ko (one per hint) of step 2") {
		t.Errorf("renderIndexKo without ko.teaches and step 2's hints_ko = %v", err)
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

	var out strings.Builder
	if err := cmdReset(&out, c, []string{"1"}); err != nil {
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
	// The learner edits again: git stash pop now refuses, and the message
	// said so and gave a command that works.
	writeFile(t, path, "package add\n\n// Add is a second try.\nfunc Add(a, b int) int { return b + a }\n")
	if _, err := runQuiet(c.Root, "git", "stash", "pop", "-q"); err == nil {
		t.Fatal("git stash pop over new edits succeeded; the test assumes git refuses")
	}
	if !strings.Contains(out.String(), "refuses") {
		t.Errorf("the reset message does not warn that git stash pop refuses once the lesson is edited again:\n%s", out.String())
	}
	_, cmd, ok := strings.Cut(out.String(), "take its files back with: ")
	if !ok {
		t.Fatalf("the reset message gives no command to take the saved version back:\n%s", out.String())
	}
	args := strings.Fields(strings.ReplaceAll(strings.TrimSpace(cmd), `"`, ""))
	git(args[1:]...)
	if got, _ := os.ReadFile(path); !strings.Contains(string(got), "the learner's version") {
		t.Errorf("after %s, add.go =\n%s\nwant the learner's version back", strings.TrimSpace(cmd), got)
	}
}

// TestPreReleaseVersions tests the pattern of Taskfile.yml's check-versions
// task, which it matches against go list's "module version" lines.
func TestPreReleaseVersions(t *testing.T) {
	taskfile, err := os.ReadFile(filepath.Join(repoCourse(t).Root, "Taskfile.yml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+PRE_RELEASE: '(.*)'$`).FindSubmatch(taskfile)
	if m == nil {
		t.Fatal("Taskfile.yml has no PRE_RELEASE: '...' pattern")
	}
	preRelease := regexp.MustCompile(string(m[1]))
	for version, want := range map[string]bool{
		"v1.85.0":                                false,
		"v0.0.0-20260817212433-ac3dfec99bb1":     false, // never tagged: fine
		"v2.0.0-beta.1":                          true,
		"v1.86.0-dev":                            true,
		"v1.36.12-0.20260101000000-abcdef123456": true, // pseudo-version above a release
	} {
		if got := preRelease.MatchString("example.com/m " + version); got != want {
			t.Errorf("preRelease(%q) = %v, want %v", version, got, want)
		}
	}
}

// lesson runs go tool task lesson-1 on the fixture and returns its output.
func lesson(t *testing.T, c *Course, side string, extra ...string) string {
	t.Helper()
	var out strings.Builder
	err := cmdTest(&out, c, append([]string{side, "1"}, extra...))
	if n := strings.Count(out.String(), "\n"); n >= 40 {
		t.Errorf("lesson-1 printed %d lines, want under 40:\n%s", n, out.String())
	}
	if pass := strings.Contains(out.String(), "steps of lesson 1 pass"); pass != (err == nil) {
		t.Errorf("lesson-1 returned %v with this output:\n%s", err, out.String())
	}
	return out.String()
}

func TestLessonStopsAtTheFirstFailingStep(t *testing.T) {
	c := fixtureCourse(t)
	dir := c.path("lessons", c.Lessons[0])
	out := lesson(t, c, "lessons")
	for _, want := range []string{"step 1/2: TestAdd in add.go\n", "0/2 steps done. Stuck? go tool task hint-1"} {
		if !strings.Contains(out, want) {
			t.Errorf("lesson-1 on the starter lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Add(3, 4) = 0, want 7"); n != 1 {
		t.Errorf("lesson-1 printed the failure of TestAdd %d times, want once:\n%s", n, out)
	}
	if strings.Contains(out, "Sub(5, 3)") {
		t.Errorf("lesson-1 ran step 2 although step 1 fails:\n%s", out)
	}

	writeFile(t, filepath.Join(dir, "add.go"), "package add\n\n// Add returns a + b.\nfunc Add(a, b int) int { return a + b }\n")
	out = lesson(t, c, "lessons")
	for _, want := range []string{"Sub(5, 3) = 0, want 2", "step 2/2: TestSub in sub.go\n", "1/2 steps done"} {
		if !strings.Contains(out, want) {
			t.Errorf("lesson-1 with step 1 done lacks %q:\n%s", want, out)
		}
	}

	writeFile(t, filepath.Join(dir, "sub.go"), "package add\n\n// Sub returns a - b.\nfunc Sub(a, b int) int { return a - b }\n")
	out = lesson(t, c, "lessons")
	for _, want := range []string{"All 2 steps of lesson 1 pass.", "Going further: Write Double. Check it with: go tool task further-1", "That was the last lesson"} {
		if !strings.Contains(out, want) {
			t.Errorf("lesson-1 with every step done lacks %q:\n%s", want, out)
		}
	}

	writeFile(t, filepath.Join(dir, "add.go"), "package add\n\nfunc Add(a, b int) int { return a + }\n")
	out = lesson(t, c, "lessons")
	if !strings.Contains(out, "add.go:3") || !strings.Contains(out, "lesson 1 does not build: fix add.go first") {
		t.Errorf("lesson-1 with a compile error does not show the error and the file to fix:\n%s", out)
	}

	out = lesson(t, c, "solutions")
	if !strings.Contains(out, "All 2 steps of lesson 1 pass.") {
		t.Errorf("solution-1 does not pass:\n%s", out)
	}
}

func TestLessonVerboseRunsEveryTest(t *testing.T) {
	c := fixtureCourse(t)
	out := lesson(t, c, "lessons", "-v")
	for _, want := range []string{"Add(3, 4) = 0, want 7", "Sub(5, 3) = 0, want 2", "FAIL"} {
		if !strings.Contains(out, want) {
			t.Errorf("lesson-1 -v lacks %q:\n%s", want, out)
		}
	}
}

func TestHintLevelsAdvance(t *testing.T) {
	c := fixtureCourse(t)
	hint := func() string {
		t.Helper()
		var out strings.Builder
		if err := cmdHint(&out, c, []string{"1"}); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	// No state yet: the hint runs the steps to find the learner's step.
	for i, want := range []string{
		"Hint 1/2 for lesson 1, step 1/2 (TestAdd in add.go):\n\n  Read about the + operator.",
		"Hint 2/2 for lesson 1, step 1/2 (TestAdd in add.go):\n\n  Add returns a plus b.",
		"No more hints for step 1/2 (TestAdd in add.go).\nThe answer is in solutions/01-add/add.go",
	} {
		if got := hint(); !strings.Contains(got, want) {
			t.Errorf("hint %d:\n%s\nwant it to contain:\n%s", i+1, got, want)
		}
	}
	// A new step starts its hints again.
	writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "add.go"), "package add\n\n// Add returns a + b.\nfunc Add(a, b int) int { return a + b }\n")
	lesson(t, c, "lessons")
	if got, want := hint(), "Hint 1/1 for lesson 1, step 2/2 (TestSub in sub.go):\n\n  Read about the - operator."; !strings.Contains(got, want) {
		t.Errorf("hint after step 1 is done:\n%s\nwant it to contain:\n%s", got, want)
	}
}

// TestHintAndStatusSpeakKorean: WORKSHOP_LANG=ko, or a Korean locale when
// WORKSHOP_LANG is unset, gives the hints and status from the manifest's
// Korean.
func TestHintAndStatusSpeakKorean(t *testing.T) {
	c := fixtureCourse(t)
	for _, env := range [][]string{{"WORKSHOP_LANG", "ko"}, {"LANG", "ko_KR.UTF-8"}} {
		t.Setenv("WORKSHOP_LANG", "")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv(env[0], env[1])
		var out strings.Builder
		if err := cmdHint(&out, c, []string{"1"}); err != nil {
			t.Fatal(err)
		}
		if want := "힌트 1/2, 레슨 1, 1/2 단계 (add.go의 TestAdd):\n\n  + 연산자를 읽어 보세요."; !strings.Contains(out.String(), want) {
			t.Errorf("%s=%s: hint-1 printed\n%s\nwant it to contain\n%s", env[0], env[1], out.String(), want)
		}
		saveProgress(c, 1, &progress{Step: 1, Time: time.Now()}) // the first hint again next time
		out.Reset()
		if err := cmdStatus(&out, c, nil); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"진행 상황", "✗  1  덧셈", "0/2 단계, 다음: add.go의 TestAdd", "다음: 레슨 1, 덧셈.\n  lessons/01-add/README.ko.md를 읽고"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s=%s: status printed\n%s\nwant it to contain %q", env[0], env[1], out.String(), want)
			}
		}
	}
	// WORKSHOP_LANG wins over the locale.
	t.Setenv("WORKSHOP_LANG", "en")
	var out strings.Builder
	if err := cmdStatus(&out, c, nil); err != nil || !strings.Contains(out.String(), "Your progress") {
		t.Errorf("WORKSHOP_LANG=en with LANG=ko_KR.UTF-8: status = %v\n%s\nwant English", err, out.String())
	}
}

func TestFurtherRuns(t *testing.T) {
	c := fixtureCourse(t)
	var out strings.Builder
	if err := cmdFurther(&out, c, []string{"1"}); err == nil || !strings.Contains(out.String(), "does not build yet") {
		t.Errorf("further-1 on the starter = %v, want a failure that says the test does not build yet:\n%s", err, out.String())
	}
	writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "double.go"), "package add\n\n// Double returns 2n.\nfunc Double(n int) int { return n + 1 }\n")
	out.Reset()
	if err := cmdFurther(&out, c, []string{"1"}); err == nil || !strings.Contains(out.String(), "Double(4) = 5, want 8") || !strings.Contains(out.String(), "TestFurtherDouble fails") {
		t.Errorf("further-1 with a wrong Double = %v, want its failure:\n%s", err, out.String())
	}
	writeFile(t, filepath.Join(c.path("lessons", c.Lessons[0]), "double.go"), "package add\n\n// Double returns 2n.\nfunc Double(n int) int { return 2 * n }\n")
	out.Reset()
	if err := cmdFurther(&out, c, []string{"1"}); err != nil || !strings.Contains(out.String(), "Going further of lesson 1 passes") {
		t.Errorf("further-1 with Double done = %v:\n%s", err, out.String())
	}
}

func TestStatusReadsTheRecordedSteps(t *testing.T) {
	c := fixtureCourse(t)
	var out strings.Builder
	if err := cmdStatus(&out, c, nil); err != nil || !strings.Contains(out.String(), "not run yet") {
		t.Errorf("status before any lesson-N = %v, want \"not run yet\":\n%s", err, out.String())
	}
	lesson(t, c, "lessons")
	out.Reset()
	if err := cmdStatus(&out, c, nil); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "0/2 steps, next: TestAdd in add.go") || strings.Contains(got, "running lesson") {
		t.Errorf("status after lesson-1 should read the recorded step without running it:\n%s", got)
	}
	// An edit makes the record stale: status runs the steps again. (The
	// edit's time is set ahead, for file systems with coarse timestamps.)
	edited := filepath.Join(c.path("lessons", c.Lessons[0]), "add.go")
	writeFile(t, edited, "package add\n\n// Add returns a + b.\nfunc Add(a, b int) int { return a + b }\n")
	if err := os.Chtimes(edited, time.Now().Add(2*time.Second), time.Now().Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := cmdStatus(&out, c, nil); err != nil || !strings.Contains(out.String(), "1/2 steps, next: TestSub in sub.go") {
		t.Errorf("status after an edit = %v, want step 2:\n%s", err, out.String())
	}
}

func TestIndexFollowsTheManifest(t *testing.T) {
	c := fixtureCourse(t)
	work := "go 1.26\n\nuse (\n\t./lessons/09-old\n\t./proto\n\t./tools\n)\n"
	got, err := renderGoWork(c, work)
	if want := "go 1.26\n\nuse (\n\t./lessons/01-add\n\t./proto\n\t./solutions/01-add\n\t./tools\n)\n"; err != nil || got != want {
		t.Errorf("renderGoWork = %q, %v; want %q", got, err, want)
	}
	guide := "# Guide\n\n## The lessons\n\n" + outlineStart + "old\n" + outlineEnd + "\n### Lesson 1: Adding (5 min)\n\nText.\n"
	got, err = renderOutline(c, guide)
	if err != nil || !strings.Contains(got, "| 1 | Adding | 5 min | 2 | Write Double. |") || strings.Contains(got, "old") || !strings.HasSuffix(got, "Text.\n") {
		t.Errorf("renderOutline = %v:\n%s", err, got)
	}
	guideKo := "# 가이드\n\n## 레슨\n\n" + outlineStart + "old\n" + outlineEnd + "\n### 레슨 1: 덧셈 (5분)\n\n본문.\n"
	got, err = renderOutlineKo(c, guideKo)
	if err != nil || !strings.Contains(got, "| 1 | 덧셈 | 5분 | 2 | Double을 작성합니다. |") || strings.Contains(got, "old") || !strings.HasSuffix(got, "본문.\n") {
		t.Errorf("renderOutlineKo = %v:\n%s", err, got)
	}
	if _, err := renderOutlineKo(c, guide); err == nil || !strings.Contains(err.Error(), "### 레슨 1: 덧셈 (5분)") {
		t.Errorf("renderOutlineKo with English headings = %v, want an error that gives the Korean heading", err)
	}
	if _, err := renderOutline(c, strings.Replace(guide, "(5 min)", "(6 min)", 1)); err == nil || !strings.Contains(err.Error(), "### Lesson 1: Adding (5 min)") {
		t.Errorf("renderOutline with a stale heading = %v, want an error that gives the right heading", err)
	}
	var out strings.Builder
	writeFile(t, filepath.Join(c.Root, "go.work"), work)
	if err := cmdIndex(&out, c, []string{"-check"}); err == nil || !strings.Contains(out.String(), "go.work is out of date with lessons.json: run `go tool task index`") {
		t.Errorf("index -check with a stale go.work = %v:\n%s", err, out.String())
	}
}

func TestNoTracebacks(t *testing.T) {
	msg := "Failed: aggclient.py printed '', want '3 + 4 = 7'\n  stderr: Traceback (most recent call last):\n    File \"aggclient.py\", line 98, in call_blocking\n      raise NotImplementedError(\"TODO\")\nNotImplementedError: TODO: make the blocking call"
	want := "Failed: aggclient.py printed '', want '3 + 4 = 7'\nNotImplementedError: TODO: make the blocking call"
	if got := noTracebacks(msg); got != want {
		t.Errorf("noTracebacks =\n%s\nwant\n%s", got, want)
	}
}

func TestFailureTextShowsEachLineOnceAndThreeCases(t *testing.T) {
	run := &testRun{Tests: map[string]*testOutcome{"TestSum": {}}}
	out := &run.Tests["TestSum"].Output
	out.WriteString("=== RUN   TestSum\n")
	for _, c := range []string{"a", "b", "c", "d", "e"} {
		out.WriteString("=== RUN   TestSum/" + c + "\n    calc_test.go:9: Sum(" + c + ") failed (see the TODO in calc.go)\n    calc_test.go:10: the same hint for every case\n--- FAIL: TestSum/" + c + " (0.00s)\n")
	}
	out.WriteString("--- FAIL: TestSum (0.00s)\n")
	want := "    calc_test.go:9: Sum(a) failed (see the TODO in calc.go)\n    calc_test.go:10: the same hint for every case\n    calc_test.go:9: Sum(b) failed (see the TODO in calc.go)\n    calc_test.go:9: Sum(c) failed (see the TODO in calc.go)\n    ... and 2 more failing cases"
	if got := failureText(run, "TestSum"); got != want {
		t.Errorf("failureText =\n%s\nwant\n%s", got, want)
	}
}

func TestSameGivenIgnoresModulePathAndImportOrder(t *testing.T) {
	starter := "package main\n\nimport (\n\t\"grpcworkshop/lessons/06-x\"\n\t\"grpcworkshop/proto\"\n)\n\nfunc main() {}\n"
	solution := "package main\n\nimport (\n\t\"grpcworkshop/proto\"\n\t\"grpcworkshop/solutions/06-x\"\n)\n\nfunc main() {}\n"
	if got := sameGiven([]byte(starter), []byte(solution)); got != "" {
		t.Errorf("sameGiven of two copies that differ only in module path and import order = %q, want \"\"", got)
	}
	changed := strings.Replace(solution, "func main() {}", "func main() { println() }", 1)
	if got := sameGiven([]byte(starter), []byte(changed)); got != "func main() {}" {
		t.Errorf("sameGiven of changed copies = %q, want the starter's line that differs", got)
	}
}
