package hello

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// reserve returns ctx with a deadline r earlier than its own, so that a
// call made with it ends in time for the relay to answer its own caller
// (Going further). When less than r is left, there is no time for the call:
// it returns DEADLINE_EXCEEDED without waiting. A ctx without a deadline,
// or r of zero, is left as it is.
func reserve(ctx context.Context, r time.Duration) (context.Context, context.CancelFunc, error) {
	deadline, ok := ctx.Deadline()
	if !ok || r <= 0 {
		return ctx, func() {}, nil
	}
	if time.Until(deadline) <= r {
		return nil, nil, status.Errorf(codes.DeadlineExceeded, "%v left of the call's deadline, not more than the %v the relay keeps to answer: no time to call the next server", time.Until(deadline).Round(time.Millisecond), r)
	}
	ctx, cancel := context.WithDeadline(ctx, deadline.Add(-r))
	return ctx, cancel, nil
}
