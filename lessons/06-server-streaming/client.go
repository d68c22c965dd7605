package hello

import (
	"context"
	"errors"
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
		// TODO(step 2): make the call and yield its replies.
		//
		//   - Wrap ctx with context.WithCancel, and defer the cancel: when
		//     the caller breaks out of its loop early, that is what tells
		//     the server to stop, and what frees the stream here.
		//   - client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting:
		//     greeting}) starts the call and returns the stream.
		//   - Loop on stream.Recv(). io.EOF (test it with errors.Is) means
		//     the server has sent everything: just return. Any other error
		//     ends the call: yield("", err) once, then return.
		//   - Yield each reply with yield(resp.GetReply(), nil). When yield
		//     returns false, the caller has stopped its loop: return.
		yield("", errors.New("TODO: call LotsOfReplies and yield its replies in Replies in client.go"))
	}
}
