package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// pySteps runs a Python lesson side's tests with pytest, in the venv.
type pySteps struct {
	dir, python string
	env         []string
}

// run runs the tests whose names contain name (-k), or all, and records each
// test function; a failure's output is pytest's message, the assertion.
func (p *pySteps) run(name string) *testRun {
	report := filepath.Join(os.TempDir(), fmt.Sprintf("workshop-pytest-%d.xml", os.Getpid()))
	defer os.Remove(report)
	args := []string{"-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=line", "--junitxml=" + report, "."}
	if name != "" {
		args = append(args, "-k", name)
	}
	var out strings.Builder
	runTo(&out, p.dir, p.env, p.python, args...) // failing tests make it exit 1: the report says why
	run := &testRun{Tests: map[string]*testOutcome{}, Output: out.String()}
	var rep struct {
		Cases []struct {
			Name     string `xml:"name,attr"`
			Problems []struct {
				XMLName xml.Name
				Message string `xml:"message,attr"`
			} `xml:",any"`
		} `xml:"testsuite>testcase"`
	}
	data, err := os.ReadFile(report)
	if err != nil || xml.Unmarshal(data, &rep) != nil || strings.Contains(run.Output, "ERROR collecting") {
		// pytest could not collect the tests, Python's build failure: its
		// "E " lines hold the error without the frames of the import.
		var errs []string
		for _, line := range strings.Split(run.Output, "\n") {
			if e, ok := strings.CutPrefix(line, "E "); ok && !slices.Contains(errs, e) {
				errs = append(errs, e)
			}
		}
		if run.BuildFailed = true; len(errs) > 0 {
			run.Output = strings.Join(errs, "\n")
		}
		return run
	}
	for _, tc := range rep.Cases {
		top, _, _ := strings.Cut(tc.Name, "[")
		if run.Tests[top] == nil {
			run.Tests[top] = &testOutcome{Passed: true}
		}
		o := run.Tests[top]
		for _, p := range tc.Problems {
			if p.XMLName.Local == "failure" || p.XMLName.Local == "error" {
				o.Passed = false
				o.Output.WriteString(noTracebacks(p.Message) + "\n")
			}
		}
	}
	return run
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
