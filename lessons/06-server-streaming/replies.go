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
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
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
	// TODO(step 1): send the n replies, in order, and end the stream with
	// OK. finished.Numbered makes the text of each.
	//
	// The tests also end calls early, and expect the handler to notice and
	// return why: a Send that fails means the call is over; and the pause of
	// interval between two replies must end as soon as the call does, which
	// time.Sleep cannot. README: "The generated code" and "Cancellation in
	// the middle of a stream"; godoc: status.FromContextError.
	return status.Errorf(codes.Unimplemented, "TODO: send %d replies, %v apart, starting with %q, in LotsOfReplies in replies.go",
		n, interval, finished.Numbered(1, n, in.GetGreeting()))
}
