package hello

import (
	"context"
	"errors"
	"iter"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// SendGreetings calls LotsOfGreetings: it sends every greeting, in order,
// closes its side of the stream and returns the server's one reply.
//
// If the server ends the call before it has read every greeting (say, with
// INVALID_ARGUMENT for an empty one), SendGreetings stops sending and
// returns the server's error. The call's deadline, if any, is ctx's: it
// covers every greeting and the reply.
func SendGreetings(ctx context.Context, client hellov1.HelloServiceClient, greetings iter.Seq[string]) (string, error) {
	// TODO(step 2): make the call, send every greeting in order, tell the
	// server that was all, and return its one reply. When the server ends
	// the call early, Send cannot say why (it returns io.EOF): stop sending
	// and get the server's status where the reply would have come. Tests:
	// TestSendGreetings, TestSendGreetingsServerError. README: "Concepts";
	// godoc: grpc.ClientStreamingClient.
	return "", errors.New("TODO: send the greetings and return the reply, in SendGreetings in client.go")
}
