package resilience

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// downUntil returns a dialer that refuses to connect, as to a server that is
// not up yet, until up is closed; then it connects. (A real server started
// late would need a port kept free for it; this way no other program can
// take the port in between.)
func downUntil(up <-chan struct{}) grpc.DialOption {
	return grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
		select {
		case <-up:
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		default:
			return nil, errors.New("connection refused: the server is not up yet")
		}
	})
}

// waitForFailure waits until conn has tried to connect and failed.
func waitForFailure(t *testing.T, conn *grpc.ClientConn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	conn.Connect()
	for s := conn.GetState(); s != connectivity.TransientFailure; s = conn.GetState() {
		if !conn.WaitForStateChange(ctx, s) {
			t.Fatalf("the connection is %v after 2s; want TRANSIENT_FAILURE while the server is down", s)
		}
	}
}

type result struct {
	value int32
	err   error
}

func TestWaitForReady(t *testing.T) {
	const todo = "TODO(step 2) in client.go"
	srv := grpc.NewServer()
	aggfuncpb.RegisterGRPCRouteFuncsServer(srv, aggfunc.Server{})
	addr := grpctest.Start(t, srv)

	t.Run("the server comes up", func(t *testing.T) {
		up := make(chan struct{})
		conn := grpctest.Dial(t, addr, downUntil(up), fastReconnect)
		waitForFailure(t, conn)

		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		done := make(chan result, 1)
		go func() {
			v, err := SumWhenReady(ctx, aggfuncpb.NewGRPCRouteFuncsClient(conn), 3, 4)
			done <- result{v, err}
		}()
		select {
		case r := <-done:
			t.Fatalf("SumWhenReady(3, 4) = %d, %v while the server was down; want it to wait for the server, which comes up 100ms later (see %s)", r.value, status.Code(r.err), todo)
		case <-time.After(100 * time.Millisecond):
		}
		close(up) // the server is up
		if r := <-done; r.err != nil || r.value != 7 {
			t.Fatalf("SumWhenReady(3, 4) = %d, %v once the server was up; want 7", r.value, r.err)
		}
	})

	t.Run("it never comes up", func(t *testing.T) {
		conn := grpctest.Dial(t, addr, downUntil(nil), fastReconnect)
		waitForFailure(t, conn)
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		_, err := SumWhenReady(ctx, aggfuncpb.NewGRPCRouteFuncsClient(conn), 3, 4)
		if status.Code(err) != codes.DeadlineExceeded {
			t.Fatalf("SumWhenReady with a 100ms deadline and no server returned %v; want DEADLINE_EXCEEDED: a call that waits for the server still ends at its deadline (see %s)", err, todo)
		}
	})
}
