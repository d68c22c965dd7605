package hello

import (
	"context"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/testkit/grpctest"
)

// These tests run Replies against a fake server from
// grpcworkshop/testkit/grpctest, not against this lesson's server: a client
// test should fail only for the client's own mistakes.

func TestReplies(t *testing.T) {
	fake := &grpctest.FakeHello{Replies: 5}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var got []string
	for reply, err := range Replies(ctx, grpctest.FakeHelloClient(t, fake), "hi") {
		if err != nil {
			t.Fatalf("Replies(hi) yielded the error %v after %d replies; want 5 replies (see the TODO in Replies in client.go)", err, len(got))
		}
		got = append(got, reply)
	}
	want := wantReplies(5, "hi")
	if !slices.Equal(got, want) {
		t.Errorf("Replies(hi) yielded %q, want %q: every reply, in order, until Recv returns io.EOF (see the TODO in Replies in client.go)", got, want)
	}
	calls := fake.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || !slices.Equal(calls[0].Greetings, []string{"hi"}) {
		t.Errorf("the server received %+v, want one call with the greeting \"hi\"", calls)
	}
}

// TestRepliesStopEarly breaks out of the loop after two replies of a stream
// of a million. The client must then cancel the call, so that the server
// stops too, and leave no goroutine behind.
func TestRepliesStopEarly(t *testing.T) {
	grpctest.NoLeaks(t, "Replies in client.go")
	fake := &grpctest.FakeHello{Replies: 1_000_000, Interval: time.Millisecond}
	got := 0
	for _, err := range Replies(t.Context(), grpctest.FakeHelloClient(t, fake), "hi") {
		if err != nil {
			t.Fatalf("Replies(hi) yielded the error %v after %d replies (see the TODO in Replies in client.go)", err, got)
		}
		if got++; got == 2 {
			break
		}
	}
	if got != 2 {
		t.Fatalf("Replies(hi) yielded %d replies before it ended, want 2 and then the break (see the TODO in Replies in client.go)", got)
	}
	calls := fake.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 {
		t.Fatalf("5s after the loop stopped, the server is still sending: stopping early must cancel the call, with the cancel function of context.WithCancel (see the TODO in Replies in client.go)")
	}
	if code := status.Code(calls[0].Err); code != codes.Canceled {
		t.Errorf("the server's call ended with %v, want code Canceled (see the TODO in Replies in client.go)", calls[0].Err)
	}
}

// TestRepliesServerError checks that an error the server returns in the
// middle of the stream reaches the caller, with its code, after the replies
// that came before it.
func TestRepliesServerError(t *testing.T) {
	fake := &grpctest.FakeHello{Replies: 5, FailWith: grpctest.ErrFakeFailure, FailAfter: 2}
	var got []string
	var lastErr error
	for reply, err := range Replies(t.Context(), grpctest.FakeHelloClient(t, fake), "hi") {
		if lastErr != nil {
			t.Fatalf("Replies(hi) yielded (%q, %v) after the error %v; want the error to be the last value (see the TODO in Replies in client.go)", reply, err, lastErr)
		}
		if err != nil {
			lastErr = err
			continue
		}
		got = append(got, reply)
	}
	want := wantReplies(5, "hi")[:2]
	if !slices.Equal(got, want) || status.Code(lastErr) != codes.ResourceExhausted {
		t.Errorf("the server failed with ResourceExhausted after 2 replies; Replies yielded %q, then %v; want %q, then that error, code and all (see the TODO in Replies in client.go)",
			got, lastErr, want)
	}
}
