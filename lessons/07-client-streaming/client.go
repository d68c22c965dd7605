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
	// TODO(step 2): make the call, send, close, and return the reply.
	//
	//   - client.LotsOfGreetings(ctx) starts the call and returns the
	//     stream; wrap ctx with context.WithCancel first and defer the
	//     cancel, so that the call's resources go when SendGreetings does.
	//   - for g := range greetings: stream.Send(&hellov1.HelloRequest{Greeting: g}).
	//     When Send returns io.EOF, the server has ended the call already,
	//     most likely with an error; Send cannot say which. Stop sending and
	//     go on to the next point, which gets the server's status. Any other
	//     error from Send: return it.
	//   - stream.CloseAndRecv() closes your side (the server's Recv returns
	//     io.EOF) and waits for the one reply, or the call's error. Return
	//     resp.GetReply(), or that error as it is, so its status code
	//     reaches the caller.
	return "", errors.New("TODO: send the greetings, then CloseAndRecv, in SendGreetings in client.go")
}
