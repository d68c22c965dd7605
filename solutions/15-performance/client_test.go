package perf

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"grpcworkshop/testkit/grpctest"
)

func TestSumReusesConnection(t *testing.T) {
	grpctest.NoLeaks(t, "NewClient and Close in client.go")
	srv := startServer(t)
	c := newClient(t, srv.addr)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	const calls = 10
	for i := range int32(calls) {
		got, err := c.Sum(ctx, i, 1)
		if err != nil {
			t.Fatalf("Sum(%d, 1): %v", i, err)
		}
		if got != i+1 {
			t.Fatalf("Sum(%d, 1) = %d, want %d", i, got, i+1)
		}
	}
	if n := srv.conns.Load(); n != 1 {
		t.Errorf("%d Sum calls opened %d connections, want 1: connect once in NewClient, share the connection and close it in Close (TODO(step 1) in client.go)", calls, n)
	}
}

func TestGreetAllStreams(t *testing.T) {
	grpctest.NoLeaks(t, "GreetAll in client.go")
	srv := startServer(t)
	c := newClient(t, srv.addr)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	greetings := make([]string, 50)
	want := make([]string, len(greetings))
	for i := range greetings {
		greetings[i] = fmt.Sprintf("hi %d", i+1)
		want[i] = "hello, you said: " + greetings[i]
	}
	before := srv.unary.Load()
	got, err := c.GreetAll(ctx, greetings)
	if err != nil {
		t.Fatalf("GreetAll(%d greetings): %v", len(greetings), err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("GreetAll(%d greetings) = %d replies %q..., want %q... in the same order", len(greetings), len(got), got[:min(2, len(got))], want[:2])
	}
	if unary, streams := srv.unary.Load()-before, srv.streams.Load(); unary != 0 || streams != 1 {
		t.Errorf("GreetAll(%d greetings) made %d unary calls and %d streaming calls, want one BidiHello stream and no unary call (TODO(step 2) in client.go)", len(greetings), unary, streams)
	}

	// An empty greeting ends the stream with INVALID_ARGUMENT: GreetAll
	// returns that error.
	if _, err := c.GreetAll(ctx, []string{"hi", ""}); err == nil {
		t.Errorf("GreetAll with an empty greeting returned no error, want the server's INVALID_ARGUMENT")
	}
}
