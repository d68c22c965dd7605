package hello

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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
		// Canceling is how a client says "enough": when the caller's loop
		// stops early, this cancel tells the server, and frees the stream.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: greeting})
		if err != nil {
			yield("", err)
			return
		}
		for {
			resp, err := stream.Recv()
			switch {
			case errors.Is(err, io.EOF):
				return // the server ended the stream with OK: that was all
			case err != nil:
				yield("", err) // a status, such as DeadlineExceeded
				return
			case !yield(resp.GetReply(), nil):
				return // the caller broke out of its loop
			}
		}
	}
}

// RepliesWithin is Replies with an idle timeout: when no reply arrives
// within idle of the call's start or of the reply before, it cancels the
// call and yields an error with code DeadlineExceeded. A deadline bounds a
// whole stream; an idle timeout notices a server that has gone quiet, on a
// stream that may rightly last for hours.
func RepliesWithin(ctx context.Context, client hellov1.HelloServiceClient, greeting string, idle time.Duration) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		ctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		errIdle := status.Errorf(codes.DeadlineExceeded, "no reply within %v", idle)
		timer := time.AfterFunc(idle, func() { cancel(errIdle) })
		defer timer.Stop()
		for reply, err := range Replies(ctx, client, greeting) {
			if err != nil && errors.Is(context.Cause(ctx), errIdle) {
				err = errIdle // the call's Canceled is our own doing: say why
			}
			if !yield(reply, err) || err != nil {
				return
			}
			timer.Reset(idle)
		}
	}
}
