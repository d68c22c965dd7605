package hello

import (
	"context"
	"errors"
	"io"
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
