package hello

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// wantReplies is what LotsOfReplies should send for greeting: n replies,
// numbered in order.
func wantReplies(n int, greeting string) []string {
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("reply %d of %d: hello, you said: %s", i, n, greeting))
	}
	return want
}

func TestLotsOfReplies(t *testing.T) {
	tests := []struct {
		name     string
		server   HelloServer
		metadata []string // key, value, ...: what the call asks for
		want     []string
	}{
		{"three by default", HelloServer{}, nil, wantReplies(3, "hello")},
		{"one", HelloServer{finished.HelloServer{Replies: 1}}, nil, wantReplies(1, "hello")},
		{"1000, in order", HelloServer{finished.HelloServer{Replies: 1000}}, nil, wantReplies(1000, "hello")},
		{"the call asks for 5", HelloServer{}, []string{finished.RepliesKey, "5"}, wantReplies(5, "hello")},
		{"with a pause between replies", HelloServer{}, []string{finished.RepliesKey, "4", finished.IntervalKey, "10ms"}, wantReplies(4, "hello")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := grpctest.StartHello(t, tt.server)
			ctx := metadata.AppendToOutgoingContext(t.Context(), tt.metadata...)
			stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hello"})
			require.NoError(t, err)
			got, err := grpctest.RecvReplies(stream.Recv)
			if err != nil {
				t.Fatalf("LotsOfReplies(hello) gave %d replies, then failed: %v; want %d replies (see the TODO in LotsOfReplies in replies.go)", len(got), err, len(tt.want))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("LotsOfReplies(hello) gave %d replies (%s), want %d, in order (see the TODO in LotsOfReplies in replies.go)",
					len(got), grpctest.FirstDiff(got, tt.want), len(tt.want))
			}
		})
	}

	t.Run("empty greeting", func(t *testing.T) {
		client, _ := grpctest.StartHello(t, HelloServer{})
		stream, err := client.LotsOfReplies(t.Context(), &hellov1.HelloRequest{})
		require.NoError(t, err)
		got, err := grpctest.RecvReplies(stream.Recv)
		if len(got) != 0 || status.Code(err) != codes.InvalidArgument {
			t.Errorf("LotsOfReplies(\"\") gave %q and %v, want no reply and code InvalidArgument", got, err)
		}
	})
}

// TestLotsOfRepliesStopsWhenClientCancels cancels the call in the middle of
// a long stream. The server's handler must notice and return: one that
// kept going would send into a call that no longer exists, for as long as
// its loop lasts, and the test would find its goroutine still running.
func TestLotsOfRepliesStopsWhenClientCancels(t *testing.T) {
	tests := []struct {
		name   string
		server HelloServer
	}{
		// The handler is waiting between two replies: only watching
		// stream.Context().Done() lets it notice the cancel.
		{"while it waits between replies", HelloServer{finished.HelloServer{Replies: 1000, Interval: time.Hour}}},
		// The handler sends as fast as it can: Send's error tells it.
		{"while it sends as fast as it can", HelloServer{finished.HelloServer{Replies: 1_000_000_000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grpctest.NoLeaks(t, "LotsOfReplies in replies.go")
			client, ends := grpctest.StartHello(t, tt.server)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hello"})
			require.NoError(t, err)
			if _, err := stream.Recv(); err != nil {
				t.Fatalf("LotsOfReplies(hello) failed before its first reply: %v (see the TODO in LotsOfReplies in replies.go)", err)
			}

			cancel()

			if _, err := grpctest.RecvReplies(stream.Recv); status.Code(err) != codes.Canceled {
				t.Errorf("after the cancel, Recv gave %v, want code Canceled", err)
			}
			end := ends.Ended(t, "the client canceled", "LotsOfReplies in replies.go")
			if end.Err == nil {
				t.Errorf("after the client canceled, LotsOfReplies returned nil, as if it had sent every reply; want the error that stopped it (see the TODO in LotsOfReplies in replies.go)")
			} else if status.Code(end.Err) != codes.Canceled {
				t.Errorf("after the client canceled, LotsOfReplies returned %q, which gRPC logs as code %s; want code Canceled: a context's error is not a gRPC status until it is turned into one (see the TODO in LotsOfReplies in replies.go)", end.Err, status.Code(end.Err))
			}
		})
	}
}

// TestLotsOfRepliesDeadline gives a slow stream (a reply every 20ms, 1000 of
// them) a deadline of 300ms. The deadline covers the whole call, not each
// message: the client gets the replies sent before it, then
// DeadlineExceeded, and the server stops.
func TestLotsOfRepliesDeadline(t *testing.T) {
	grpctest.NoLeaks(t, "LotsOfReplies in replies.go")
	client, ends := grpctest.StartHello(t, HelloServer{finished.HelloServer{Replies: 1000, Interval: 20 * time.Millisecond}})
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hello"})
	require.NoError(t, err)
	got, err := grpctest.RecvReplies(stream.Recv)
	if len(got) < 2 || len(got) >= 1000 || status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("a stream of 1000 replies, one every 20ms, with a 300ms deadline gave %d replies, then %v; want some replies, then DeadlineExceeded (see the TODO in LotsOfReplies in replies.go)",
			len(got), err)
	}
	if !slices.Equal(got, wantReplies(1000, "hello")[:len(got)]) {
		t.Errorf("the replies before the deadline are not the first ones in order: %s", grpctest.FirstDiff(got, wantReplies(1000, "hello")[:len(got)]))
	}
	end := ends.Ended(t, "the deadline passed", "LotsOfReplies in replies.go")
	if end.Err == nil {
		t.Errorf("after the deadline, LotsOfReplies returned nil, as if it had sent every reply; want the error that stopped it (see the TODO in LotsOfReplies in replies.go)")
	} else if code := status.Code(end.Err); code != codes.DeadlineExceeded && code != codes.Canceled {
		t.Errorf("after the deadline, LotsOfReplies returned %q, which gRPC logs as code %s; want code DeadlineExceeded (or Canceled, when the client's cancel arrives first): a context's error is not a gRPC status until it is turned into one (see the TODO in LotsOfReplies in replies.go)", end.Err, status.Code(end.Err))
	}
}

// TestLotsOfRepliesFlatMemory streams 100,000 replies and measures the heap
// (after a garbage collection) before the stream, halfway and after it. A
// server that sends each reply as it makes it keeps nothing: halfway, the
// heap holds only what is in flight, which HTTP/2's flow control bounds,
// whatever the length of the stream; afterwards it is back where it started.
// One that built every reply first would hold them all.
func TestLotsOfRepliesFlatMemory(t *testing.T) {
	const n = 100_000
	client, _ := grpctest.StartHello(t, HelloServer{finished.HelloServer{Replies: n}})
	start := func() func() (*hellov1.HelloResponse, error) {
		stream, err := client.LotsOfReplies(t.Context(), &hellov1.HelloRequest{Greeting: "hello"})
		require.NoError(t, err)
		return stream.Recv
	}
	want := func(i int) string { return fmt.Sprintf("reply %d of %d: hello, you said: hello", i, n) }
	grpctest.CheckFlatStream(t, client, n, start, want, "LotsOfReplies in replies.go", "send each reply as you make it, and keep none")
}
