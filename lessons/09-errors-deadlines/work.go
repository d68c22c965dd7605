package hello

import (
	"context"
	"time"
)

// work is the slow part of a handler: it takes d, unless the call ends
// first. It returns nil once d has passed. When ctx is done first (the
// client canceled, its deadline passed, the connection broke), it returns
// at once, with ctx's error as a status, CANCELED or DEADLINE_EXCEEDED
// (status.FromContextError): nobody waits for the answer any more, so
// working on would waste the server's time and hold a goroutine.
func work(ctx context.Context, d time.Duration) error {
	// TODO(step 3): this sleeps through the end of the call. Wait for
	// whichever comes first, d or the end of ctx, and when ctx ends first,
	// return its error as a gRPC status. Read "Cancellation: stop when
	// nobody is waiting" in the README.
	_ = ctx
	time.Sleep(d)
	return nil
}
