package hello

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// The rpcs of the earlier lessons, done: these tests pass from the start.

func TestSayHello(t *testing.T) {
	client, _ := startServer(t, HelloServer{})
	resp, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	if want := "hello, you said: hi"; resp.GetReply() != want {
		t.Errorf("SayHello(hi) replied %q, want %q", resp.GetReply(), want)
	}
}

func TestLotsOfReplies(t *testing.T) {
	client, _ := startServer(t, HelloServer{})
	stream, err := client.LotsOfReplies(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	got, err := recvAll(stream.Recv)
	want := []string{"reply 1 of 3: hello, you said: hi", "reply 2 of 3: hello, you said: hi", "reply 3 of 3: hello, you said: hi"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("LotsOfReplies(hi) gave %q and %v, want %q and the end of the stream", got, err, want)
	}
}

func TestLotsOfGreetings(t *testing.T) {
	client, _ := startServer(t, HelloServer{})
	stream, err := client.LotsOfGreetings(t.Context())
	require.NoError(t, err)
	for _, g := range []string{"hi", "hey"} {
		require.NoError(t, stream.Send(&hellov1.HelloRequest{Greeting: g}))
	}
	resp, err := stream.CloseAndRecv()
	if want := "hello, you said 2 greetings: hi, hey"; err != nil || resp.GetReply() != want {
		t.Errorf("LotsOfGreetings(hi, hey) = %q, %v; want %q", resp.GetReply(), err, want)
	}
}
