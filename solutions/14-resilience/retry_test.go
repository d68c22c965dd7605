package resilience

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// flaky is the aggfunc service, except that its first fail sum calls
// answer UNAVAILABLE, as a server does that is starting or overloaded.
type flaky struct {
	aggfunc.Server
	fail     int32
	attempts atomic.Int32
}

// Sum implements aggfuncpb.GRPCRouteFuncsServer.
func (f *flaky) Sum(ctx context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	if n := f.attempts.Add(1); n <= f.fail {
		return nil, status.Errorf(codes.Unavailable, "attempt %d: not ready yet", n)
	}
	return f.Server.Sum(ctx, in)
}

func TestRetryPolicy(t *testing.T) {
	const todo = "TODO(step 1) in config.go"
	tests := []struct {
		name         string
		fail         int32 // calls that answer UNAVAILABLE
		a, b         int32
		want         int32
		code         codes.Code
		minAttempts  int32
		maxAttempts  int32
		whatIsWanted string
	}{
		{name: "UNAVAILABLE twice, then an answer", fail: 2, a: 3, b: 4, want: 7, code: codes.OK, minAttempts: 3, maxAttempts: 3,
			whatIsWanted: "a retryPolicy for UNAVAILABLE, with at least 3 attempts, tries again"},
		{name: "UNAVAILABLE every time", fail: 100, a: 3, b: 4, code: codes.Unavailable, minAttempts: 3, maxAttempts: 5,
			whatIsWanted: "the client gives up after maxAttempts (gRPC allows at most 5) and returns the last error"},
		{name: "OUT_OF_RANGE is not retried", a: math.MaxInt32, b: 1, code: codes.OutOfRange, minAttempts: 1, maxAttempts: 1,
			whatIsWanted: "only the codes in retryableStatusCodes are tried again: OUT_OF_RANGE would fail the same way every time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &flaky{fail: tt.fail}
			srv := grpc.NewServer()
			aggfuncpb.RegisterGRPCRouteFuncsServer(srv, f)
			healthgrpc.RegisterHealthServer(srv, health.NewServer()) // ServiceConfig may check health
			conn := grpctest.Dial(t, grpctest.Start(t, srv), grpc.WithDefaultServiceConfig(ServiceConfig))
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
			defer cancel()
			out, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: tt.a, Value2: tt.b})
			attempts := f.attempts.Load()
			if status.Code(err) != tt.code || attempts < tt.minAttempts || attempts > tt.maxAttempts {
				want := fmt.Sprint(tt.minAttempts)
				if tt.maxAttempts > tt.minAttempts {
					want += fmt.Sprintf(" to %d", tt.maxAttempts)
				}
				t.Fatalf("sum(%d, %d) = %d, %v after %d attempt(s); want %v after %s attempt(s): %s (see %s)",
					tt.a, tt.b, out.GetValue(), status.Code(err), attempts, tt.code, want, tt.whatIsWanted, todo)
			}
			if out.GetValue() != tt.want {
				t.Errorf("sum(%d, %d) = %d, want %d", tt.a, tt.b, out.GetValue(), tt.want)
			}
		})
	}
}
