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

// These tests run SendGreetings against a fake server from
// grpcworkshop/testkit/grpctest, not against this lesson's server: a client
// test should fail only for the client's own mistakes.

func TestSendGreetings(t *testing.T) {
	fake := &grpctest.FakeHello{}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	greetings := []string{"hi", "hey", "hello"}
	got, err := SendGreetings(ctx, grpctest.FakeHelloClient(t, fake), slices.Values(greetings))
	if want := "hello, you said 3 greetings: hi, hey, hello"; err != nil || got != want {
		t.Fatalf("SendGreetings(%q) = %q, %v; want %q (see the TODO in SendGreetings in client.go)", greetings, got, err, want)
	}
	calls := fake.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 {
		t.Fatalf("the server saw %d calls end, want 1", len(calls))
	}
	if !slices.Equal(calls[0].Greetings, greetings) {
		t.Errorf("the server received %q, want %q in that order", calls[0].Greetings, greetings)
	}
	if !calls[0].ClientClosed {
		t.Errorf("the client never closed its side of the stream; CloseAndRecv does that (see the TODO in SendGreetings in client.go)")
	}
}

// TestSendGreetingsServerError has the server fail after two greetings, of
// up to 100,000. Send cannot say why a call ended: it returns io.EOF. The
// client must then stop sending and get the server's status from
// CloseAndRecv, code and all.
func TestSendGreetingsServerError(t *testing.T) {
	grpctest.NoLeaks(t, "SendGreetings in client.go")
	fake := &grpctest.FakeHello{FailWith: grpctest.ErrFakeFailure, FailAfter: 2}
	greetings := func(yield func(string) bool) {
		for range 100_000 {
			if !yield("hi") {
				return
			}
		}
	}
	got, err := SendGreetings(t.Context(), grpctest.FakeHelloClient(t, fake), greetings)
	if code := status.Code(err); code != codes.ResourceExhausted {
		t.Errorf("the server failed with ResourceExhausted after 2 greetings; SendGreetings gave %q and %v, want that error, code and all: when Send returns io.EOF, stop and call CloseAndRecv (see the TODO in SendGreetings in client.go)",
			got, err)
	}
}
