package hello

import (
	"fmt"
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
func (HelloServer) LotsOfGreetings(stream grpc.ClientStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	// TODO(step 1): read every greeting, then answer once.
	//
	//   - Loop on stream.Recv(). io.EOF (test it with errors.Is) is not an
	//     error: it means the client has closed its side, so every greeting
	//     is in. Any other error means the call ended early (the client
	//     canceled, the deadline passed): return it.
	//   - An empty greeting is bad input. Return at once, without reading
	//     the rest:
	//
	//	status.Errorf(codes.InvalidArgument, "greeting %d is empty; send one, such as {\"greeting\": \"hello\"}", i)
	//
	//     where i counts the greetings from 1. (Lesson 8 reads greetings the
	//     same way: a helper function, readGreetings, is worth it.)
	//   - No greetings at all is bad input too: InvalidArgument.
	//   - Otherwise answer with
	//     stream.SendAndClose(&hellov1.HelloResponse{Reply: greetingsReply(greetings)})
	//     and return its error.
	return status.Errorf(codes.Unimplemented, "TODO: read the greetings until io.EOF, then answer such as %q, in LotsOfGreetings in greetings.go",
		greetingsReply([]string{"hi", "hey"}))
}

// greetingsReply is LotsOfGreetings' reply to greetings:
// "hello, you said 2 greetings: hi, hey".
func greetingsReply(greetings []string) string {
	noun := "greetings"
	if len(greetings) == 1 {
		noun = "greeting"
	}
	return fmt.Sprintf("hello, you said %d %s: %s", len(greetings), noun, strings.Join(greetings, ", "))
}
