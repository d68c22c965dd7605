package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// junitReport is the part of pytest's --junitxml report that we read.
type junitReport struct {
	Cases []struct {
		Name     string  `xml:"name,attr"`
		Time     float64 `xml:"time,attr"`
		Problems []struct {
			XMLName xml.Name
			Message string `xml:"message,attr"`
		} `xml:",any"`
	} `xml:"testsuite>testcase"`
}

// runPytest runs pytest in dir with the project's venv and records each test function, parametrized
// cases folded into it. A failure's output is pytest's message (the
// assertion) with Python tracebacks cut down to their last line.
func runPytest(dir, python string, env []string, args ...string) (*testRun, error) {
	report := filepath.Join(os.TempDir(), fmt.Sprintf("workshop-pytest-%d.xml", os.Getpid()))
	defer os.Remove(report)
	cmd := exec.Command(python, append([]string{"-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=line", "--junitxml=" + report}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, _ := cmd.CombinedOutput()
	run := &testRun{Tests: map[string]*testOutcome{}, Output: string(out)}
	data, err := os.ReadFile(report)
	if err != nil {
		run.BuildFailed = true
		return run, nil
	}
	var rep junitReport
	if err := xml.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("cannot read pytest's report: %w", err)
	}
	for _, tc := range rep.Cases {
		top, _, _ := strings.Cut(tc.Name, "[")
		o := run.Tests[top]
		if o == nil {
			o = &testOutcome{Passed: true}
			run.Tests[top] = o
		}
		o.Elapsed += tc.Time
		for _, p := range tc.Problems {
			switch p.XMLName.Local {
			case "error":
				// A broken fixture or import: Python's build failure.
				run.BuildFailed = true
				fallthrough
			case "failure":
				o.Passed = false
				o.Output.WriteString(noTracebacks(p.Message) + "\n")
			}
		}
	}
	if strings.Contains(run.Output, "ERROR collecting") || strings.Contains(run.Output, "errors during collection") {
		run.BuildFailed = true
	}
	return run, nil
}

// noTracebacks keeps the last line of every Python traceback in s (the
// exception and its message) and drops the frames above it.
func noTracebacks(s string) string {
	var keep []string
	inTrace := false
	for _, line := range strings.Split(s, "\n") {
		switch {
		case strings.Contains(line, "Traceback (most recent call last)"):
			inTrace = true
		case inTrace && strings.HasPrefix(line, " "):
		default:
			inTrace = false
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// pySteps runs a Python lesson's tests one at a time.
type pySteps struct {
	dir, python string
	env         []string
}

// run runs the tests named name (-k: all cases of the function, and any
// test whose name contains it), or every test when name is "".
func (p *pySteps) run(name string) (*testRun, error) {
	if name == "" {
		return runPytest(p.dir, p.python, p.env, ".")
	}
	return runPytest(p.dir, p.python, p.env, ".", "-k", name)
}
