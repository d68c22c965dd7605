package hello

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// LotsOfGreetings implements hellov1.HelloServiceServer: a stream of
// greetings in, one reply out. It reads greetings until the client closes
// its side of the stream, then answers once, "hello, you said 3 greetings:
// hello, hi, hey", with SendAndClose, which also ends the call with OK.
//
// No greetings at all is INVALID_ARGUMENT: there is nothing to answer.
// That is LotsOfGreetings' rule, not ReadGreetings': BidiHello in mode
// "all" reads with the same helper and answers no greetings with no
// replies.
func (HelloServer) LotsOfGreetings(stream grpc.ClientStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	greetings, err := ReadGreetings(stream.Recv)
	if err != nil {
		return err
	}
	if len(greetings) == 0 {
		return status.Error(codes.InvalidArgument, "no greetings: send at least one before closing the stream")
	}
	return stream.SendAndClose(&hellov1.HelloResponse{Reply: GreetingsReply(greetings)})
}

// ReadGreetings calls recv until the client closes its side of the stream,
// and returns the greetings in the order they came: none, if the client
// closed at once. That is not an error here; each rpc decides what none
// means.
//
// It stops at the first error: the call ended early (recv's error says why:
// the client canceled, or the deadline passed), or a greeting is empty
// (EmptyGreeting, without waiting for the rest).
//
// It keeps every greeting, so it holds as much memory as the client sends.
// A real server sets a limit and answers RESOURCE_EXHAUSTED past it: the
// finished server (package finished, Limits) counts the greetings and
// their bytes as recv reads them, and its recv fails past MaxGreetings or
// MaxGreetingBytes, which ends ReadGreetings with that error.
func ReadGreetings(recv func() (*hellov1.HelloRequest, error)) ([]string, error) {
	var greetings []string
	for {
		in, err := recv()
		if errors.Is(err, io.EOF) {
			// The client called CloseSend (CloseAndRecv does it too): this
			// is the end of the stream, not an error.
			return greetings, nil
		}
		if err != nil {
			return nil, err
		}
		if in.GetGreeting() == "" {
			return nil, EmptyGreeting(len(greetings) + 1)
		}
		greetings = append(greetings, in.GetGreeting())
	}
}

// EmptyGreeting is the error for an empty greeting in a stream of them,
// INVALID_ARGUMENT: i says which one, counting from 1.
func EmptyGreeting(i int) error {
	return status.Errorf(codes.InvalidArgument, `greeting %d is empty; send one, such as {"greeting": "hello"}`, i)
}

// GreetingsReply is LotsOfGreetings' reply to greetings:
// "hello, you said 2 greetings: hi, hey".
func GreetingsReply(greetings []string) string {
	noun := "greetings"
	if len(greetings) == 1 {
		noun = "greeting"
	}
	return fmt.Sprintf("hello, you said %d %s: %s", len(greetings), noun, strings.Join(greetings, ", "))
}
