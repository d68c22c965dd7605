// Package hello is lesson 6's part of hello.v1.HelloService: the
// server-streaming rpc LotsOfReplies (this file) and its client, Replies
// (client.go).
//
// The rest of the service is finished already, in grpcworkshop/finished/hello:
// SayHello of lesson 3, the rpcs of lessons 7 and 8, and what all the
// lessons share, such as the metadata keys and the text of a reply. This
// lesson's HelloServer embeds the finished one and replaces its
// LotsOfReplies with the one written here.
package hello

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// HelloServer serves hello.v1.HelloService. Its LotsOfReplies is this
// lesson's; the embedded finished server answers the other rpcs, and its
// fields Replies and Interval are the settings that ReplyPlan reads. The
// zero value is ready to use.
type HelloServer struct {
	finished.HelloServer
}

// LotsOfReplies implements hellov1.HelloServiceServer: one greeting in, a
// stream of replies out, "reply 1 of 3: hello, you said: hello" and so on.
// gRPC delivers them in the order of the Send calls. Returning nil ends the
// stream with OK, and the client's Recv then returns io.EOF.
//
// When the call ends early (the client cancels, its deadline passes, the
// connection breaks), LotsOfReplies stops and returns why.
func (s HelloServer) LotsOfReplies(in *hellov1.HelloRequest, stream grpc.ServerStreamingServer[hellov1.HelloResponse]) error {
	if in.GetGreeting() == "" {
		return finished.ErrEmptyGreeting
	}
	ctx := stream.Context()
	n, interval, err := s.ReplyPlan(ctx)
	if err != nil {
		return err
	}
	for i := range n {
		if i > 0 && interval > 0 {
			if err := wait(ctx, interval); err != nil {
				return err
			}
		}
		// Send fails once the call is over. Returning its error stops the
		// loop: going on would compute replies that nobody reads.
		reply := &hellov1.HelloResponse{Reply: finished.Numbered(i+1, n, in.GetGreeting())}
		if err := stream.Send(reply); err != nil {
			return err
		}
	}
	return nil
}

// wait returns after d, or as soon as the call ends, with the status that
// says why: Canceled or DeadlineExceeded. time.Sleep would keep a canceled
// call's handler running until it woke up.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	case <-t.C:
		return nil
	}
}
