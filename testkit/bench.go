package testkit

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A Way is one way of doing a benchmark's work: it does n units of it and
// returns how long they took, or the first error.
type Way func(n int) (time.Duration, error)

// Compare measures two ways of doing the same b.N units of work, ours and a
// reference, in the same run, and reports each one's rate (units per
// second, as unit+"/s") and the ratio of the rates (as name, such as
// "sum/check"): above 1, ours is faster.
//
// The two take turns in chunks of the given size, and which goes first
// alternates, so that neither always runs on a warmer (or colder) machine.
// The ratio reported is the median over the chunks: a burst of load from
// elsewhere on the machine spoils a chunk or two, not the result. Both ways
// first do one chunk each to warm up (connect, let HTTP/2 flow control
// settle), which is not measured.
func Compare(b *testing.B, chunk int, name string, ours, reference Way, oursUnit, referenceUnit string) {
	b.Helper()
	for _, way := range []Way{ours, reference} {
		if _, err := way(chunk); err != nil {
			b.Fatalf("warming up: %v", err)
		}
	}
	var oursTime, refTime time.Duration
	var ratios []float64
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		first, second := ours, reference
		if len(ratios)%2 == 1 {
			first, second = reference, ours
		}
		d1, err := first(n)
		if err != nil {
			b.Fatal(err)
		}
		d2, err := second(n)
		if err != nil {
			b.Fatal(err)
		}
		o, r := d1, d2
		if len(ratios)%2 == 1 {
			o, r = d2, d1
		}
		oursTime += o
		refTime += r
		ratios = append(ratios, r.Seconds()/o.Seconds())
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/oursTime.Seconds(), oursUnit+"/s")
	b.ReportMetric(float64(b.N)/refTime.Seconds(), referenceUnit+"/s")
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], name)
}

// Callers returns the Way that makes n calls of call from the given number
// of goroutines at once, each making its next call when its last one has
// been answered, and stops at the first error.
func Callers(ctx context.Context, goroutines int, call func(context.Context) error) Way {
	return func(n int) (time.Duration, error) {
		var next atomic.Int64
		var firstErr error
		var once sync.Once
		var wg sync.WaitGroup
		start := time.Now()
		for range goroutines {
			wg.Go(func() {
				for next.Add(1) <= int64(n) {
					if err := call(ctx); err != nil {
						once.Do(func() { firstErr = err })
						return
					}
				}
			})
		}
		wg.Wait()
		return time.Since(start), firstErr
	}
}
