package aggclient

import (
	"context"
	"time"

	"grpcworkshop/proto/aggfuncpb"
)

// Result is the outcome of one Op: its Value, or the Err that Call returned.
type Result struct {
	Value int32
	Err   error
}

// CallAll makes every call at once, each from its own goroutine, and returns
// the results in the order of ops, whatever order the answers arrive in.
// Each call gets its own deadline, as in Call.
//
// This is how Go does asynchronous calls. grpc-go's generated methods block;
// we do not need a second, callback-style API: a goroutine around the
// blocking call lets the caller go on, and sync.WaitGroup waits for all of
// them. The calls share one connection: HTTP/2 carries them side by side.
func CallAll(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient, ops []Op, timeout time.Duration) []Result {
	// TODO(step 4): this works, but makes one call after another, each
	// waiting for the one before. Make every call at once, each from its own
	// goroutine, and wait for all of them before returning (see
	// "Synchronous and asynchronous calls" in the README, and
	// sync.WaitGroup). Keep the order of ops without a lock: how can each
	// goroutine write its result where no other goroutine writes?
	results := make([]Result, len(ops))
	for i, op := range ops {
		v, err := Call(ctx, client, op, timeout)
		results[i] = Result{Value: v, Err: err}
	}
	return results
}
