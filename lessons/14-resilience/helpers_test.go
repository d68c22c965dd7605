package resilience

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// fastReconnect makes a client try a refused connection again after
// milliseconds rather than grpc-go's default second, so that tests of a
// server coming up are quick.
var fastReconnect = grpc.WithConnectParams(grpc.ConnectParams{
	Backoff:           backoff.Config{BaseDelay: 10 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 100 * time.Millisecond},
	MinConnectTimeout: time.Second,
})

// A replica is one of several servers of the same service, each counting
// the sum calls it answers.
type replica struct {
	addr   string
	srv    *grpc.Server
	health *health.Server // nil for the finished server's replicas
	calls  atomic.Int64
}

// count is a unary interceptor that counts the calls the replica answers.
func (r *replica) count(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	r.calls.Add(1)
	return handler(ctx, req)
}

// startReplicas starts n replicas of the aggfunc service, each with its own
// health service, on loopback ports; the test's end stops them.
func startReplicas(t *testing.T, n int) []*replica {
	t.Helper()
	replicas := make([]*replica, n)
	for i := range replicas {
		r := &replica{health: health.NewServer()}
		r.srv = grpc.NewServer(grpc.ChainUnaryInterceptor(r.count))
		aggfuncpb.RegisterGRPCRouteFuncsServer(r.srv, aggfunc.Server{})
		healthgrpc.RegisterHealthServer(r.srv, r.health)
		r.addr = grpctest.Start(t, r.srv)
		replicas[i] = r
	}
	return replicas
}

func addrsOf(replicas []*replica) []string {
	var addrs []string
	for _, r := range replicas {
		addrs = append(addrs, r.addr)
	}
	return addrs
}

// connectReplicas is ConnectReplicas for a test: it fails the test on an
// error, and closes the connection at its end.
func connectReplicas(t *testing.T, replicas []*replica, todo string) aggfuncpb.GRPCRouteFuncsClient {
	t.Helper()
	conn, err := ConnectReplicas(addrsOf(replicas), fastReconnect)
	if err != nil {
		t.Fatalf("ConnectReplicas(%v) returned the error %v; want a connection (see %s)", addrsOf(replicas), err, todo)
	}
	t.Cleanup(func() { conn.Close() })
	return aggfuncpb.NewGRPCRouteFuncsClient(conn)
}

// counts returns how many calls each replica has answered so far.
func counts(replicas []*replica) []int64 {
	c := make([]int64, len(replicas))
	for i, r := range replicas {
		c[i] = r.calls.Load()
	}
	return c
}

// since returns the calls each replica answered since before.
func since(replicas []*replica, before []int64) []int64 {
	c := counts(replicas)
	for i := range c {
		c[i] -= before[i]
	}
	return c
}

// sum makes one sum(3, 4) call with a deadline, and checks its answer.
func sum(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	out, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	if err != nil {
		return err
	}
	if out.GetValue() != 7 {
		return fmt.Errorf("sum(3, 4) = %d, want 7", out.GetValue())
	}
	return nil
}

// callsReachAll makes calls until each of replicas has answered one, for up
// to half a second: a round-robin client reaches every replica that is up
// within a few calls.
func callsReachAll(t *testing.T, client aggfuncpb.GRPCRouteFuncsClient, replicas []*replica, todo string) {
	t.Helper()
	before := counts(replicas)
	n := 0
	for end := time.Now().Add(500 * time.Millisecond); time.Now().Before(end); n++ {
		if err := sum(t.Context(), client); err != nil {
			t.Fatalf("call %d failed: %v; want every call to succeed (see %s)", n+1, err, todo)
		}
		if !slices.Contains(since(replicas, before), 0) {
			return
		}
	}
	t.Fatalf("after %d calls in 500ms, the replicas answered %v of them; want every replica to get calls: a round_robin client spreads them (see %s)", n, since(replicas, before), todo)
}

// spread makes n calls, each of which must succeed, and returns how many
// each replica answered.
func spread(t *testing.T, client aggfuncpb.GRPCRouteFuncsClient, replicas []*replica, n int, todo string) []int64 {
	t.Helper()
	before := counts(replicas)
	for i := range n {
		if err := sum(t.Context(), client); err != nil {
			t.Fatalf("call %d of %d failed: %v; want every call to succeed (see %s)", i+1, n, err, todo)
		}
	}
	return since(replicas, before)
}
