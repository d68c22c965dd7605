//go:build further

package hello

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/testkit/grpctest"
)

// Going further (README): RepliesWithin, Replies with an idle timeout. A
// server that keeps talking must not trip it; one that goes quiet must, and
// soon, and the call must end on the server too.

func TestFurtherRepliesWithin(t *testing.T) {
	t.Run("a server that keeps talking", keepsTalking)
	t.Run("a server that goes quiet", goesQuiet)
}

func keepsTalking(t *testing.T) {
	fake := &grpctest.FakeHello{Replies: 4, Interval: 20 * time.Millisecond}
	var got []string
	for reply, err := range RepliesWithin(t.Context(), grpctest.FakeHelloClient(t, fake), "hi", time.Second) {
		require.NoError(t, err, "RepliesWithin(hi, 1s) failed after %d replies, one every 20ms; want 4 replies and no error", len(got))
		got = append(got, reply)
	}
	assert.Equal(t, wantReplies(4, "hi"), got, "RepliesWithin(hi, 1s): every reply, in order")
}

func goesQuiet(t *testing.T) {
	grpctest.NoLeaks(t, "RepliesWithin in client.go")
	fake := &grpctest.FakeHello{Replies: 3, Interval: time.Hour}
	// A deadline of its own, so that a RepliesWithin without an idle timeout
	// fails in 3s rather than waiting an hour.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	start := time.Now()
	var got []string
	var last error
	for reply, err := range RepliesWithin(ctx, grpctest.FakeHelloClient(t, fake), "hi", 100*time.Millisecond) {
		if last = err; err != nil {
			break
		}
		got = append(got, reply)
	}
	took := time.Since(start)
	require.Len(t, got, 1, "the server sent one reply, then nothing for an hour: RepliesWithin(hi, 100ms) should yield that reply, then its error")
	assert.Equal(t, codes.DeadlineExceeded, status.Code(last), "the error after 100ms without a reply (got %v)", last)
	assert.Less(t, took, 2*time.Second, "RepliesWithin(hi, 100ms) should give up about 100ms after the last reply")
	calls := fake.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || status.Code(calls[0].Err) != codes.Canceled {
		t.Errorf("the server recorded %v; want one call that ended Canceled: an idle timeout must cancel the call, so that the server stops too", calls)
	}
}
