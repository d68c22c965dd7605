package hello

import (
	"context"
	"time"

	"google.golang.org/grpc/status"
)

// work is the slow part of a handler: it takes d, unless the call ends
// first. It returns nil once d has passed. When ctx is done first (the
// client canceled, its deadline passed, the connection broke), it returns
// at once, with ctx's error as a status, CANCELED or DEADLINE_EXCEEDED
// (status.FromContextError): nobody waits for the answer any more, so
// working on would waste the server's time and hold a goroutine.
func work(ctx context.Context, d time.Duration) error {
	// START work OMIT
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
	// END work OMIT
}
