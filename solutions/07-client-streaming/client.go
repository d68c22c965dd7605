package hello

import (
	"context"
	"errors"
	"io"
	"iter"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// The client side. Each function makes one call; its deadline, if any, is
// ctx's, and it covers the whole call, every message of the stream included.

// Replies calls LotsOfReplies with greeting and yields each reply as it
// arrives, in the order the server sent them:
//
//	for reply, err := range hello.Replies(ctx, client, "hello") {
//		if err != nil {
//			return err // the call failed; this is always the last value
//		}
//		fmt.Println(reply)
//	}
//
// The loop ends when the server ends the stream. Breaking out of it earlier
// cancels the call, so the server stops sending too.
func Replies(ctx context.Context, client hellov1.HelloServiceClient, greeting string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		// Canceling ctx is how a client says "enough": when the loop stops
		// early, the deferred cancel tells the server, and frees the
		// stream's resources here.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: greeting})
		if err != nil {
			yield("", err)
			return
		}
		for {
			resp, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				return // the server ended the stream with OK: that was all
			}
			if err != nil {
				yield("", err) // a status error, such as DeadlineExceeded
				return
			}
			if !yield(resp.GetReply(), nil) {
				return
			}
		}
	}
}

// SendGreetings calls LotsOfGreetings: it sends every greeting, in order,
// closes its side of the stream and returns the server's one reply.
//
// If the server ends the call before it has read every greeting (say, with
// INVALID_ARGUMENT for an empty one), SendGreetings stops sending and
// returns the server's error.
func SendGreetings(ctx context.Context, client hellov1.HelloServiceClient, greetings iter.Seq[string]) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.LotsOfGreetings(ctx)
	if err != nil {
		return "", err
	}
	for g := range greetings {
		err := stream.Send(&hellov1.HelloRequest{Greeting: g})
		if errors.Is(err, io.EOF) {
			// The call is over: the server ended it before reading
			// everything. Send cannot say why; CloseAndRecv, below, returns
			// the server's status.
			break
		}
		if err != nil {
			return "", err
		}
	}
	// CloseAndRecv tells the server "that was all" (its Recv returns
	// io.EOF) and waits for the one reply, or the call's error.
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return "", err
	}
	return resp.GetReply(), nil
}
