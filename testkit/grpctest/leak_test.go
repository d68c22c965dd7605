package grpctest

import (
	"errors"
	"strings"
	"testing"
)

func TestLeakSummaryKeepsOneLinePerGoroutine(t *testing.T) {
	report := errors.New(`found unexpected goroutines:
[Goroutine 7 in state chan receive, with example.com/lesson.(*Server).wait on top of the stack:
example.com/lesson.(*Server).wait(...)
	/src/lesson/server.go:12 +0x2c
created by example.com/lesson.Start in goroutine 6
	/src/lesson/server.go:8 +0x1c
 Goroutine 8 in state select, with example.com/lesson.(*Server).loop on top of the stack:
example.com/lesson.(*Server).loop(...)
	/src/lesson/server.go:20 +0x2c
]`)
	got := leakSummary(report)
	want := "  Goroutine 7 in state chan receive, with example.com/lesson.(*Server).wait\n" +
		"  Goroutine 8 in state select, with example.com/lesson.(*Server).loop"
	if got != want {
		t.Errorf("leakSummary = %q, want %q", got, want)
	}
	if strings.Contains(got, "server.go") {
		t.Errorf("leakSummary kept a stack frame: %q", got)
	}
}
