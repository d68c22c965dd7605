// Package helloclient is the finished client side of hello.v1.HelloService:
// one function per streaming rpc, used by the finished helloclient program
// (package hellocmd).
//
// It is internal to finished on purpose: lessons 6 to 8 ask the
// learner to write these functions, so the lessons cannot call them.
package helloclient

import (
	"context"
	"errors"
	"io"
	"iter"
	"sync"

	"google.golang.org/grpc/metadata"

	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// The client side. Each function makes one call; its deadline, if any, is
// ctx's, and it covers the whole call, every message of the stream included.

// Replies is the client of LotsOfReplies: an iterator over the replies to
// greeting, each as soon as it arrives, in the server's order. A failed
// call yields its error once, as the last value. A caller that breaks out
// of its range loop early cancels the call, and the server stops too:
//
//	for reply, err := range helloclient.Replies(ctx, client, "hi") {
//		if err != nil {
//			return err
//		}
//		fmt.Println(reply)
//	}
func Replies(ctx context.Context, client hellov1.HelloServiceClient, greeting string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		// Canceling ctx is how a client says "enough": when the loop stops
		// early, the deferred cancel tells the server, and frees the
		// stream's resources here.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: greeting})
		for err == nil {
			var resp *hellov1.HelloResponse
			if resp, err = stream.Recv(); err == nil && !yield(resp.GetReply(), nil) {
				return // the caller stopped its loop
			}
		}
		// io.EOF: the server ended the stream with OK, that was all. Any
		// other error is the call's status, such as DeadlineExceeded.
		if !errors.Is(err, io.EOF) {
			yield("", err)
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
	ctx, cancel := context.WithCancel(ctx) // frees the stream if Send fails
	defer cancel()
	stream, err := client.LotsOfGreetings(ctx)
	if err != nil {
		return "", err
	}
	for g := range greetings {
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); errors.Is(err, io.EOF) {
			break // the server ended the call early; CloseAndRecv says why
		} else if err != nil {
			return "", err
		}
	}
	// CloseAndRecv tells the server "that was all" (its Recv returns
	// io.EOF) and waits for the one reply, or the call's error. A nil
	// reply's GetReply is "".
	resp, err := stream.CloseAndRecv()
	return resp.GetReply(), err
}

// Chat calls BidiHello: it sends each greeting and calls each with every
// reply, as they come, until the server ends the call. mode (hello.ModeEach,
// hello.ModeAll or "" for the server's default) goes to the server as the
// metadata hello.ModeKey.
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
		ctx = metadata.AppendToOutgoingContext(ctx, hello.ModeKey, mode)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.BidiHello(ctx)
	if err != nil {
		return err
	}

	// The sender, in its own goroutine: it closes its side after the last
	// greeting, so the server's Recv returns io.EOF: "that was all". A
	// failed Send means the call is over; the receiver gets its status.
	var sender sync.WaitGroup
	sender.Go(func() {
		for g := range greetings {
			if stream.Send(&hellov1.HelloRequest{Greeting: g}) != nil {
				return
			}
		}
		_ = stream.CloseSend() // it fails only when the call has, which Recv reports
	})

	// The receiver, here, until the server ends the call. Then, if the
	// server ended it early, the sender may still be sending: cancel stops
	// it at its next Send. Wait for it, so that no goroutine outlives the
	// call.
	for {
		resp, err := stream.Recv()
		if err != nil {
			cancel()
			sender.Wait()
			if errors.Is(err, io.EOF) {
				return nil // the server ended the call with OK
			}
			return err
		}
		each(resp.GetReply())
	}
}
