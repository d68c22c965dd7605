package testkit

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCallersMakesNCalls(t *testing.T) {
	var calls = make(chan struct{}, 100)
	way := Callers(t.Context(), 4, func(context.Context) error {
		calls <- struct{}{}
		return nil
	})
	if _, err := way(100); err != nil {
		t.Fatal(err)
	}
	if got := len(calls); got != 100 {
		t.Errorf("Callers(4)(100) made %d calls, want 100", got)
	}
}

func TestCallersStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	way := Callers(t.Context(), 2, func(context.Context) error { return boom })
	if _, err := way(10); !errors.Is(err, boom) {
		t.Errorf("Callers returned %v, want the call's error %v", err, boom)
	}
}

// BenchmarkCompare compares a way with a reference that takes twice as
// long for the same work: the ratio it reports is about 2.
func BenchmarkCompare(b *testing.B) {
	spin := func(d time.Duration) Way {
		return func(n int) (time.Duration, error) {
			start := time.Now()
			for time.Since(start) < time.Duration(n)*d {
			}
			return time.Since(start), nil
		}
	}
	Compare(b, 10, "fast/slow", spin(10*time.Microsecond), spin(20*time.Microsecond), "fast", "slow")
}

func TestCompareReportsTheRatio(t *testing.T) {
	r := testing.Benchmark(BenchmarkCompare)
	if got := r.Extra["fast/slow"]; got < 1.5 || got > 2.5 {
		t.Errorf("Compare reported fast/slow = %.2f for a reference that takes twice as long, want about 2", got)
	}
}
