// Package hello is lesson 7's part of hello.v1.HelloService: the
// client-streaming rpc LotsOfGreetings (this file) and its client,
// SendGreetings (client.go).
//
// The rest of the service is finished already, in grpcworkshop/finished/hello:
// SayHello of lesson 3, LotsOfReplies of lesson 6, BidiHello of lesson 8,
// and what the lessons share, such as the text of the reply
// (GreetingsReply). This lesson's HelloServer embeds the finished one and
// replaces its LotsOfGreetings with the one written here.
package hello

import (
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// HelloServer is the finished server with this lesson's LotsOfGreetings in
// place of its own, and a limit (the "Going further" exercise). The zero
// value is ready to use.
type HelloServer struct {
	finished.HelloServer

	// MaxGreetings is how many greetings LotsOfGreetings takes in one call;
	// past it, the call ends with RESOURCE_EXHAUSTED. Zero means no limit.
	MaxGreetings int
}

// LotsOfGreetings implements hellov1.HelloServiceServer: a stream of
// greetings in, one reply out. It reads greetings until the client closes
// its side of the stream, then answers once, "hello, you said 3 greetings:
// hello, hi, hey", with SendAndClose, which also ends the call with OK.
//
// An empty greeting ends the call at once with INVALID_ARGUMENT, without
// reading the rest; so does a call with no greetings at all, since there is
// nothing to answer.
func (s HelloServer) LotsOfGreetings(stream grpc.ClientStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	var greetings []string
	for {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break // the client has closed its side: every greeting is in
		}
		if err != nil {
			return err // the call ended early: canceled, or past its deadline
		}
		if in.GetGreeting() == "" {
			return finished.EmptyGreeting(len(greetings) + 1)
		}
		// Going further: a limit on what one call may hold in memory.
		if s.MaxGreetings > 0 && len(greetings) == s.MaxGreetings {
			return status.Errorf(codes.ResourceExhausted,
				"more than %d greetings in one call: send at most %d", s.MaxGreetings, s.MaxGreetings)
		}
		greetings = append(greetings, in.GetGreeting())
	}
	if len(greetings) == 0 {
		return status.Error(codes.InvalidArgument,
			"no greetings: send at least one before closing the stream")
	}
	return stream.SendAndClose(&hellov1.HelloResponse{Reply: finished.GreetingsReply(greetings)})
}
