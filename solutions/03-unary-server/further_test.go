//go:build further

package aggserver

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// Going further: ServeWithGrace(ctx, srv, lis, grace) is Serve with a limit
// on the graceful stop. A call that never ends would keep GracefulStop
// waiting forever; ServeWithGrace waits at most grace for the calls in flight,
// then stops the server hard (grpc.Server.Stop), which cancels them.
func TestFurtherServeWithGrace(t *testing.T) {
	for _, tt := range []struct {
		name     string
		holdFor  time.Duration // how long the one call in flight takes
		grace    time.Duration
		wantDone bool // whether that call should finish
	}{
		{name: "a call that finishes within the grace period", holdFor: 100 * time.Millisecond, grace: 2 * time.Second, wantDone: true},
		{name: "a call that outlives the grace period", holdFor: time.Hour, grace: 200 * time.Millisecond, wantDone: false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			arrived := make(chan struct{}, 1)
			// hold makes the sum call take holdFor, or until the server
			// cancels it.
			hold := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
				arrived <- struct{}{}
				select {
				case <-time.After(tt.holdFor):
				case <-ctx.Done():
					return nil, status.FromContextError(ctx.Err()).Err()
				}
				return handler(ctx, req)
			}
			srv := NewGRPCServer(Options{ServerOptions: []grpc.ServerOption{grpc.ChainUnaryInterceptor(hold)}})
			t.Cleanup(srv.Stop)
			lis := testkit.Listen(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			served := make(chan error, 1)
			go func() { served <- ServeWithGrace(ctx, srv, lis, tt.grace) }()

			client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, lis.Addr().String()))
			callErr := make(chan error, 1)
			go func() {
				_, err := client.Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
				callErr <- err
			}()
			select {
			case <-arrived:
			case <-time.After(5 * time.Second):
				t.Fatal("the sum call did not reach the server within 5s")
			}

			start := time.Now()
			cancel()
			select {
			case err := <-served:
				if err != nil {
					t.Errorf("ServeWithGrace returned %v after the stop, want nil", err)
				}
			case <-time.After(tt.grace + 3*time.Second):
				t.Fatalf("ServeWithGrace still runs %v after its context was canceled, with a grace period of %v: stop the server hard once the grace period is over (grpc.Server.Stop)", time.Since(start).Round(time.Millisecond), tt.grace)
			}
			err := <-callErr
			switch {
			case tt.wantDone && err != nil:
				t.Errorf("the call in flight failed with %v, want it to finish: it ended within the grace period", err)
			case !tt.wantDone && err == nil:
				t.Errorf("the call in flight finished, want it cut off once the grace period was over")
			}
		})
	}
}
