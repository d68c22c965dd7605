package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A walk is where a lesson side stands: its first failing step (0: none), or
// its build failure, or a test outside the steps that fails when all pass.
type walk struct {
	Step         int
	Build, Other string
	Run          *testRun
	Why          string // why the step fails, when the run alone does not say
}

// walkSteps builds a lesson side once and runs its steps in order up to the
// first that fails; when all pass, every test once more.
func walkSteps(c *Course, l Lesson, dir string) (walk, error) {
	s, err := newStepper(c, l, dir, false)
	if err != nil {
		return walk{}, err
	}
	if l.Kind == "go-tests" {
		return walkMutants(s, l), nil
	}
	for i, st := range append(l.Steps, Step{}) { // the empty step runs every test
		step := st.Test
		switch run := s.run(step); {
		case run.BuildFailed:
			return walk{Build: run.Output}, nil
		case step == "" && len(run.failed()) > 0:
			return walk{Other: run.failed()[0], Run: run}, nil
		case step != "" && run.Tests[step] == nil:
			return walk{}, fmt.Errorf("lessons.json names step %s, but %s has no such test", step, dir)
		case step != "" && !run.Tests[step].Passed:
			return walk{Step: i + 1, Run: run}, nil
		}
	}
	return walk{}, nil
}

// failureText is a failed test's output, trimmed for a learner: no RUN,
// PASS or FAIL lines, each line once, three failing cases at most.
func failureText(run *testRun, name string) string {
	seen, lines, cases := map[string]bool{}, []string{}, 0
	for _, line := range strings.Split(run.Tests[name].Output.String(), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--- FAIL: "+name+"/") {
			cases++
		}
		if t == "" || seen[t] || cases >= 3 || t == "PASS" || t == "FAIL" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		seen[t] = true
		lines = append(lines, strings.TrimRight(line, " \r"))
	}
	if cases > 3 {
		lines = append(lines, fmt.Sprintf("    ... and %d more failing cases", cases-3))
	}
	if len(lines) > 25 {
		lines = append(lines[:24], fmt.Sprintf("    ... (%d more lines)", len(lines)-24))
	}
	return strings.Join(lines, "\n")
}

// buildText is the start of a build failure and the file it names first.
func buildText(out string) (text, file string) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	text = strings.Join(lines[:min(len(lines), 12)], "\n")
	if m := regexp.MustCompile(`(?m)^\s*(\S+\.(?:go|proto)):\d+|File "(\S+\.py)", line`).FindStringSubmatch(text); m != nil {
		if file = strings.TrimPrefix(m[1]+m[2], "./"); filepath.IsAbs(file) {
			file = filepath.Base(file)
		}
		return text, file
	}
	return text, "the file it names"
}

// cmdTest runs a lesson's steps on the starter or the solution; -v runs all.
func cmdTest(w io.Writer, c *Course, args []string) error {
	if len(args) < 2 || (args[0] != "lessons" && args[0] != "solutions") {
		return errors.New("usage: go tool workshop test lessons|solutions N [-v]")
	}
	side := args[0]
	l, err := lessonArg(c, args[1:], "test "+side)
	if err != nil {
		return err
	}
	dir := c.path(side, l)
	fmt.Fprintf(w, "== %s: %s (%s/%s)\n", l.label(), l.Title, side, l.Dir)
	if len(args) > 2 {
		return plainTests(w, c, l, dir)
	}
	res, err := walkSteps(c, l, dir)
	if err != nil {
		return err
	}
	n, total, learner := l.Number, len(l.Steps), side == "lessons"
	if learner {
		recordWalk(c, l, res)
	}
	switch {
	case res.Build != "":
		text, file := buildText(res.Build)
		fmt.Fprintf(w, "%s\n\nlesson %d does not build: fix %s first (the first error above says where).\n", text, n, file)
	case res.Step > 0:
		step := l.Steps[res.Step-1]
		if res.Why == "" {
			res.Why = failureText(res.Run, step.Test)
		}
		fmt.Fprintf(w, "%s\n\nstep %d/%d: %s in %s\n", res.Why, res.Step, total, step.what(), step.File)
		tail := fmt.Sprintf("%d/%d steps done. Stuck? go tool task hint-%d", res.Step-1, total, n)
		if !learner {
			tail = "The solution fails this step: that is a bug in the workshop, please report it."
		}
		fmt.Fprintln(w, tail)
	case res.Other != "":
		fmt.Fprintf(w, "%s\n\nAll %d steps pass, but %s fails: the output above says why.\n", failureText(res.Run, res.Other), total, res.Other)
	default:
		if res.Why != "" {
			fmt.Fprintln(w, res.Why)
		}
		fmt.Fprintf(w, "All %d steps of lesson %d pass.\n", total, n)
		if learner && l.Further.Goal != "" {
			fmt.Fprintf(w, "Going further: %s Check it with: go tool task further-%d\n", l.Further.Goal, n)
		}
		if i := slices.IndexFunc(c.Lessons, func(x Lesson) bool { return x.Number > n }); learner && i >= 0 {
			next := c.Lessons[i]
			fmt.Fprintf(w, "Next: lesson %d, %s. Read lessons/%s/README.md, then run: go tool task lesson-%d\n", next.Number, next.Title, next.Dir, next.Number)
		} else if learner {
			fmt.Fprintln(w, "That was the last lesson. Well done!")
		}
		return nil
	}
	return exitError(1)
}

// plainTests runs every test of a lesson side with plain go test or
// pytest, the output going to w as it comes.
func plainTests(w io.Writer, c *Course, l Lesson, dir string) error {
	cmd := []string{"go", "test", "-count=1", "./..."}
	if l.Kind == "python" {
		python, err := ensureVenv(c.Root)
		if err != nil {
			return err
		}
		cmd = []string{python, "-m", "pytest", "-q", "-p", "no:cacheprovider"}
	}
	if runTo(w, dir, nil, cmd[0], cmd[1:]...) != nil {
		return exitError(1)
	}
	return nil
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

// saveProgress stores a lesson's progress. It is only a convenience: if it
// fails, the next command runs the steps again.
func saveProgress(c *Course, n int, p *progress) {
	st := loadState(c)
	st[n] = p
	data, _ := json.MarshalIndent(st, "", "  ")
	os.MkdirAll(filepath.Join(c.Root, ".workshop"), 0o755)
	os.WriteFile(filepath.Join(c.Root, stateFile), data, 0o644)
}

// recordWalk stores where the learner is; the hints start again when the
// step changes.
func recordWalk(c *Course, l Lesson, res walk) *progress {
	p := &progress{Step: res.Step, Build: res.Build != "", Time: time.Now()}
	if old := loadState(c)[l.Number]; old != nil && old.Step == p.Step {
		p.Hints = old.Hints
	}
	saveProgress(c, l.Number, p)
	return p
}

// current returns a lesson's recorded progress, running its steps again if
// the lesson changed since (or, with rerunMissing, if there is no record).
func current(w io.Writer, c *Course, l Lesson, rerunMissing bool) (*progress, error) {
	p, dir := loadState(c)[l.Number], c.path("lessons", l)
	changed := p == nil || p.Step > len(l.Steps)
	if !changed {
		filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
			if info, err := d.Info(); err == nil && !d.IsDir() && info.ModTime().After(p.Time) {
				changed = true
				return filepath.SkipAll
			}
			return nil
		})
	}
	if !changed || (p == nil && !rerunMissing) {
		return p, nil
	}
	fmt.Fprintf(w, lang(korean()).pick("(running lesson %d's steps to see where you are ...)\n", "(지금 어디쯤인지 보려고 레슨 %d의 단계를 실행합니다 ...)\n"), l.Number)
	res, err := walkSteps(c, l, dir)
	if err != nil {
		return nil, err
	}
	return recordWalk(c, l, res), nil
}

// cmdStatus shows progress as lesson-N recorded it, running again only the
// lessons edited since: it answers in seconds.
// In Korean (WORKSHOP_LANG=ko or LANG=ko_KR.UTF-8) it speaks Korean.
func cmdStatus(w io.Writer, c *Course, _ []string) error {
	k := lang(korean())
	fmt.Fprintln(w, k.pick("Your progress (as go tool task lesson-N last saw it; lessons edited since are run again):",
		"진행 상황 (go tool task lesson-N을 마지막으로 실행했을 때 기준이고, 그 뒤에 고친 레슨은 다시 실행합니다):"))
	next := 0
	for _, l := range c.Lessons {
		p, err := current(w, c, l, false)
		mark, note := "✗", ""
		switch {
		case err != nil:
			note = k.pick("could not run: ", "실행하지 못했습니다: ") + firstLine(err.Error())
		case p == nil:
			mark, note = "·", k.pick("not run yet", "아직 실행하지 않음")
		case p.Build:
			note = fmt.Sprintf(k.pick("does not build: go tool task lesson-%d shows why", "빌드되지 않음: 이유는 go tool task lesson-%d에서 확인"), l.Number)
		case p.Step == 0:
			mark, note = "✓", fmt.Sprintf(k.pick("%d/%d steps", "%d/%d 단계"), len(l.Steps), len(l.Steps))
		default:
			s := l.Steps[p.Step-1]
			note = fmt.Sprintf(k.pick("%d/%d steps, next: %s in %s", "%d/%d 단계, 다음: %[4]s의 %[3]s"), p.Step-1, len(l.Steps), s.whatIn(k), s.File)
		}
		if mark != "✓" && next == 0 {
			next = l.Number
		}
		fmt.Fprintf(w, "  %s %2d  %s %s\n", mark, l.Number, pad(k.title(l), 50), note)
	}
	if next == 0 {
		fmt.Fprintln(w, k.pick("\nEvery lesson passes. Try the Going further exercises (go tool task further-N) and the demo: go tool task demo",
			"\n모든 레슨이 통과합니다. 더 나아가기 문제(go tool task further-N)와 데모(go tool task demo)도 해 보세요."))
		return nil
	}
	l, _ := c.lesson(strconv.Itoa(next))
	fmt.Fprintf(w, k.pick("\nNext: lesson %d, %s.\n  Read lessons/%s/README%s.md, then run: go tool task lesson-%d\n",
		"\n다음: 레슨 %d, %s.\n  lessons/%s/README%s.md를 읽고 다음을 실행하세요: go tool task lesson-%d\n"), l.Number, k.title(l), l.Dir, k.pick("", ".ko"), l.Number)
	return nil
}

// pad fills s with spaces to n columns, a Hangul syllable taking two.
func pad(s string, n int) string {
	for _, r := range s {
		n--
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff60) {
			n--
		}
	}
	return s + strings.Repeat(" ", max(n, 0))
}

// cmdHint shows the next hint of the learner's step (the idea first, more on
// each request), then where the answer is. Never the code.
// In Korean (WORKSHOP_LANG=ko or LANG=ko_KR.UTF-8) it speaks Korean.
func cmdHint(w io.Writer, c *Course, args []string) error {
	l, err := lessonArg(c, args, "hint")
	if err != nil {
		return err
	}
	p, err := current(w, c, l, true)
	if err != nil {
		return err
	}
	n, k := l.Number, lang(korean())
	switch {
	case p.Build:
		fmt.Fprintf(w, k.pick("Lesson %d does not build yet: go tool task lesson-%d shows the compiler's first error; fix that first.\n",
			"레슨 %d: 아직 빌드되지 않습니다. go tool task lesson-%d에 나오는 컴파일러의 첫 오류부터 고치세요.\n"), n, n)
		return nil
	case p.Step == 0:
		fmt.Fprintf(w, k.pick("Every step of lesson %d passes. Going further: %s\nCheck it with: go tool task further-%d\n",
			"레슨 %d의 모든 단계가 통과합니다. 더 나아가기: %s\n확인: go tool task further-%d\n"), n, k.pick(l.Further.Goal, cmp.Or(l.Ko.Further, l.Further.Goal)), n)
		return nil
	}
	s, hints := l.Steps[p.Step-1], l.Steps[p.Step-1].hintsIn(k)
	where := fmt.Sprintf(k.pick("step %d/%d (%s in %s)", "%d/%d 단계 (%[4]s의 %[3]s)"), p.Step, len(l.Steps), s.whatIn(k), s.File)
	if p.Hints >= len(hints) {
		fmt.Fprintf(w, k.pick("No more hints for %s.\nThe answer is in solutions/%s/%s: compare it with yours, or run go tool task solution-%d.\n",
			"%s의 힌트는 여기까지입니다.\n답은 solutions/%s/%s에 있습니다: 여러분의 코드와 비교하거나, go tool task solution-%d 명령으로 해답 코드를 실행해 보세요.\n"), where, l.Dir, s.File, n)
		return nil
	}
	fmt.Fprintf(w, k.pick("Hint %d/%d for lesson %d, %s:\n\n%s\n", "힌트 %d/%d, 레슨 %d, %s:\n\n%s\n"), p.Hints+1, len(hints), n, where, indent(hints[p.Hints], "  "))
	if p.Hints+1 < len(hints) {
		fmt.Fprintf(w, k.pick("Still stuck? Ask again for more: go tool task hint-%d\n", "아직 막히나요? 한 번 더 물어보세요: go tool task hint-%d\n"), n)
	}
	p.Hints++
	saveProgress(c, n, p)
	return nil
}

// cmdFurther runs a lesson's Going further test on the learner's code.
func cmdFurther(w io.Writer, c *Course, args []string) error {
	l, err := lessonArg(c, args, "further")
	if err != nil {
		return err
	} else if l.Further.Test == "" {
		fmt.Fprintf(w, "%s has no Going further exercise yet.\n", l.label())
		return nil
	}
	fmt.Fprintf(w, "== Going further, %s: %s\n", l.label(), l.Further.Goal)
	run, why, err := furtherRun(c, l)
	if err != nil {
		return err
	}
	switch o := run.Tests[l.Further.Test]; {
	case run.BuildFailed:
		text, _ := buildText(run.Output)
		fmt.Fprintf(w, "%s\n\nThe Going further test does not build yet: it uses what the exercise asks you to add (the first error above).\n", text)
	case why != "":
		fmt.Fprintln(w, why)
	case l.Kind == "go-tests":
		fmt.Fprintf(w, "Your tests catch mutant %s. Going further of lesson %d passes. Well done!\n", l.Further.Mutant, l.Number)
		return nil
	case o == nil:
		fmt.Fprintf(w, "%s did not run: that is a bug in the workshop, please report it.\n", l.Further.Test)
	case !o.Passed:
		fmt.Fprintf(w, "%s\n\n%s fails: not done yet. The README's Going further section says what to build.\n", failureText(run, l.Further.Test), l.Further.Test)
	default:
		fmt.Fprintf(w, "Going further of lesson %d passes. Well done!\n", l.Number)
		return nil
	}
	return exitError(1)
}

// furtherRun runs the Going further test on the learner's code, or in a
// go-tests lesson, the learner's tests on the further mutant.
func furtherRun(c *Course, l Lesson) (*testRun, string, error) {
	if l.Kind != "go-tests" {
		run, err := runTests(c, l, c.path("lessons", l), true, l.Further.Test)
		return run, "", err
	}
	s, err := newStepper(c, l, c.path("lessons", l), false)
	if err != nil {
		return nil, "", err
	}
	run, why := mutantStep(s, Step{Mutant: l.Further.Mutant, Test: l.Further.Test})
	return run, why, nil
}

// runTests runs one test of a lesson side, or all when name is "".
func runTests(c *Course, l Lesson, dir string, further bool, name string) (*testRun, error) {
	s, err := newStepper(c, l, dir, further)
	if err != nil {
		return nil, err
	}
	return s.run(name), nil
}

// cmdReset puts a lesson's starter back; git stash keeps the learner's work.
func cmdReset(w io.Writer, c *Course, args []string) error {
	l, err := lessonArg(c, args, "reset")
	if err != nil {
		return err
	}
	dir := "lessons/" + l.Dir
	changes, err := runQuiet(c.Root, "git", "status", "--porcelain", "--", dir)
	if err != nil {
		return fmt.Errorf("reset needs git and a git clone of the workshop (go tool task doctor shows how to install git): %v %s", err, strings.TrimSpace(changes))
	}
	if strings.TrimSpace(changes) == "" {
		fmt.Fprintf(w, "%s has no changes since your last commit: nothing to reset.\nIf you committed your work and want the original starter, run: git checkout origin/main -- %s\n", dir, dir)
		return nil
	}
	msg := fmt.Sprintf("workshop reset of lesson %d, %s", l.Number, time.Now().Format("2006-01-02 15:04"))
	if out, err := runQuiet(c.Root, "git", "stash", "push", "--include-untracked", "-m", msg, "--", dir); err != nil {
		return fmt.Errorf("git stash failed, nothing was changed: %s", strings.TrimSpace(out))
	}
	fmt.Fprintf(w, "%s is back to its starter. Your version is saved in git stash as %q.\n", dir, msg)
	fmt.Fprintf(w, "To bring it back now: git stash pop\nOnce you have edited %s again, git stash pop refuses to overwrite your edits.\n", dir)
	fmt.Fprintf(w, "Then look at your saved version with git stash show -p, or take its files back with: git checkout \"stash@{0}\" -- %s\n", dir)
	return nil
}

func lessonArg(c *Course, args []string, cmd string) (Lesson, error) {
	if len(args) < 1 || len(args) > 2 || (len(args) == 2 && args[1] != "-v") {
		return Lesson{}, fmt.Errorf("usage: go tool workshop %s N", cmd)
	}
	return c.lesson(args[0])
}
