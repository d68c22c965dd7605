package grpctest

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

func TestFakeHelloReplies(t *testing.T) {
	f := &FakeHello{}
	stream, err := FakeHelloClient(t, f).LotsOfReplies(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := RecvReplies(stream.Recv)
	want := []string{"reply 1 of 3: hello, you said: hi", "reply 2 of 3: hello, you said: hi", "reply 3 of 3: hello, you said: hi"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("LotsOfReplies = %q, %v; want %q", got, err, want)
	}
	calls := f.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || calls[0].Replies != 3 || calls[0].Err != nil || calls[0].HasDeadline {
		t.Errorf("the fake recorded %+v, want one call with 3 replies, no error and no deadline", calls)
	}
}

func TestFakeHelloRepliesCanceled(t *testing.T) {
	f := &FakeHello{Replies: 1000, Interval: time.Hour}
	ctx, cancel := context.WithCancel(t.Context())
	stream, err := FakeHelloClient(t, f).LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	cancel()
	calls := f.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || status.Code(calls[0].Err) != codes.Canceled {
		t.Errorf("after a cancel the fake recorded %+v, want one call that ended Canceled", calls)
	}
}

func TestFakeHelloGreetings(t *testing.T) {
	f := &FakeHello{}
	stream, err := FakeHelloClient(t, f).LotsOfGreetings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"hi", "hey"} {
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := stream.CloseAndRecv()
	if want := "hello, you said 2 greetings: hi, hey"; err != nil || r.GetReply() != want {
		t.Errorf("LotsOfGreetings = %v, %v; want %q", r, err, want)
	}
	calls := f.WaitCalls(1, 5*time.Second)
	if len(calls) != 1 || !calls[0].ClientClosed || !slices.Equal(calls[0].Greetings, []string{"hi", "hey"}) {
		t.Errorf("the fake recorded %+v, want the two greetings and a closed client side", calls)
	}
}

func TestFakeHelloBidi(t *testing.T) {
	for _, tt := range []struct {
		mode string
		want []string
	}{
		{"each", []string{"hello, you said: a", "hello, you said: b"}},
		{"all", []string{"reply 1 of 2: hello, you said: a", "reply 2 of 2: hello, you said: b"}},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			f := &FakeHello{}
			ctx := metadata.AppendToOutgoingContext(t.Context(), "hello-mode", tt.mode)
			stream, err := FakeHelloClient(t, f).BidiHello(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range []string{"a", "b"} {
				if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
					t.Fatal(err)
				}
			}
			if err := stream.CloseSend(); err != nil {
				t.Fatal(err)
			}
			got, err := RecvReplies(stream.Recv)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("BidiHello = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestFakeHelloFails(t *testing.T) {
	f := &FakeHello{FailWith: ErrFakeFailure, FailAfter: 1}
	stream, err := FakeHelloClient(t, f).BidiHello(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"a", "b"} {
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil && !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
	}
	got, err := RecvReplies(stream.Recv)
	if !slices.Equal(got, []string{"hello, you said: a"}) || status.Code(err) != codes.ResourceExhausted {
		t.Errorf("BidiHello with FailAfter 1 = %q, %v; want one reply, then ResourceExhausted", got, err)
	}
}

func TestTrackStreams(t *testing.T) {
	ends, track := TrackStreams()
	srv := grpc.NewServer(track)
	hellov1.RegisterHelloServiceServer(srv, &FakeHello{FailWith: ErrFakeFailure})
	stream, err := hellov1.NewHelloServiceClient(StartBufconn(t, srv)).LotsOfReplies(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	RecvReplies(stream.Recv)
	end, ok := ends.Next(5 * time.Second)
	if !ok || end.Method != "/hello.v1.HelloService/LotsOfReplies" || status.Code(end.Err) != codes.ResourceExhausted {
		t.Errorf("Next() = %+v, %v; want the LotsOfReplies call, ended ResourceExhausted", end, ok)
	}
	if end, ok := ends.Next(10 * time.Millisecond); ok {
		t.Errorf("Next() = %+v after the only call, want nothing", end)
	}
}
