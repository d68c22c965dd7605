package resilience

import (
	"context"

	"grpcworkshop/proto/aggfuncpb"
)

// SumWhenReady calls sum(a, b) and, when the server is not up yet (or is
// reconnecting), waits for it until ctx's deadline rather than failing at
// once with UNAVAILABLE.
func SumWhenReady(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient, a, b int32) (int32, error) {
	// TODO(step 2): this call fails at once with UNAVAILABLE while the
	// connection is down. Give it the call option that makes it wait for
	// the connection to be ready instead, as long as ctx allows. README:
	// "Step 2: wait for a server that is starting".
	out, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: b})
	if err != nil {
		return 0, err
	}
	return out.GetValue(), nil
}
