package hello

import (
	"context"
	"errors"
	"io"
	"iter"

	"google.golang.org/grpc/metadata"

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

// Chat calls BidiHello: it sends each greeting and calls each with every
// reply, as they come, until the server ends the call. mode (ModeEach,
// ModeAll or "" for the server's default) goes to the server as the
// metadata ModeKey.
//
// Sending and receiving run at the same time, in two goroutines, because
// the two streams are independent: a reply can arrive before the next
// greeting is sent, and greetings may depend on the replies heard so far.
// A client that sent everything first and only then read could wait
// forever.
//
// Chat returns nil when the server ended the call with OK, or the call's
// error: when the server fails, the replies before the failure have gone to
// each. It returns only once both goroutines are done (no goroutine outlives
// the call), so greetings should not block forever: it runs in the sending
// goroutine, and Chat waits for it to return.
func Chat(ctx context.Context, client hellov1.HelloServiceClient, mode string, greetings iter.Seq[string], each func(reply string)) error {
	if mode != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, ModeKey, mode)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.BidiHello(ctx)
	if err != nil {
		return err
	}

	// The sending goroutine. It closes its side after the last greeting, so
	// the server's Recv returns io.EOF: "that was all".
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for g := range greetings {
			if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
				// The call is over (io.EOF: the server ended it). The
				// receiving side gets its status.
				return
			}
		}
		// CloseSend fails only when the call has failed, which Recv reports.
		_ = stream.CloseSend()
	}()

	// Receive here, in this goroutine, until the server ends the call.
	var recvErr error
	for {
		resp, err := stream.Recv()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				recvErr = err
			}
			break
		}
		each(resp.GetReply())
	}
	// The call is over. If the server ended it early, the sender may still
	// be sending: cancel stops it at its next Send. Wait for it, so that no
	// goroutine outlives the call. Its error need not be returned: a failed
	// Send ends the whole call, so Recv has reported the failure already.
	cancel()
	<-sent
	return recvErr
}
