package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// A stepper runs a lesson's tests one at a time; "" runs them all.
type stepper interface {
	run(test string) (*testRun, error)
	close()
}

// A walk is where a lesson stands: the first failing step and its run.
type walk struct {
	Step  int    // 1-based number of the first failing step; 0 when every step passes
	Build string // the compiler's (or pytest's) output when the lesson does not build
	Other string // a test outside the steps that fails once every step passes
	Run   *testRun
}

// walkSteps builds a lesson side once and runs its steps in the manifest's
// order, stopping at the first that fails. When every step passes it runs
// all the tests once more, to catch a test outside the steps.
func walkSteps(c *Course, l Lesson, dir string) (walk, error) {
	var s stepper
	if l.Kind == "python" {
		python, err := ensureVenv(c.Root)
		if err != nil {
			return walk{}, err
		}
		s = &pySteps{dir: dir, python: python}
	} else {
		g, build, err := newGoSteps(dir, filepath.Join(c.Root, ".workshop", "build", filepath.Base(filepath.Dir(dir))+"-"+l.Dir))
		if err != nil || g == nil {
			return walk{Build: build}, err
		}
		s = g
	}
	defer s.close()
	for i, step := range l.Steps {
		run, err := s.run(step.Test)
		if err != nil {
			return walk{}, err
		}
		o := run.Tests[step.Test]
		switch {
		case run.BuildFailed:
			return walk{Build: run.Output + failureText(run, step.Test)}, nil
		case o == nil:
			return walk{}, fmt.Errorf("lessons.json names step %s, but %s has no such test", step.Test, rel(c, dir))
		case !o.Passed:
			return walk{Step: i + 1, Run: run}, nil
		}
	}
	run, err := s.run("")
	if err != nil {
		return walk{}, err
	}
	if failed := run.failed(); len(failed) > 0 {
		return walk{Other: failed[0], Run: run}, nil
	}
	return walk{}, nil
}

// failureText is a failed test's output, trimmed for a learner: no RUN and
// PASS lines, each line once, at most 25 lines.
func failureText(run *testRun, name string) string {
	o := run.Tests[name]
	if o == nil {
		return ""
	}
	seen := map[string]bool{}
	var lines []string
	subtests := 0 // failed subtests: the first three are enough to see the pattern
	for _, line := range strings.Split(o.Output.String(), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--- FAIL: "+name+"/") {
			subtests++
		}
		if t == "" || seen[t] || subtests >= 3 || strings.HasPrefix(t, "=== ") || t == "PASS" || t == "FAIL" ||
			strings.HasPrefix(t, "--- ") {
			continue
		}
		seen[t] = true
		lines = append(lines, strings.TrimRight(line, " \r"))
	}
	if subtests > 3 {
		lines = append(lines, fmt.Sprintf("    ... and %d more failing cases", subtests-3))
	}
	if len(lines) > 25 {
		lines = append(lines[:24], fmt.Sprintf("    ... (%d more lines)", len(lines)-24))
	}
	return strings.Join(lines, "\n")
}

var firstGoError = regexp.MustCompile(`(?m)^\s*(\S+\.(?:go|proto|py)):\d+`)

// cmdTest runs one lesson's steps, on the learner's starter (lessons) or on
// the finished code (solutions). With -v it runs every test plainly.
func cmdTest(w io.Writer, c *Course, args []string) error {
	if len(args) < 2 || (args[0] != "lessons" && args[0] != "solutions") {
		return errors.New("usage: go tool workshop test lessons|solutions N [-v]")
	}
	side := args[0]
	l, err := c.lesson(args[1])
	if err != nil {
		return err
	}
	dir := c.path(side, l)
	fmt.Fprintf(w, "== %s: %s (%s/%s)\n", l.label(), l.Title, side, l.Dir)
	if len(args) > 2 && (args[2] == "-v" || args[2] == "all") {
		return plainTests(w, c, l, dir, nil)
	}
	res, err := walkSteps(c, l, dir)
	if err != nil {
		return err
	}
	if side == "lessons" {
		recordWalk(c, l, res)
	}
	report(w, c, l, res, side)
	if res.Step == 0 && res.Build == "" && res.Other == "" {
		return nil
	}
	return exitError(1)
}

// plainTests runs every test of a lesson side with its output as it comes.
func plainTests(w io.Writer, c *Course, l Lesson, dir string, env []string, args ...string) error {
	var err error
	if l.Kind == "python" {
		var python string
		if python, err = ensureVenv(c.Root); err == nil {
			err = runTo(w, dir, env, python, append([]string{"-m", "pytest", "-q", "-p", "no:cacheprovider"}, args...)...)
		}
	} else {
		err = runTo(w, dir, env, "go", append([]string{"test", "-count=1"}, append(args, "./...")...)...)
	}
	if err != nil {
		return exitError(1)
	}
	return nil
}

// report prints the result of walkSteps for a learner.
func report(w io.Writer, c *Course, l Lesson, res walk, side string) {
	n, total := l.Number, len(l.Steps)
	switch {
	case res.Build != "":
		out := strings.TrimSpace(res.Build)
		lines := strings.Split(out, "\n")
		if len(lines) > 12 {
			out = strings.Join(lines[:12], "\n")
		}
		where := "the file it names"
		if m := firstGoError.FindStringSubmatch(out); m != nil {
			where = m[1]
		}
		fmt.Fprintf(w, "%s\n\nlesson %d does not build: fix %s first (the first error above says where).\n", out, n, where)
	case res.Step > 0:
		step := l.Steps[res.Step-1]
		fmt.Fprintf(w, "%s\n\nstep %d/%d: %s in %s\n", failureText(res.Run, step.Test), res.Step, total, step.Test, step.File)
		if side == "solutions" {
			fmt.Fprintln(w, "The solution fails this step: that is a bug in the workshop, please report it.")
			return
		}
		fmt.Fprintf(w, "%d/%d steps done. Stuck? go tool task hint-%d\n", res.Step-1, total, n)
	case res.Other != "":
		fmt.Fprintf(w, "%s\n\nAll %d steps pass, but %s fails: the output above says why.\n", failureText(res.Run, res.Other), total, res.Other)
	default:
		fmt.Fprintf(w, "All %d steps of lesson %d pass.\n", total, n)
		if side == "lessons" && l.Further.Goal != "" {
			fmt.Fprintf(w, "Going further: %s Check it with: go tool task further-%d\n", l.Further.Goal, n)
		}
		if side == "lessons" && n < len(c.Lessons) {
			next := c.Lessons[n]
			fmt.Fprintf(w, "Next: lesson %d, %s. Read lessons/%s/README.md, then run: go tool task lesson-%d\n", next.Number, next.Title, next.Dir, next.Number)
		} else if side == "lessons" {
			fmt.Fprintln(w, "That was the last lesson. Well done!")
		}
	}
}

// stateFile remembers, per lesson, the step the learner is on and how many
// of its hints they have seen. It is git-ignored.
const stateFile = ".workshop/state.json"

type progress struct {
	Step  int       `json:"step"`  // first failing step; 0 when all pass
	Build bool      `json:"build"` // the lesson did not build
	Hints int       `json:"hints"` // hints of this step shown so far
	Time  time.Time `json:"time"`
}

func loadState(c *Course) map[int]*progress {
	st := map[int]*progress{}
	if data, err := os.ReadFile(filepath.Join(c.Root, stateFile)); err == nil {
		json.Unmarshal(data, &st) // a broken file is as good as none
	}
	return st
}

func saveState(c *Course, st map[int]*progress) {
	data, _ := json.MarshalIndent(st, "", "  ")
	p := filepath.Join(c.Root, stateFile)
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		os.WriteFile(p, data, 0o644) // only a convenience: a failure costs a re-run
	}
}

// recordWalk stores where the learner is; the hint level starts again when
// the step changes.
func recordWalk(c *Course, l Lesson, res walk) *progress {
	st := loadState(c)
	p := &progress{Step: res.Step, Build: res.Build != "", Time: time.Now()}
	if old := st[l.Number]; old != nil && old.Step == p.Step {
		p.Hints = old.Hints
	}
	st[l.Number] = p
	saveState(c, st)
	return p
}

// current returns the recorded progress of a lesson, running its steps
// again when the record is missing or older than the lesson's files.
func current(w io.Writer, c *Course, l Lesson, rerunMissing bool) (*progress, error) {
	p := loadState(c)[l.Number]
	if p == nil && !rerunMissing {
		return nil, nil
	}
	if p != nil && !changedSince(c.path("lessons", l), p.Time) {
		return p, nil
	}
	fmt.Fprintf(w, "(running lesson %d's steps to see where you are ...)\n", l.Number)
	res, err := walkSteps(c, l, c.path("lessons", l))
	if err != nil {
		return nil, err
	}
	return recordWalk(c, l, res), nil
}

// changedSince reports whether a file below dir was modified after t.
func changedSince(dir string, t time.Time) bool {
	changed := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if info, err := d.Info(); err == nil && !d.IsDir() && info.ModTime().After(t) {
			changed = true
			return filepath.SkipAll
		}
		return nil
	})
	return changed
}

// cmdStatus shows progress from what lesson-N last recorded. It runs the
// steps again only for a lesson edited since then, so it answers in
// seconds; a lesson never run says so.
func cmdStatus(w io.Writer, c *Course) error {
	fmt.Fprintln(w, "Your progress (as go tool task lesson-N last saw it; lessons edited since are run again):")
	next := 0
	for _, l := range c.Lessons {
		p, err := current(w, c, l, false)
		mark, note := "·", "not run yet"
		switch {
		case err != nil:
			mark, note = "✗", "could not run: "+strings.SplitN(err.Error(), "\n", 2)[0]
		case p == nil:
		case p.Build:
			mark, note = "✗", fmt.Sprintf("does not build: go tool task lesson-%d shows why", l.Number)
		case p.Step == 0:
			mark, note = "✓", fmt.Sprintf("%d/%d steps", len(l.Steps), len(l.Steps))
		default:
			s := l.Steps[p.Step-1]
			mark, note = "✗", fmt.Sprintf("%d/%d steps, next: %s in %s", p.Step-1, len(l.Steps), s.Test, s.File)
		}
		if mark != "✓" && next == 0 {
			next = l.Number
		}
		fmt.Fprintf(w, "  %s %2d  %-45s %s\n", mark, l.Number, l.Title, note)
	}
	if next == 0 {
		fmt.Fprintln(w, "\nEvery lesson passes. Try the Going further exercises (go tool task further-N) and the demo: go tool task demo")
		return nil
	}
	l := c.Lessons[next-1]
	fmt.Fprintf(w, "\nNext: lesson %d, %s.\n  Read lessons/%s/README.md, then run: go tool task lesson-%d\n", l.Number, l.Title, l.Dir, l.Number)
	return nil
}

// cmdHint shows the next hint of the step the learner is on: the idea and
// where to read first, more on each new request, and after the last one
// where the answer is. Never the code.
func cmdHint(w io.Writer, c *Course, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: go tool workshop hint N")
	}
	l, err := c.lesson(args[0])
	if err != nil {
		return err
	}
	p, err := current(w, c, l, true)
	if err != nil {
		return err
	}
	n := l.Number
	switch {
	case p.Build:
		fmt.Fprintf(w, "Lesson %d does not build yet: go tool task lesson-%d shows the compiler's first error; fix that first.\n", n, n)
		return nil
	case p.Step == 0:
		fmt.Fprintf(w, "Every step of lesson %d passes. Going further: %s\nCheck it with: go tool task further-%d\n", n, l.Further.Goal, n)
		return nil
	}
	s := l.Steps[p.Step-1]
	if p.Hints >= len(s.Hints) {
		fmt.Fprintf(w, "No more hints for step %d/%d (%s in %s).\nThe answer is in solutions/%s/%s: compare it with yours, or run go tool task solution-%d.\n",
			p.Step, len(l.Steps), s.Test, s.File, l.Dir, s.File, n)
		return nil
	}
	fmt.Fprintf(w, "Hint %d/%d for lesson %d, step %d/%d (%s in %s):\n\n%s\n\n", p.Hints+1, len(s.Hints), n, p.Step, len(l.Steps), s.Test, s.File, indent(s.Hints[p.Hints], "  "))
	if p.Hints+1 < len(s.Hints) {
		fmt.Fprintf(w, "Still stuck? Ask again for more: go tool task hint-%d\n", n)
	}
	st := loadState(c)
	p.Hints++
	st[n] = p
	saveState(c, st)
	return nil
}

// cmdFurther runs a lesson's Going further test on the learner's code.
func cmdFurther(w io.Writer, c *Course, args []string) error {
	if len(args) < 1 {
		return errors.New("usage: go tool workshop further N [-v]")
	}
	l, err := c.lesson(args[0])
	if err != nil {
		return err
	}
	if l.Further.Test == "" {
		fmt.Fprintf(w, "%s has no Going further exercise yet.\n", l.label())
		return nil
	}
	fmt.Fprintf(w, "== Going further, %s: %s\n", l.label(), l.Further.Goal)
	run, err := runFurther(c, l, c.path("lessons", l), len(args) > 1 && args[1] == "-v", w)
	if err != nil || run == nil {
		return err
	}
	failed := run.failed()
	switch {
	case run.BuildFailed:
		fmt.Fprintf(w, "%s\n\nThe Going further test does not build yet: it uses what the exercise asks you to add (see the first error above).\n", lastLines(strings.TrimSpace(run.Output), 12))
	case len(failed) > 0:
		fmt.Fprintf(w, "%s\n\n%s fails: not done yet. The README's Going further section says what to build.\n", failureText(run, failed[0]), failed[0])
	case len(run.Tests) == 0:
		fmt.Fprintln(w, "No Going further test ran: that is a bug in the workshop, please report it.")
	default:
		fmt.Fprintf(w, "Going further of lesson %d passes. Well done!\n", l.Number)
		return nil
	}
	return exitError(1)
}

// runFurther runs the Going further test of a lesson side: Go tests built
// with the further tag, or test_further.py with WORKSHOP_FURTHER=1. With
// shown, the output goes to w as it comes and no result is returned.
func runFurther(c *Course, l Lesson, dir string, shown bool, w io.Writer) (*testRun, error) {
	env := []string{"WORKSHOP_FURTHER=1"}
	if shown {
		args := []string{"-tags", "further", "-run", "^TestFurther"}
		if l.Kind == "python" {
			args = []string{"test_further.py"}
		}
		return nil, plainTests(w, c, l, dir, env, args...)
	}
	if l.Kind == "python" {
		python, err := ensureVenv(c.Root)
		if err != nil {
			return nil, err
		}
		return runPytest(dir, python, env, "test_further.py")
	}
	return goTestJSON(dir, nil, "-count=1", "-tags", "further", "-run", "^TestFurther", "./...")
}

// cmdReset puts a lesson's starter back the way the repository has it. The
// learner's changes are not thrown away: git stash keeps them.
func cmdReset(w io.Writer, c *Course, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: go tool workshop reset N")
	}
	l, err := c.lesson(args[0])
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("git"); err != nil {
		return errors.New("reset needs git, and git is not installed: install it (go tool task doctor shows how), or copy the starter back from a fresh download of the workshop")
	}
	dir := "lessons/" + l.Dir
	if out, err := runQuiet(c.Root, "git", "rev-parse", "--is-inside-work-tree"); err != nil {
		return fmt.Errorf("reset needs a git clone of the workshop, and this folder is not one (%s)", strings.TrimSpace(out))
	}
	changes, err := runQuiet(c.Root, "git", "status", "--porcelain", "--", dir)
	if err != nil {
		return fmt.Errorf("git status failed: %s", strings.TrimSpace(changes))
	}
	if strings.TrimSpace(changes) == "" {
		fmt.Fprintf(w, "%s has no changes since your last commit: nothing to reset.\n", dir)
		fmt.Fprintf(w, "If you committed your work and want the original starter, run: git checkout origin/main -- %s\n", dir)
		return nil
	}
	msg := fmt.Sprintf("workshop reset of lesson %d, %s", l.Number, time.Now().Format("2006-01-02 15:04"))
	if out, err := runQuiet(c.Root, "git", "stash", "push", "--include-untracked", "-m", msg, "--", dir); err != nil {
		return fmt.Errorf("git stash failed, nothing was changed: %s", strings.TrimSpace(out))
	}
	fmt.Fprintf(w, "%s is back to its starter. Your version is saved in git stash as %q.\n", dir, msg)
	fmt.Fprintf(w, "To bring it back now: git stash pop\n")
	fmt.Fprintf(w, "Once you have edited %s again, git stash pop refuses to overwrite your edits.\n", dir)
	fmt.Fprintf(w, "Then look at your saved version with git stash show -p, or take its files back with: git checkout stash@{0} -- %s\n", dir)
	return nil
}

func rel(c *Course, path string) string {
	r, err := filepath.Rel(c.Root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}
