package hello

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// greet makes one LotsOfGreetings call by hand: it sends greetings, closes
// the sending side and waits for the reply.
func greet(t *testing.T, client hellov1.HelloServiceClient, greetings []string) (string, error) {
	t.Helper()
	stream, err := client.LotsOfGreetings(t.Context())
	require.NoError(t, err)
	for _, g := range greetings {
		// io.EOF means the server has ended the call already;
		// CloseAndRecv returns its status.
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
			break
		}
	}
	resp, err := stream.CloseAndRecv()
	return resp.GetReply(), err
}

func TestLotsOfGreetings(t *testing.T) {
	var many []string
	for i := range 1000 {
		many = append(many, fmt.Sprint("hello ", i+1))
	}
	tests := []struct {
		name      string
		greetings []string
		want      string
		code      codes.Code
	}{
		{"three", []string{"hello", "hi", "hey"}, "hello, you said 3 greetings: hello, hi, hey", codes.OK},
		{"one", []string{"hi"}, "hello, you said 1 greeting: hi", codes.OK},
		{"1000, in order", many, "hello, you said 1000 greetings: " + strings.Join(many, ", "), codes.OK},
		{"none", nil, "", codes.InvalidArgument},
		{"an empty one", []string{"hi", "", "hey"}, "", codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := grpctest.StartHello(t, HelloServer{})
			got, err := greet(t, client, tt.greetings)
			if code := status.Code(err); code != tt.code || got != tt.want {
				shown := tt.greetings
				if len(shown) > 3 {
					shown = append(shown[:3:3], "...")
				}
				t.Errorf("LotsOfGreetings(%q) = %.80q, code %v (%v); want %.80q, code %v (see the TODO in LotsOfGreetings in greetings.go)",
					shown, got, code, err, tt.want, tt.code)
			}
		})
	}
}

// TestLotsOfGreetingsErrorMidStream sends an empty greeting second, then
// keeps sending. The server should answer INVALID_ARGUMENT as soon as it
// reads the empty one, without reading the rest: the client's next Send
// then returns io.EOF ("the call is over"), and CloseAndRecv the status.
func TestLotsOfGreetingsErrorMidStream(t *testing.T) {
	const n = 100_000
	client, ends := grpctest.StartHello(t, HelloServer{})
	stream, err := client.LotsOfGreetings(t.Context())
	require.NoError(t, err)
	sent := 0
	for sent < n {
		g := "hey"
		if sent == 1 {
			g = ""
		}
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("Send failed with %v, want io.EOF once the server has ended the call", err)
			}
			break
		}
		sent++
	}
	_, err = stream.CloseAndRecv()
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "greeting 2 is empty") {
		t.Fatalf("after an empty second greeting, CloseAndRecv gave %v; want code InvalidArgument and a message with \"greeting 2 is empty\" (see the TODO in LotsOfGreetings in greetings.go)", err)
	}
	if sent == n {
		t.Errorf("the client could send all %d greetings: the server read on after the empty one; want it to return the error at once (see the TODO in LotsOfGreetings in greetings.go)", n)
	}
	ends.Ended(t, "it answered", "LotsOfGreetings in greetings.go")
}

// TestLotsOfGreetingsNeverClosed sends two greetings and waits for the
// reply without closing its side. The server waits for more greetings, so
// no reply comes: only the call's deadline ends the wait, on both sides.
func TestLotsOfGreetingsNeverClosed(t *testing.T) {
	grpctest.NoLeaks(t, "LotsOfGreetings in greetings.go")
	client, ends := grpctest.StartHello(t, HelloServer{})
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	stream, err := client.LotsOfGreetings(ctx)
	require.NoError(t, err)
	for _, g := range []string{"hi", "hey"} {
		// Send returns io.EOF if the server has already ended the call;
		// RecvMsg below then reports how it ended.
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
			require.ErrorIs(t, err, io.EOF)
			break
		}
	}
	// RecvMsg waits for the reply without closing the sending side, which
	// CloseAndRecv would do.
	var resp hellov1.HelloResponse
	err = stream.RecvMsg(&resp)
	if code := status.Code(err); code != codes.DeadlineExceeded {
		t.Errorf("waiting for a reply without closing the stream gave %q and %v; want code DeadlineExceeded: the server must wait for io.EOF before it answers (see the TODO in LotsOfGreetings in greetings.go)",
			resp.GetReply(), err)
	}
	end := ends.Ended(t, "the deadline passed", "LotsOfGreetings in greetings.go")
	if end.Err == nil {
		t.Errorf("after the deadline, LotsOfGreetings returned nil; want the error Recv returned (see the TODO in LotsOfGreetings in greetings.go)")
	}
}
