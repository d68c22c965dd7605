package main

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
)

// A go-tests lesson is one where the learner writes the tests (lesson 12).
// Its code under test serves the mutant that the environment variable
// WORKSHOP_MUTANT names (the real service when it is empty), and each step
// names a mutant: the learner's tests, run with it, must fail ("catch" it).
// The first step names none: the tests must pass on the real service.
// docs/contributing.md describes the contract.

const mutantEnv = "WORKSHOP_MUTANT"

// mutantTimeout bounds one run against one mutant: a stream that never
// ends hangs a test that gives its call no deadline.
const mutantTimeout = "20s"

// mutantRun runs every test of a lesson side against one implementation.
func mutantRun(s stepper, mutant string) *testRun {
	if g, ok := s.(goSteps); ok {
		return g.runWith("", []string{mutantEnv + "=" + mutant}, "-test.timeout="+mutantTimeout)
	}
	return s.run("") // a build failure
}

func (r *testRun) timedOut() bool { return strings.Contains(r.Output, "panic: test timed out") }

// walkMutants runs a go-tests lesson's steps up to the first that fails;
// when none does, Why says which tests caught each mutant.
func walkMutants(s stepper, l Lesson) walk {
	var caught []string
	for i, st := range l.Steps {
		if run, why := mutantStep(s, st); run.BuildFailed {
			return walk{Build: run.Output}
		} else if why != "" {
			return walk{Step: i + 1, Run: run, Why: why}
		} else if st.Mutant != "" {
			caught = append(caught, fmt.Sprintf("  %-10s caught by %s", st.Mutant, cmp.Or(strings.Join(run.failed(), ", "), "a failure outside the tests")))
		}
	}
	return walk{Why: "Your tests pass on the real service, and fail on every mutant:\n" + strings.Join(caught, "\n")}
}

// mutantStep runs one step and says why it fails, for the learner; ""
// when it passes or does not build (the run says so).
func mutantStep(s stepper, st Step) (*testRun, string) {
	run := mutantRun(s, st.Mutant)
	switch {
	case run.BuildFailed:
	case st.Mutant == "" && run.Failed:
		return run, runText(run) + "\n\nYour tests fail on the real service, which has no bug to catch: fix the test (the output above says where)."
	case run.timedOut():
		return run, fmt.Sprintf("%s\n\nMutant %s hangs your tests until go test's %s timeout: give every call a deadline, so that a test fails fast.", runText(run), st.Mutant, mutantTimeout)
	case st.Mutant != "" && !run.Failed:
		skips := ""
		if strings.Contains(run.Output, "--- SKIP") {
			skips = "\nSome of your tests skip (go test -v shows which): a test that skips catches nothing."
		}
		return run, fmt.Sprintf("Mutant %s survives: every one of your tests passes on it, so they would let its bug through.%s\nWrite the test that fails on it (%s) and passes on the real service; service/mutants.go shows the bug.", st.Mutant, skips, st.Test)
	}
	return run, ""
}

// runText is what a failed run says: go test's timeout panic and the tests
// it stopped (not every goroutine), or the first failed test's output.
func runText(run *testRun) string {
	if _, after, ok := strings.Cut(run.Output, "panic: test timed out"); ok {
		return strings.SplitN("panic: test timed out"+after, "\n\n", 2)[0]
	}
	if names := run.failed(); len(names) > 0 {
		return failureText(run, names[0])
	}
	return lastLines(run.Output, 15)
}

// verifyMutants checks a go-tests lesson: the starter's and the solution's
// tests pass on the real service; the starter's catch no mutant (the
// learner has every step to do) and the solution's catch every one, the
// Going further mutant too.
func verifyMutants(c *Course, l Lesson) (problems []string, summary string) {
	st, err1 := newStepper(c, l, c.path("lessons", l), false)
	so, err2 := newStepper(c, l, c.path("solutions", l), false)
	if err := errors.Join(err1, err2); err != nil {
		return []string{err.Error()}, ""
	}
	if len(l.Steps) == 0 || l.Steps[0].Mutant != "" || l.Further.Mutant == "" {
		problems = append(problems, "the first step must name no mutant (the tests pass on the real service first), and further must name one")
	}
	for _, m := range append(stepMutants(l), l.Further.Mutant) {
		a, b := mutantRun(st, m), mutantRun(so, m)
		switch {
		case a.BuildFailed || b.BuildFailed:
			return append(problems, "the starter's or the solution's tests do not build:\n"+indent(lastLines(a.Output+b.Output, 15), "  ")), ""
		case m == "" && (a.Failed || b.Failed):
			problems = append(problems, "the starter's or the solution's tests fail on the real service:\n"+indent(lastLines(a.Output+b.Output, 15), "  "))
		case m != "" && a.Failed:
			problems = append(problems, fmt.Sprintf("the starter's tests already catch mutant %s: the learner would have nothing to do\n%s", m, indent(lastLines(a.Output, 12), "  ")))
		case m != "" && (!b.Failed || b.timedOut()):
			problems = append(problems, fmt.Sprintf("the solution's tests let mutant %s survive (or hang on it)\n%s", m, indent(lastLines(b.Output, 12), "  ")))
		}
	}
	return problems, fmt.Sprintf("starter and solution pass on the real service; the starter catches none of %d mutants, the solution all (further: %s)", len(l.Steps), l.Further.Mutant)
}

func stepMutants(l Lesson) (names []string) {
	for _, s := range l.Steps {
		names = append(names, s.Mutant)
	}
	return names
}
