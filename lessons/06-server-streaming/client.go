package hello

import (
	"context"
	"errors"
	"iter"

	hellov1 "grpcworkshop/proto/hello/v1"
)

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
// cancels the call, so the server stops sending too. The call's deadline,
// if any, is ctx's: it covers the whole stream, not each reply.
func Replies(ctx context.Context, client hellov1.HelloServiceClient, greeting string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		// TODO(step 2): call LotsOfReplies and yield each reply as it
		// arrives, then stop when the server ends the stream. An error ends
		// the loop too: yield it, once, as the last value.
		//
		// The tests break out of the loop early: then the server must hear
		// that the client is done, and nothing may stay running. README:
		// "The generated code" (what Recv returns at the end) and
		// "Iterators"; godoc: context.WithCancel.
		yield("", errors.New("TODO: call LotsOfReplies and yield its replies in Replies in client.go"))
	}
}
