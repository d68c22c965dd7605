package aggclient

import (
	"context"
	"sync"
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
	// START callall OMIT
	results := make([]Result, len(ops))
	var wg sync.WaitGroup
	for i, op := range ops {
		wg.Go(func() {
			v, err := Call(ctx, client, op, timeout)
			// Each goroutine writes only its own element, so no lock is
			// needed, and the index keeps the order of ops. (Results sent on
			// a channel would come out in the order the answers arrived.)
			results[i] = Result{Value: v, Err: err}
		})
	}
	wg.Wait()
	// END callall OMIT
	return results
}

// CallAllLimit is CallAll with at most limit calls in flight at once: a
// client that sends a thousand calls at the same moment can swamp the
// server. It is the README's "Going further" exercise.
func CallAllLimit(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient, ops []Op, timeout time.Duration, limit int) []Result {
	results := make([]Result, len(ops))
	// A buffered channel of limit slots is a semaphore: a goroutine takes a
	// slot before its call and gives it back after.
	slots := make(chan struct{}, max(limit, 1))
	var wg sync.WaitGroup
	for i, op := range ops {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			v, err := Call(ctx, client, op, timeout)
			results[i] = Result{Value: v, Err: err}
		})
	}
	wg.Wait()
	return results
}
