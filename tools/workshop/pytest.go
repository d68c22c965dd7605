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
		Name    string `xml:"name,attr"`
		Failure *struct {
			Message string `xml:"message,attr"`
			Text    string `xml:",chardata"`
		} `xml:"failure"`
		Error *struct {
			Message string `xml:"message,attr"`
			Text    string `xml:",chardata"`
		} `xml:"error"`
	} `xml:"testsuite>testcase"`
}

// runPytest runs a Python lesson side's tests with the project's venv and
// records each test function (parametrized cases are folded into it).
func runPytest(dir, python string) (*testRun, error) {
	report := filepath.Join(os.TempDir(), fmt.Sprintf("workshop-pytest-%d.xml", os.Getpid()))
	defer os.Remove(report)
	cmd := exec.Command(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml="+report, ".")
	cmd.Dir = dir
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
		if tc.Failure != nil {
			o.Passed = false
			o.Output.WriteString(tc.Failure.Message + "\n" + tc.Failure.Text + "\n")
		}
		if tc.Error != nil {
			// An error (not a failure) is a broken fixture or import: the
			// Python counterpart of a build failure.
			o.Passed = false
			run.BuildFailed = true
			o.Output.WriteString(tc.Error.Message + "\n" + tc.Error.Text + "\n")
		}
	}
	if strings.Contains(run.Output, "ERROR collecting") || strings.Contains(run.Output, "errors during collection") {
		run.BuildFailed = true
	}
	return run, nil
}
