//go:build further

package hello

import (
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/testkit/grpctest"
)

// Going further (README): RepliesWithin, Replies with an idle timeout.

func TestFurtherRepliesWithin(t *testing.T) {
	t.Run("a server that keeps talking", func(t *testing.T) {
		fake := &grpctest.FakeHello{Replies: 4, Interval: 20 * time.Millisecond}
		var got []string
		for reply, err := range RepliesWithin(t.Context(), grpctest.FakeHelloClient(t, fake), "hi", time.Second) {
			if err != nil {
				t.Fatalf("RepliesWithin(hi, 1s) yielded the error %v after %d replies, one every 20ms; want 4 replies and no error", err, len(got))
			}
			got = append(got, reply)
		}
		if want := wantReplies(4, "hi"); !slices.Equal(got, want) {
			t.Errorf("RepliesWithin(hi, 1s) yielded %q, want %q", got, want)
		}
	})

	t.Run("a server that goes quiet", func(t *testing.T) {
		grpctest.NoLeaks(t, "RepliesWithin in client.go")
		fake := &grpctest.FakeHello{Replies: 3, Interval: time.Hour}
		start := time.Now()
		var got []string
		var lastErr error
		for reply, err := range RepliesWithin(t.Context(), grpctest.FakeHelloClient(t, fake), "hi", 100*time.Millisecond) {
			if err != nil {
				lastErr = err
				break
			}
			got = append(got, reply)
		}
		took := time.Since(start)
		if len(got) != 1 || status.Code(lastErr) != codes.DeadlineExceeded {
			t.Fatalf("the server sent one reply, then nothing for an hour; RepliesWithin(hi, 100ms) yielded %q, then %v; want that reply, then an error with code DeadlineExceeded", got, lastErr)
		}
		if took > 2*time.Second {
			t.Errorf("RepliesWithin(hi, 100ms) took %v to give up; want about 100ms after the last reply", took.Round(time.Millisecond))
		}
		calls := fake.WaitCalls(1, 5*time.Second)
		if len(calls) != 1 || status.Code(calls[0].Err) != codes.Canceled {
			t.Errorf("the server recorded %v; want one call that ended Canceled: an idle timeout must cancel the call, so that the server stops too", calls)
		}
	})
}
