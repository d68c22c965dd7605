package hello

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// metaFake is a HelloService for the client's tests, independent of the
// server steps: it echoes the request id with "echo-" in front, in the
// header, and sends the trailer x-reply-count. BidiHello wants mode "all".
type metaFake struct {
	finished.HelloServer
}

func (f metaFake) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	id := metadata.ValueFromIncomingContext(ctx, RequestIDKey)
	grpc.SetHeader(ctx, metadata.Pairs(RequestIDKey, "echo-"+firstOf(id)))
	resp, err := f.HelloServer.SayHello(ctx, in)
	n := "1"
	if err != nil {
		n = "0"
	}
	grpc.SetTrailer(ctx, metadata.Pairs(ReplyCountKey, n))
	return resp, err
}

func (f metaFake) BidiHello(stream finished.BidiStream) error {
	ctx := stream.Context()
	if mode := metadata.ValueFromIncomingContext(ctx, finished.ModeKey); !slices.Equal(mode, []string{finished.ModeAll}) {
		return status.Errorf(codes.InvalidArgument, "metadata %s: %q, want [%q]", finished.ModeKey, mode, finished.ModeAll)
	}
	id := metadata.ValueFromIncomingContext(ctx, RequestIDKey)
	stream.SetHeader(metadata.Pairs(RequestIDKey, "echo-"+firstOf(id)))
	greetings, err := finished.ReadGreetings(stream.Recv)
	stream.SetTrailer(metadata.Pairs(ReplyCountKey, strconv.Itoa(len(greetings))))
	if err != nil {
		return err
	}
	for i, g := range greetings {
		if err := stream.Send(&hellov1.HelloResponse{Reply: finished.Numbered(i+1, len(greetings), g)}); err != nil {
			return err
		}
	}
	return nil
}

func TestClientMetadata(t *testing.T) {
	grpctest.NoLeaks(t, "Chat in client.go")
	client := hellov1.NewHelloServiceClient(start(t, metaFake{}))
	t.Run("unary", func(t *testing.T) {
		got, err := Hello(callCtx(t), client, "req-1", "hi")
		want := Result{Replies: []string{"hello, you said: hi"}, RequestID: "echo-req-1", ReplyCount: "1"}
		if err != nil || !slices.Equal(got.Replies, want.Replies) || got.RequestID != want.RequestID || got.ReplyCount != want.ReplyCount {
			t.Errorf("Hello(req-1, hi) = %+v, %v; want %+v, nil: send the request id in the metadata, and read the header and trailer with grpc.Header and grpc.Trailer (see TODO(step 3) in Hello in client.go)", got, err, want)
		}
	})
	t.Run("unary error", func(t *testing.T) {
		got, err := Hello(callCtx(t), client, "req-2", "")
		if status.Code(err) != codes.InvalidArgument || got.RequestID != "echo-req-2" || got.ReplyCount != "0" {
			t.Errorf(`Hello(req-2, "") = %+v, %v; want RequestID echo-req-2 and ReplyCount 0 with code InvalidArgument: the header and trailer arrive with an error too (see TODO(step 3) in Hello in client.go)`, got, err)
		}
	})
	t.Run("bidi", func(t *testing.T) {
		got, err := Chat(callCtx(t), client, "req-3", []string{"hi", "hey"})
		want := Result{Replies: []string{finished.Numbered(1, 2, "hi"), finished.Numbered(2, 2, "hey")}, RequestID: "echo-req-3", ReplyCount: "2"}
		if err != nil || !slices.Equal(got.Replies, want.Replies) || got.RequestID != want.RequestID || got.ReplyCount != want.ReplyCount {
			t.Errorf("Chat(req-3, hi, hey) = %+v, %v; want %+v, nil: mode all and the request id in the metadata, then stream.Header and stream.Trailer (see TODO(step 3) in Chat in client.go)", got, err, want)
		}
	})
	t.Run("bidi error", func(t *testing.T) {
		got, err := Chat(callCtx(t), client, "req-4", []string{"hi", ""})
		if status.Code(err) != codes.InvalidArgument || got.RequestID != "echo-req-4" || got.ReplyCount != "0" {
			t.Errorf(`Chat(req-4, hi, "") = %+v, %v; want RequestID echo-req-4 and ReplyCount 0 with code InvalidArgument: return the server's status, and the header and trailer with it (see TODO(step 3) in Chat in client.go)`, got, err)
		}
	})
}
