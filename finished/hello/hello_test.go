package hello_test

import (
	"context"
	"io"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/hello"
	"grpcworkshop/finished/internal/helloclient"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// The lessons test each rpc in depth; these check the finished package as a
// whole, and the rules the lessons share.

func TestServer(t *testing.T) {
	client, _ := grpctest.StartHello(t, hello.HelloServer{Replies: 2})
	ctx := t.Context()

	resp, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "hello, you said: hi", resp.GetReply())

	var replies []string
	for r, err := range helloclient.Replies(ctx, client, "hi") {
		require.NoError(t, err)
		replies = append(replies, r)
	}
	assert.Equal(t, []string{hello.Numbered(1, 2, "hi"), hello.Numbered(2, 2, "hi")}, replies)

	reply, err := helloclient.SendGreetings(ctx, client, slices.Values([]string{"hi", "hey"}))
	require.NoError(t, err)
	assert.Equal(t, "hello, you said 2 greetings: hi, hey", reply)

	for _, mode := range []string{"", hello.ModeEach, hello.ModeAll} {
		var got []string
		err := helloclient.Chat(ctx, client, mode, slices.Values([]string{"hi", "hey"}), func(r string) { got = append(got, r) })
		require.NoError(t, err, "mode %q", mode)
		want := []string{"hello, you said: hi", "hello, you said: hey"}
		if mode == hello.ModeAll {
			want = []string{hello.Numbered(1, 2, "hi"), hello.Numbered(2, 2, "hey")}
		}
		assert.Equal(t, want, got, "mode %q", mode)
	}
}

// TestNoGreetings pins down the rule lessons 7 and 8 share: ReadGreetings
// returns no greetings without an error, LotsOfGreetings answers them with
// INVALID_ARGUMENT (nothing to answer), and BidiHello in mode all with no
// replies and OK.
func TestNoGreetings(t *testing.T) {
	client, _ := grpctest.StartHello(t, hello.HelloServer{})
	none := slices.Values([]string(nil))

	_, err := helloclient.SendGreetings(t.Context(), client, none)
	assert.Equal(t, codes.InvalidArgument, status.Code(err), "LotsOfGreetings with no greetings: %v", err)

	calls := 0
	err = helloclient.Chat(t.Context(), client, hello.ModeAll, none, func(string) { calls++ })
	assert.NoError(t, err, "BidiHello in mode all with no greetings")
	assert.Zero(t, calls, "BidiHello in mode all with no greetings: replies")

	got, err := hello.ReadGreetings(func() (*hellov1.HelloRequest, error) { return nil, io.EOF })
	assert.NoError(t, err)
	assert.Empty(t, got)
}

func TestReplyPlan(t *testing.T) {
	tests := []struct {
		name     string
		server   hello.HelloServer
		md       []string
		n        int
		interval time.Duration
		code     codes.Code
	}{
		{"defaults", hello.HelloServer{}, nil, 3, 0, codes.OK},
		{"the server's", hello.HelloServer{Replies: 5, Interval: time.Second}, nil, 5, time.Second, codes.OK},
		{"the call's", hello.HelloServer{Replies: 5}, []string{hello.RepliesKey, "7", hello.IntervalKey, "10ms"}, 7, 10 * time.Millisecond, codes.OK},
		{"zero replies", hello.HelloServer{}, []string{hello.RepliesKey, "0"}, 0, 0, codes.InvalidArgument},
		{"a negative interval", hello.HelloServer{}, []string{hello.IntervalKey, "-1s"}, 0, 0, codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := metadata.NewIncomingContext(t.Context(), metadata.Pairs(tt.md...))
			n, interval, err := tt.server.ReplyPlan(ctx)
			assert.Equal(t, tt.code, status.Code(err), "%v", err)
			assert.Equal(t, tt.n, n)
			assert.Equal(t, tt.interval, interval)
		})
	}
}

func TestMode(t *testing.T) {
	for md, want := range map[string]string{"": hello.ModeEach, "each": hello.ModeEach, "all": hello.ModeAll} {
		ctx := t.Context()
		if md != "" {
			ctx = metadata.NewIncomingContext(ctx, metadata.Pairs(hello.ModeKey, md))
		}
		got, err := hello.Mode(ctx)
		assert.NoError(t, err)
		assert.Equal(t, want, got, "mode %q", md)
	}
	_, err := hello.Mode(metadata.NewIncomingContext(t.Context(), metadata.Pairs(hello.ModeKey, "sideways")))
	assert.Equal(t, codes.InvalidArgument, status.Code(err))
}

// TestChatWaitsForItsSender checks that Chat returns only once its sending
// goroutine is done, even when the call is canceled while greetings is
// still running.
func TestChatWaitsForItsSender(t *testing.T) {
	grpctest.NoLeaks(t, "Chat in client.go")
	client := grpctest.FakeHelloClient(t, &grpctest.FakeHello{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var senderDone atomic.Bool
	greetings := func(yield func(string) bool) {
		defer senderDone.Store(true)
		if yield("a") {
			<-ctx.Done()
			time.Sleep(100 * time.Millisecond)
		}
	}
	err := helloclient.Chat(ctx, client, "", greetings, func(string) { cancel() })
	assert.Equal(t, codes.Canceled, status.Code(err), "%v", err)
	assert.True(t, senderDone.Load(), "Chat returned before its sending goroutine")
}
