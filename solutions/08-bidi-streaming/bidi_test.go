package hello

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
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

// withMode returns ctx with the metadata that picks BidiHello's mode.
func withMode(ctx context.Context, mode string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, finished.ModeKey, mode)
}

// sendAll sends greetings on a BidiHello stream from a goroutine, then
// closes the sending side (unless open is true). The two directions of a
// stream are independent, so the test's goroutine can receive meanwhile.
// Send errors are left out: when the server ends the call early, Send
// returns io.EOF and the receiving side gets the status.
func sendAll(stream hellov1.HelloService_BidiHelloClient, greetings []string, open bool) {
	go func() {
		for _, g := range greetings {
			if stream.Send(&hellov1.HelloRequest{Greeting: g}) != nil {
				return
			}
		}
		if !open {
			stream.CloseSend()
		}
	}()
}

func TestBidiHelloEach(t *testing.T) {
	t.Run("answers each greeting before the next is sent", func(t *testing.T) {
		client, _ := grpctest.StartHello(t, HelloServer{})
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		stream, err := client.BidiHello(ctx)
		require.NoError(t, err)
		for _, g := range []string{"hi", "hey", "hello"} {
			// Send returns io.EOF if the server has already ended the call;
			// Recv below then reports how it ended.
			if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); !errors.Is(err, io.EOF) {
				require.NoError(t, err)
			}
			resp, err := stream.Recv()
			want := "hello, you said: " + g
			if code := status.Code(err); code == codes.DeadlineExceeded {
				t.Fatalf("no reply to greeting %q within 3s, while the stream stayed open; want %q at once: answer each greeting as soon as you have read it (see the TODO in answerEach in bidi.go)", g, want)
			}
			if err != nil || resp.GetReply() != want {
				t.Fatalf("after sending %q, received %q and %v; want %q (see the TODO in answerEach in bidi.go)", g, resp.GetReply(), err, want)
			}
		}
		require.NoError(t, stream.CloseSend())
		if resp, err := stream.Recv(); !errors.Is(err, io.EOF) {
			t.Errorf("after the client closed its side, Recv gave %v and %v; want io.EOF: end the call with OK once Recv returns io.EOF (see the TODO in answerEach in bidi.go)", resp, err)
		}
	})

	t.Run("1000 greetings, replies in order", func(t *testing.T) {
		client, _ := grpctest.StartHello(t, HelloServer{})
		stream, err := client.BidiHello(t.Context())
		require.NoError(t, err)
		var greetings, want []string
		for i := range 1000 {
			greetings = append(greetings, fmt.Sprint("hello ", i+1))
			want = append(want, fmt.Sprint("hello, you said: hello ", i+1))
		}
		sendAll(stream, greetings, false)
		got, err := grpctest.RecvReplies(stream.Recv)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("BidiHello answered 1000 greetings with %d replies (%s) and ended with %v; want %d replies in order, then OK (see the TODO in answerEach in bidi.go)",
				len(got), grpctest.FirstDiff(got, want), err, len(want))
		}
	})

	t.Run("an empty greeting ends the call", func(t *testing.T) {
		client, ends := grpctest.StartHello(t, HelloServer{})
		stream, err := client.BidiHello(t.Context())
		require.NoError(t, err)
		sendAll(stream, []string{"hi", "hey", "", "hello"}, false)
		got, err := grpctest.RecvReplies(stream.Recv)
		want := []string{"hello, you said: hi", "hello, you said: hey"}
		st := status.Convert(err)
		if !slices.Equal(got, want) || st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "greeting 3 is empty") {
			t.Errorf("BidiHello(hi, hey, \"\", hello) gave %q, then %v; want %q, then code InvalidArgument with \"greeting 3 is empty\": the client keeps the replies before the error (see the TODO in answerEach in bidi.go)",
				got, err, want)
		}
		ends.Ended(t, "it returned the error", "answerEach in bidi.go")
	})

	t.Run("unknown mode", func(t *testing.T) {
		client, _ := grpctest.StartHello(t, HelloServer{})
		stream, err := client.BidiHello(withMode(t.Context(), "sideways"))
		require.NoError(t, err)
		sendAll(stream, []string{"hi"}, false)
		_, err = grpctest.RecvReplies(stream.Recv)
		if code := status.Code(err); code != codes.InvalidArgument {
			t.Errorf("BidiHello with mode \"sideways\" ended with %v, want code InvalidArgument", err)
		}
	})
}

func TestBidiHelloAll(t *testing.T) {
	tests := []struct {
		name      string
		greetings []string
		want      []string
		code      codes.Code
	}{
		{"three", []string{"hi", "hey", "hello"}, []string{
			"reply 1 of 3: hello, you said: hi",
			"reply 2 of 3: hello, you said: hey",
			"reply 3 of 3: hello, you said: hello",
		}, codes.OK},
		{"none", nil, nil, codes.OK},
		{"an empty greeting", []string{"hi", ""}, nil, codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := grpctest.StartHello(t, HelloServer{})
			stream, err := client.BidiHello(withMode(t.Context(), "all"))
			require.NoError(t, err)
			sendAll(stream, tt.greetings, false)
			got, err := grpctest.RecvReplies(stream.Recv)
			if !slices.Equal(got, tt.want) || status.Code(err) != tt.code {
				t.Errorf("BidiHello in mode all with %q gave %q, then %v; want %q, then code %v: read every greeting first, then answer them all (see the TODO in answerAll in bidi.go)",
					tt.greetings, got, err, tt.want, tt.code)
			}
		})
	}
}

// TestBidiHelloEndsWithTheCall checks that the server's handler stops when
// the call ends without the client closing its side: after its deadline, or
// when it cancels. A handler that went on would be a goroutine nobody stops.
func TestBidiHelloEndsWithTheCall(t *testing.T) {
	for _, mode := range []string{"each", "all"} {
		todo := map[string]string{"each": "answerEach in bidi.go", "all": "answerAll in bidi.go"}[mode]
		// In mode each, the two greetings are answered at once; in mode all,
		// never, because the client never closes its side.
		wantReplies := map[string]int{"each": 2, "all": 0}[mode]

		t.Run(mode+"/deadline", func(t *testing.T) {
			grpctest.NoLeaks(t, todo)
			client, ends := grpctest.StartHello(t, HelloServer{})
			ctx, cancel := context.WithTimeout(withMode(t.Context(), mode), 300*time.Millisecond)
			defer cancel()
			stream, err := client.BidiHello(ctx)
			require.NoError(t, err)
			sendAll(stream, []string{"hi", "hey"}, true)
			got, err := grpctest.RecvReplies(stream.Recv)
			if len(got) != wantReplies || status.Code(err) != codes.DeadlineExceeded {
				t.Errorf("a client that never closes its side got %d replies, then %v; want %d, then DeadlineExceeded (see the TODO in %s)",
					len(got), err, wantReplies, todo)
			}
			ends.Ended(t, "the deadline passed", todo)
		})

		t.Run(mode+"/cancel", func(t *testing.T) {
			grpctest.NoLeaks(t, todo)
			client, ends := grpctest.StartHello(t, HelloServer{})
			ctx, cancel := context.WithCancel(withMode(t.Context(), mode))
			defer cancel()
			stream, err := client.BidiHello(ctx)
			require.NoError(t, err)
			sendAll(stream, []string{"hi", "hey"}, true)
			if mode == "each" {
				if _, err := stream.Recv(); err != nil {
					t.Fatalf("no reply to the first greeting: %v (see the TODO in %s)", err, todo)
				}
			}
			cancel()
			if _, err := grpctest.RecvReplies(stream.Recv); status.Code(err) != codes.Canceled {
				t.Errorf("after the client canceled, Recv gave %v, want code Canceled", err)
			}
			ends.Ended(t, "the client canceled", todo)
		})
	}
}

// TestBidiHelloFlatMemory streams 100,000 greetings through one call in
// mode each, and measures the heap (after a garbage collection) before the
// stream, halfway and after it. Answering each greeting as it comes keeps
// nothing: halfway, the heap holds only what is in flight, which HTTP/2's
// flow control bounds, whatever the length of the stream; afterwards it is
// back where it started.
func TestBidiHelloFlatMemory(t *testing.T) {
	const n = 100_000
	client, _ := grpctest.StartHello(t, HelloServer{})
	start := func() func() (*hellov1.HelloResponse, error) {
		stream, err := client.BidiHello(t.Context())
		require.NoError(t, err)
		go func() {
			for i := range n {
				if stream.Send(&hellov1.HelloRequest{Greeting: fmt.Sprint("hello ", i+1)}) != nil {
					return
				}
			}
			stream.CloseSend()
		}()
		return stream.Recv
	}
	want := func(i int) string { return fmt.Sprint("hello, you said: hello ", i) }
	grpctest.CheckFlatStream(t, client, n, start, want, "answerEach in bidi.go", "answer each greeting as it comes, and keep neither greetings nor replies")
}
