package aggserver

import (
	"context"
	"log"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// BenchmarkSumVsHealthCheck compares our server with a yardstick: it
// measures the throughput of sum on the finished server (with its per-call
// log) and of grpc-go's own health Check on a bare grpc.Server, in the same
// run, with 32 concurrent callers over one connection to each.
//
// The metric "sum/check" is the ratio of the two throughputs. Both calls are
// tiny, so it shows what our handler, interceptor and log line cost on top of
// gRPC itself; the target is 0.95 or more. Run it with
//
//	go test -run '^$' -bench SumVsHealthCheck -benchtime 50000x -count 5
//
// Each op is one sum call plus one Check call. The two alternate in chunks
// of 1000 calls, and the ratio is the median over the chunks, so that a
// noisy neighbor on the machine slows both alike.
func BenchmarkSumVsHealthCheck(b *testing.B) {
	const callers = 32
	const chunk = 1000

	// The log goes to a writer that only counts bytes: formatting each line
	// is part of the cost; a terminal's speed is not.
	var logged countingWriter
	ours := grpctest.Dial(b, grpctest.Start(b, NewGRPCServer(Options{Logger: log.New(&logged, "", 0)})))
	bare := grpc.NewServer()
	healthgrpc.RegisterHealthServer(bare, health.NewServer())
	theirs := grpctest.Dial(b, grpctest.Start(b, bare))

	sumClient := aggfuncpb.NewGRPCRouteFuncsClient(ours)
	sumReq := &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4}
	sum := func(ctx context.Context) error {
		_, err := sumClient.Sum(ctx, sumReq)
		return err
	}
	checkClient := healthgrpc.NewHealthClient(theirs)
	checkReq := &healthgrpc.HealthCheckRequest{}
	check := func(ctx context.Context) error {
		_, err := checkClient.Check(ctx, checkReq)
		return err
	}

	ctx := b.Context()
	// Warm up: connect both and let HTTP/2 flow control settle.
	for _, call := range []func(context.Context) error{sum, check} {
		if _, err := runCallers(ctx, callers, 10*callers, call); err != nil {
			b.Fatalf("warming up: %v", err)
		}
	}

	var sumTime, checkTime time.Duration
	var ratios []float64 // one per chunk: sum throughput / Check throughput
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		// Alternate which goes first, so neither always runs on a warmer
		// (or colder) machine.
		var s, c time.Duration
		var err error
		if len(ratios)%2 == 0 {
			if s, err = runCallers(ctx, callers, n, sum); err == nil {
				c, err = runCallers(ctx, callers, n, check)
			}
		} else {
			if c, err = runCallers(ctx, callers, n, check); err == nil {
				s, err = runCallers(ctx, callers, n, sum)
			}
		}
		if err != nil {
			b.Fatal(err)
		}
		sumTime += s
		checkTime += c
		ratios = append(ratios, c.Seconds()/s.Seconds())
		done += n
	}
	b.StopTimer()

	if logged.n.Load() == 0 {
		b.Error("the server logged nothing; the benchmark should include the cost of the log")
	}
	b.ReportMetric(float64(b.N)/sumTime.Seconds(), "sums/s")
	b.ReportMetric(float64(b.N)/checkTime.Seconds(), "checks/s")
	// The median of the chunks' ratios: a burst of load from elsewhere on
	// the machine spoils a chunk or two, not the result.
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "sum/check")
}

// runCallers makes n calls from the given number of goroutines and returns
// how long they took, or the first error.
func runCallers(ctx context.Context, callers, n int, call func(context.Context) error) (time.Duration, error) {
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range callers {
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

// countingWriter throws away what it is given, but counts the bytes. Unlike
// io.Discard, log.Logger cannot tell that it discards, so it still formats
// every line.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}
