package hello

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// These tests run Chat against a fake server from
// grpcworkshop/testkit/grpctest, not against this lesson's server: a client
// test should fail only for the client's own mistakes.

// chat runs Chat with a deadline and returns the replies and its error.
func chat(t *testing.T, client hellov1.HelloServiceClient, mode string, greetings []string) ([]string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var replies []string
	err := Chat(ctx, client, mode, slices.Values(greetings), func(r string) { replies = append(replies, r) })
	return replies, err
}

func TestChat(t *testing.T) {
	tests := []struct {
		mode string
		want []string
	}{
		{"each", []string{"hello, you said: hi", "hello, you said: hey", "hello, you said: hello"}},
		{"all", []string{"reply 1 of 3: hello, you said: hi", "reply 2 of 3: hello, you said: hey", "reply 3 of 3: hello, you said: hello"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			fake := &grpctest.FakeHello{}
			greetings := []string{"hi", "hey", "hello"}
			got, err := chat(t, grpctest.FakeHelloClient(t, fake), tt.mode, greetings)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("Chat in mode %s with %q gave %q and %v; want %q and nil (see the TODO in Chat in client.go)",
					tt.mode, greetings, got, err, tt.want)
			}
			calls := fake.WaitCalls(1, 5*time.Second)
			if len(calls) != 1 {
				t.Fatalf("the server saw %d calls end, want 1", len(calls))
			}
			c := calls[0]
			if !slices.Equal(c.Greetings, greetings) {
				t.Errorf("the server received %q, want %q in that order", c.Greetings, greetings)
			}
			if !c.ClientClosed {
				t.Errorf("the client never closed its side of the stream: call stream.CloseSend() after the last greeting (see the TODO in Chat in client.go)")
			}
			if got := c.Metadata.Get(finished.ModeKey); !slices.Equal(got, []string{tt.mode}) {
				t.Errorf("the call's metadata %s was %q, want [%q]", finished.ModeKey, got, tt.mode)
			}
		})
	}
}

// TestChatTakesTurns makes each greeting wait for the reply to the one
// before, as in a conversation. That only works if Chat receives while it
// sends: a client that sends everything first and reads afterwards never
// reads the first reply, and the conversation stalls.
func TestChatTakesTurns(t *testing.T) {
	const n = 5
	heard := make(chan string, n)
	stalled := false
	// greetings yields "turn 1", then "turn 2" once the reply to turn 1 is
	// in, and so on. It gives up after 2s without a reply.
	greetings := func(yield func(string) bool) {
		for i := 1; i <= n; i++ {
			if i > 1 {
				select {
				case <-heard:
				case <-time.After(2 * time.Second):
					stalled = true
					return
				}
			}
			if !yield(fmt.Sprint("turn ", i)) {
				return
			}
		}
	}
	var replies []string
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	err := Chat(ctx, grpctest.FakeHelloClient(t, &grpctest.FakeHello{}), "each", greetings, func(r string) {
		replies = append(replies, r)
		heard <- r
	})
	if err != nil {
		t.Fatalf("Chat failed: %v (see the TODO in Chat in client.go)", err)
	}
	if stalled || len(replies) != n {
		t.Errorf("the conversation stalled after %d of %d turns: greeting %d waited 2s for a reply that Chat did not read. Receive in one goroutine while another sends (see the TODO in Chat in client.go)",
			len(replies), n, len(replies)+1)
	}
}

// TestChatServerError checks that an error the server returns in the middle
// of the call reaches the caller with its code, after the replies that came
// before it, and that Chat leaves no goroutine behind.
func TestChatServerError(t *testing.T) {
	grpctest.NoLeaks(t, "Chat in client.go")
	fake := &grpctest.FakeHello{FailWith: grpctest.ErrFakeFailure, FailAfter: 2}
	got, err := chat(t, grpctest.FakeHelloClient(t, fake), "each", []string{"a", "b", "c", "d", "e"})
	want := []string{"hello, you said: a", "hello, you said: b"}
	if !slices.Equal(got, want) || status.Code(err) != codes.ResourceExhausted {
		t.Errorf("the server failed with ResourceExhausted after 2 greetings; Chat gave %q and %v, want %q and that error, code and all (see the TODO in Chat in client.go)",
			got, err, want)
	}
}

// TestChatCancel cancels the call in the middle: Chat must return the
// cancellation, the server must see it, and Chat must not return before its
// sending goroutine has: no goroutine may outlive the call. (goleak, in
// NoLeaks, would miss a sender that ends a moment after Chat returns; the
// test checks that one itself.)
func TestChatCancel(t *testing.T) {
	grpctest.NoLeaks(t, "Chat in client.go")
	fake := &grpctest.FakeHello{}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// After the first greeting, nothing more until the cancel, and for a
	// while after it: the cancel, not the end of the greetings, must end
	// the call. greetings runs in Chat's sending goroutine, so when it
	// returns, that goroutine is about to end.
	var senderStarted, senderDone atomic.Bool
	greetings := func(yield func(string) bool) {
		senderStarted.Store(true)
		defer senderDone.Store(true)
		if !yield("a") {
			return
		}
		select {
		case <-ctx.Done():
			time.Sleep(200 * time.Millisecond)
		case <-time.After(5 * time.Second):
		}
	}
	var got []string
	err := Chat(ctx, grpctest.FakeHelloClient(t, fake), "each", greetings, func(r string) {
		got = append(got, r)
		cancel() // enough after the first reply
	})
	if status.Code(err) != codes.Canceled || len(got) != 1 {
		t.Fatalf("canceled after the first reply, Chat gave %q and %v; want one reply and code Canceled (see the TODO in Chat in client.go)", got, err)
	}
	if senderStarted.Load() && !senderDone.Load() {
		t.Errorf("Chat returned while its sending goroutine was still running (greetings had not returned): after the call ends, wait for the sender before returning, or it outlives the call (see the TODO in Chat in client.go)")
	}
	calls := fake.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || status.Code(calls[0].Err) != codes.Canceled {
		t.Errorf("the server saw %d calls end: %v; want one BidiHello call that ended Canceled: cancel the call's context when the caller cancels, and do not start another call (see the TODO in Chat in client.go)",
			len(calls), calls)
	}
}
