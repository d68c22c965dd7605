package grpctest

import (
	"errors"
	"slices"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

func TestStartHello(t *testing.T) {
	// The fake doubles as a server under test here: StartHello serves any
	// HelloServiceServer, and records how its streams end.
	client, ends := StartHello(t, &FakeHello{Replies: 2})
	stream, err := client.LotsOfReplies(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := RecvReplies(stream.Recv)
	want := []string{"reply 1 of 2: hello, you said: hi", "reply 2 of 2: hello, you said: hi"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("RecvReplies = %q, %v; want %q, nil", got, err, want)
	}
	end := ends.Ended(t, "the stream ended", "nothing")
	if end.Method != "/hello.v1.HelloService/LotsOfReplies" || end.Err != nil {
		t.Errorf("Ended = %+v, want LotsOfReplies with a nil error", end)
	}
}

func TestFirstDiff(t *testing.T) {
	tests := []struct {
		got, want []string
		diff      string
	}{
		{[]string{"a", "b"}, []string{"a", "c"}, `reply 2 is "b", want "c"`},
		{[]string{"a"}, []string{"a", "b"}, `reply 2, "b", is missing`},
		{[]string{"a", "b"}, []string{"a"}, `reply 2, "b", is one too many`},
		{[]string{"a"}, []string{"a"}, "all the same"},
	}
	for _, tt := range tests {
		if diff := FirstDiff(tt.got, tt.want); diff != tt.diff {
			t.Errorf("FirstDiff(%q, %q) = %q, want %q", tt.got, tt.want, diff, tt.diff)
		}
	}
}

// TestFakeHelloCallString checks the one-line description that failure
// messages print instead of a raw struct.
func TestFakeHelloCallString(t *testing.T) {
	tests := []struct {
		call FakeHelloCall
		want string
	}{
		{FakeHelloCall{Method: "BidiHello", Greetings: []string{"a"}, Replies: 1, Err: status.Error(codes.Canceled, "context canceled")},
			`BidiHello: 1 greeting ("a"), 1 reply, client closed: no, ended: rpc error: code = Canceled desc = context canceled`},
		{FakeHelloCall{Method: "LotsOfGreetings", Greetings: []string{"hi", "hey"}, ClientClosed: true},
			`LotsOfGreetings: 2 greetings ("hi", "hey"), 0 replies, client closed: yes, ended: OK`},
		{FakeHelloCall{Method: "LotsOfReplies", Err: errors.New("boom")},
			`LotsOfReplies: 0 greetings, 0 replies, client closed: no, ended: boom`},
	}
	for _, tt := range tests {
		if got := tt.call.String(); got != tt.want {
			t.Errorf("String() = %s\nwant       %s", got, tt.want)
		}
	}
}
