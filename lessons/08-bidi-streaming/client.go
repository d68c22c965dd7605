package hello

import (
	"context"
	"errors"
	"iter"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// Chat calls BidiHello: it sends each greeting and calls each with every
// reply, as they come, until the server ends the call. mode
// (finished.ModeEach, finished.ModeAll or "" for the server's default) goes
// to the server as the metadata finished.ModeKey. The call's deadline, if
// any, is ctx's.
//
// Sending and receiving run at the same time, in two goroutines, because
// the two streams are independent: a reply can arrive before the next
// greeting is sent, and greetings may depend on the replies heard so far.
// A client that sent everything first and only then read could wait
// forever.
//
// Chat returns nil when the server ended the call with OK, or the call's
// error: when the server fails, the replies before the failure have gone to
// each. It returns only once both goroutines are done: greetings runs in the
// sending one, so it should not block forever.
func Chat(ctx context.Context, client hellov1.HelloServiceClient, mode string, greetings iter.Seq[string], each func(reply string)) error {
	// TODO(step 3): make the call, with mode in its metadata when it is
	// not empty; send the greetings and receive the replies at the same
	// time, as the two streams are independent; close the sending side
	// after the last greeting. Return once the call is over and nothing you
	// started is still running, whichever side ended it. Tests: TestChat,
	// TestChatTakesTurns, TestChatServerError, TestChatCancel. README:
	// "Concepts"; godoc: grpc.BidiStreamingClient, metadata.
	return errors.New("TODO: send the greetings and receive the replies at the same time, in Chat in client.go")
}
