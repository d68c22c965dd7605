package resilience

import (
	"errors"
	"log/slog"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"

	"grpcworkshop/finished"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit"
)

func TestRoundRobin(t *testing.T) {
	const todo = "TODO(step 4) in balance.go and config.go"
	replicas := startReplicas(t, 3)
	client := connectReplicas(t, replicas, todo)
	callsReachAll(t, client, replicas, todo)
	got := spread(t, client, replicas, 30, todo)
	if slices.Max(got)-slices.Min(got) > 2 {
		t.Errorf("30 calls were answered %v by the three replicas; want about 10 each: round_robin takes each ready replica in turn (see %s)", got, todo)
	}
}

func TestHealthChecked(t *testing.T) {
	const todo = "TODO(step 5) in config.go"
	replicas := startReplicas(t, 3)
	client := connectReplicas(t, replicas, "TODO(step 4) in balance.go")
	callsReachAll(t, client, replicas, "TODO(step 4) in balance.go and config.go")

	// Replica 2 says NOT_SERVING: it is still up, but asks for no new calls.
	replicas[1].health.SetServingStatus("", healthgrpc.HealthCheckResponse_NOT_SERVING)
	// The client hears it at once through its Watch stream; a call or two
	// may be on their way.
	if !skips(t, client, replicas, 1, todo) {
		t.Fatalf("replica 2 still gets calls 500ms after its health service said NOT_SERVING; want the client to watch each replica's health and skip it (see %s)", todo)
	}
	if got := spread(t, client, replicas, 30, todo); got[1] != 0 || got[0] == 0 || got[2] == 0 {
		t.Fatalf("30 calls were answered %v by the replicas while replica 2 was NOT_SERVING; want none for replica 2 and some for each other (see %s)", got, todo)
	}

	// SERVING again: it gets calls again.
	replicas[1].health.SetServingStatus("", healthgrpc.HealthCheckResponse_SERVING)
	callsReachAll(t, client, replicas, todo)
}

// skips makes calls until six in a row have skipped replicas[i], for up to
// half a second, and reports whether they did.
func skips(t *testing.T, client aggfuncpb.GRPCRouteFuncsClient, replicas []*replica, i int, todo string) bool {
	t.Helper()
	for end := time.Now().Add(500 * time.Millisecond); time.Now().Before(end); {
		if got := spread(t, client, replicas, 6, todo); got[i] == 0 {
			return true
		}
	}
	return false
}

// TestReplicaStops runs three replicas of the finished server, spreads calls
// across them, stops one at once and another gracefully, and checks that
// every call succeeds.
func TestReplicaStops(t *testing.T) {
	const todo = "TODO(step 1), (step 4) and (step 5) in config.go and balance.go: this test needs nothing more"
	replicas := make([]*replica, 3)
	signals := make([]chan os.Signal, 3)
	for i := range replicas {
		r := &replica{}
		r.srv = finished.New(finished.Options{
			ServerOptions:    []grpc.ServerOption{grpc.ChainUnaryInterceptor(r.count)},
			ShutdownDeadline: time.Second,
		})
		lis := testkit.Listen(t)
		r.addr = lis.Addr().String()
		signals[i] = make(chan os.Signal, 1)
		served := make(chan error, 1)
		go func() { served <- finished.Serve(r.srv, lis, signals[i], slog.New(slog.DiscardHandler)) }()
		t.Cleanup(func() {
			r.srv.Stop()
			if err := <-served; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
				t.Errorf("replica %d: finished.Serve: %v", i+1, err)
			}
		})
		replicas[i] = r
	}
	client := connectReplicas(t, replicas, "TODO(step 4) in balance.go")
	callsReachAll(t, client, replicas, todo)

	// Replica 1 stops at once, as a crash would stop it: its connections
	// close, and the calls the client had sent it fail with UNAVAILABLE.
	replicas[0].srv.Stop()
	if got := spread(t, client, replicas, 30, todo); got[1] == 0 || got[2] == 0 {
		t.Errorf("30 calls after replica 1 stopped were answered %v; want both others to answer some", got)
	}

	// Replica 2 stops gracefully, as SIGTERM stops the finished server: it
	// says NOT_SERVING first, then finishes its calls.
	signals[1] <- syscall.SIGTERM
	if !skips(t, client, replicas, 1, todo) {
		t.Fatalf("replica 2 still gets calls 500ms after it began to stop; want the client to skip it (see %s)", todo)
	}
	if got := spread(t, client, replicas, 30, todo); got[2] != 30 {
		t.Errorf("30 calls with only replica 3 up were answered %v; want all by replica 3", got)
	}
}
