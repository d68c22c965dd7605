package hello

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// These tests run Chat against a fake server from
// grpcworkshop/testkit/grpctest, not against this lesson's server: a client
// test should fail only for the client's own mistakes.

// fakeClient starts f and returns a client connected to it.
func fakeClient(t *testing.T, f *grpctest.FakeHello) hellov1.HelloServiceClient {
	t.Helper()
	return hellov1.NewHelloServiceClient(grpctest.Dial(t, grpctest.StartFakeHello(t, f)))
}

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
			got, err := chat(t, fakeClient(t, fake), tt.mode, greetings)
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
			if got := c.Metadata.Get(ModeKey); !slices.Equal(got, []string{tt.mode}) {
				t.Errorf("the call's metadata %s was %q, want [%q]", ModeKey, got, tt.mode)
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
	err := Chat(ctx, fakeClient(t, &grpctest.FakeHello{}), "each", greetings, func(r string) {
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
	noLeaks(t, "Chat in client.go")
	fake := &grpctest.FakeHello{FailWith: grpctest.ErrFakeFailure, FailAfter: 2}
	got, err := chat(t, fakeClient(t, fake), "each", []string{"a", "b", "c", "d", "e"})
	want := []string{"hello, you said: a", "hello, you said: b"}
	if !slices.Equal(got, want) || status.Code(err) != codes.ResourceExhausted {
		t.Errorf("the server failed with ResourceExhausted after 2 greetings; Chat gave %q and %v, want %q and that error, code and all (see the TODO in Chat in client.go)",
			got, err, want)
	}
}

// TestChatCancel cancels the call in the middle: Chat must return the
// cancellation, the server must see it, and no goroutine may stay behind.
func TestChatCancel(t *testing.T) {
	noLeaks(t, "Chat in client.go")
	fake := &grpctest.FakeHello{}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// After the first greeting, nothing more until the cancel, and for a
	// while after it: the cancel, not the end of the greetings, must end
	// the call.
	greetings := func(yield func(string) bool) {
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
	err := Chat(ctx, fakeClient(t, fake), "each", greetings, func(r string) {
		got = append(got, r)
		cancel() // enough after the first reply
	})
	if status.Code(err) != codes.Canceled || len(got) != 1 {
		t.Fatalf("canceled after the first reply, Chat gave %q and %v; want one reply and code Canceled (see the TODO in Chat in client.go)", got, err)
	}
	calls := fake.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || status.Code(calls[0].Err) != codes.Canceled {
		t.Errorf("the server recorded %+v, want one call that ended Canceled", calls)
	}
}
