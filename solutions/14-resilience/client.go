package resilience

import (
	"context"

	"google.golang.org/grpc"

	"grpcworkshop/proto/aggfuncpb"
)

// SumWhenReady calls sum(a, b) and, when the server is not up yet (or is
// reconnecting), waits for it until ctx's deadline rather than failing at
// once with UNAVAILABLE.
func SumWhenReady(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient, a, b int32) (int32, error) {
	// START wait OMIT
	out, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: b},
		grpc.WaitForReady(true))
	// END wait OMIT
	if err != nil {
		return 0, err
	}
	return out.GetValue(), nil
}
