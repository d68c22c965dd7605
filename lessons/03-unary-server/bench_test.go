package aggserver

import (
	"context"
	"log"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit"
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
	sum := testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
		_, err := sumClient.Sum(ctx, sumReq)
		return err
	})
	checkClient := healthgrpc.NewHealthClient(theirs)
	checkReq := &healthgrpc.HealthCheckRequest{}
	check := testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
		_, err := checkClient.Check(ctx, checkReq)
		return err
	})

	testkit.Compare(b, chunk, "sum/check", sum, check, "sums", "checks")
	if logged.n.Load() == 0 {
		b.Error("the server logged nothing; the benchmark should include the cost of the log")
	}
}

// countingWriter throws away what it is given, but counts the bytes. Unlike
// io.Discard, log.Logger cannot tell that it discards, so it still formats
// every line.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}
