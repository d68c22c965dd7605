package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// cmdTest runs one lesson's tests, on the learner's starter (lessons) or on
// the finished code (solutions), with the test output shown as it is.
func cmdTest(c *Course, args []string) error {
	if len(args) != 2 || (args[0] != "lessons" && args[0] != "solutions") {
		return errors.New("usage: go tool workshop test lessons|solutions N")
	}
	side := args[0]
	l, err := c.lesson(args[1])
	if err != nil {
		return err
	}
	dir := c.path(side, l)
	fmt.Printf("== %s: %s (%s/%s)\n", l.label(), l.Title, side, l.Dir)
	var python string
	if l.Kind == "python" {
		if python, err = ensureVenv(c.Root); err != nil {
			return err
		}
	}
	var run *testRun
	if l.Kind == "go" {
		run, err = runGoShown(dir, os.Stdout)
	} else {
		run, err = runPytest(dir, python)
		if err == nil {
			fmt.Print(run.Output)
		}
	}
	if err != nil {
		return err
	}
	ok := !run.BuildFailed && len(run.failed()) == 0
	if ok {
		fmt.Printf("\n%s passes.\n", l.label())
		if side == "lessons" {
			if l.Number < len(c.Lessons) {
				next := c.Lessons[l.Number]
				fmt.Printf("Next: lesson %d, %s. Read lessons/%s/README.md, then run: go tool task lesson-%d\n", next.Number, next.Title, next.Dir, next.Number)
			} else {
				fmt.Println("That was the last lesson. Well done!")
			}
		}
		return nil
	}
	if side == "lessons" {
		fmt.Println()
		switch {
		case run.BuildFailed:
			fmt.Printf("%s does not build: the compiler's message above names the file and line to fix.\n", l.label())
		default:
			fmt.Printf("%s is not finished yet: %d tests still fail.\n", l.label(), len(run.failed()))
			if name, msg := nextStep(l, run); name != "" {
				fmt.Printf("Work on %s first:\n    %s\n", name, msg)
			}
		}
		fmt.Printf("Stuck? go tool task hint-%d\n", l.Number)
	} else {
		fmt.Printf("\nThe solution of %s fails its tests: that is a bug in the workshop, please report it.\n", l.label())
	}
	return exitError(1)
}

// cmdStatus runs every lesson's tests on the learner's code and shows
// progress, then the next lesson to work on.
func cmdStatus(c *Course) error {
	var python string
	fmt.Println("Your progress (tests run on lessons/):")
	next := 0
	for _, l := range c.Lessons {
		start := time.Now()
		if l.Kind == "python" && python == "" {
			p, err := ensureVenv(c.Root)
			if err != nil {
				return err
			}
			python = p
		}
		run, err := runTestsJSON(l, c.path("lessons", l), python)
		mark, note := "✗", ""
		switch {
		case err != nil:
			note = "could not run: " + firstLine(err.Error())
		case run.BuildFailed:
			note = "does not build: run go tool task lesson-" + fmt.Sprint(l.Number) + " to see why"
		case len(run.Tests) == 0:
			note = "no tests ran"
		default:
			failed := run.failed()
			if len(failed) == 0 {
				mark = "✓"
			} else {
				note = fmt.Sprintf("%d of %d tests to go", len(failed), len(run.Tests))
			}
		}
		if mark != "✓" && next == 0 {
			next = l.Number
		}
		fmt.Printf("  %s %2d  %-45s %s\n", mark, l.Number, l.Title, strings.TrimSpace(note+" "+elapsed(start)))
	}
	fmt.Println()
	if next == 0 {
		fmt.Println("Every lesson passes. Try the demo: go tool task demo")
		return nil
	}
	l := c.Lessons[next-1]
	fmt.Printf("Next: lesson %d, %s.\n", l.Number, l.Title)
	fmt.Printf("  Read lessons/%s/README.md, then run: go tool task lesson-%d\n", l.Dir, l.Number)
	fmt.Printf("  Stuck? go tool task hint-%d\n", l.Number)
	return nil
}

func elapsed(start time.Time) string {
	d := time.Since(start)
	if d < 2*time.Second {
		return ""
	}
	return fmt.Sprintf("(%.0fs)", d.Seconds())
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// cmdHint prints a lesson's hint from the manifest.
func cmdHint(c *Course, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: go tool workshop hint N")
	}
	l, err := c.lesson(args[0])
	if err != nil {
		return err
	}
	fmt.Printf("Hint for %s, %s:\n\n  %s\n\nThe lesson's README, lessons/%s/README.md, walks through every step.\n", l.label(), l.Title, l.Hint, l.Dir)
	return nil
}

// cmdReset puts a lesson's starter back the way the repository has it. The
// learner's changes are not thrown away: git stash keeps them.
func cmdReset(c *Course, args []string) error {
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
	rel := "lessons/" + l.Dir
	if out, err := runQuiet(c.Root, "git", "rev-parse", "--is-inside-work-tree"); err != nil {
		return fmt.Errorf("reset needs a git clone of the workshop, and this folder is not one (%s)", strings.TrimSpace(out))
	}
	changes, err := runQuiet(c.Root, "git", "status", "--porcelain", "--", rel)
	if err != nil {
		return fmt.Errorf("git status failed: %s", strings.TrimSpace(changes))
	}
	if strings.TrimSpace(changes) == "" {
		fmt.Printf("%s has no changes since your last commit: nothing to reset.\n", rel)
		fmt.Printf("If you committed your work and want the original starter, run: git checkout origin/main -- %s\n", rel)
		return nil
	}
	msg := fmt.Sprintf("workshop reset of lesson %d, %s", l.Number, time.Now().Format("2006-01-02 15:04"))
	if out, err := runQuiet(c.Root, "git", "stash", "push", "--include-untracked", "-m", msg, "--", rel); err != nil {
		return fmt.Errorf("git stash failed, nothing was changed: %s", strings.TrimSpace(out))
	}
	fmt.Printf("%s is back to its starter.\n", rel)
	fmt.Printf("Your version is saved in git stash as %q.\n", msg)
	fmt.Println("To see it: git stash list    To bring it back: git stash pop")
	return nil
}

// nextStep picks the failing test the learner should work on first: the
// first in the manifest's todo list, which follows the README's steps, and
// the first line of its output that names a TODO.
func nextStep(l Lesson, run *testRun) (name, msg string) {
	failed := run.failed()
	for _, t := range l.Todo {
		if slices.Contains(failed, t) {
			name = t
			break
		}
	}
	if name == "" && len(failed) > 0 {
		name = failed[0]
	}
	if name == "" {
		return "", ""
	}
	for _, line := range strings.Split(run.Tests[name].Output.String(), "\n") {
		if strings.Contains(line, "TODO") {
			return name, strings.TrimSpace(line)
		}
	}
	return name, "(its output above says what went wrong)"
}
