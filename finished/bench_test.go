package finished

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// BenchmarkServeVsHealthCheck measures what the per-call log, recovery and
// request ids cost: the throughput of sum on the finished server, built as
// `go tool task serve` builds it (cmd/server's flags with their defaults,
// the log on, written to a real file as serve writes it to stderr), against
// grpc-go's own health Check on a bare grpc.Server, in the same run, with
// 32 callers over one connection to each.
//
// The metric "sum/check" is the ratio of the two throughputs; the target is
// 0.95 or more, and the benchmark fails below it when it has run long
// enough to tell (at least minChunks chunks of calls). Run it with
//
//	go test -run '^$' -bench ServeVsHealthCheck -benchtime 50000x -count 3
//
// Each op is one sum call plus one Check call. The two alternate in chunks
// of 1000 calls, and the ratio is the median over the chunks, so that a
// noisy neighbor on the machine slows both alike. CI runs it with
// -benchtime 100x, which only checks that it still runs.
func BenchmarkServeVsHealthCheck(b *testing.B) {
	const callers = 32
	const chunk = 1000
	const minChunks = 20

	// The server as cmd/server builds it, from the same flags; Taskfile's
	// serve passes only -addr.
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	config := Flags(fs)
	if err := fs.Parse([]string{"-addr", "127.0.0.1:0"}); err != nil {
		b.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(b.TempDir(), "server.log"))
	if err != nil {
		b.Fatal(err)
	}
	srv := Build(config, logFile)
	lis, err := Listen(config.Addr)
	if err != nil {
		b.Fatal(err)
	}
	signals, served := make(chan os.Signal, 1), make(chan error, 1)
	go func() { served <- srv.Serve(lis, signals) }()
	b.Cleanup(func() {
		signals <- syscall.SIGTERM
		if err := <-served; err != nil {
			b.Errorf("Serve: %v", err)
		}
		if err := srv.Close(); err != nil {
			b.Errorf("writing the log: %v", err)
		}
		if fi, err := logFile.Stat(); err != nil || fi.Size() == 0 {
			b.Errorf("the server logged nothing (%v); the benchmark must include the cost of the log", err)
		}
		logFile.Close()
	})
	ours := grpctest.Dial(b, lis.Addr().String())

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

	var sums, checks []time.Duration // each chunk's time, the warm-up's first
	testkit.Compare(b, chunk, "sum/check", timed(sum, &sums), timed(check, &checks), "sums", "checks")
	if len(sums) > minChunks {
		// The median ratio, as Compare reports it (Compare does not return it).
		var ratios []float64
		for i := 1; i < len(sums); i++ {
			ratios = append(ratios, checks[i].Seconds()/sums[i].Seconds())
		}
		slices.Sort(ratios)
		if r := ratios[len(ratios)/2]; r < 0.95 {
			b.Fatalf("sum/check = %.3f, want at least 0.95: the finished server's per-call work (log, recovery, request id) costs too much", r)
		}
	}
}

// timed returns way, recording how long each run of it took in *times.
func timed(way testkit.Way, times *[]time.Duration) testkit.Way {
	return func(n int) (time.Duration, error) {
		d, err := way(n)
		*times = append(*times, d)
		return d, err
	}
}
