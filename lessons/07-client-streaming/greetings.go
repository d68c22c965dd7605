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
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// HelloServer is the finished server with this lesson's LotsOfGreetings in
// place of its own. The zero value is ready to use.
type HelloServer struct {
	finished.HelloServer
}

// LotsOfGreetings implements hellov1.HelloServiceServer: a stream of
// greetings in, one reply out. It reads greetings until the client closes
// its side of the stream, then answers once, "hello, you said 3 greetings:
// hello, hi, hey", with SendAndClose, which also ends the call with OK.
//
// An empty greeting ends the call at once with INVALID_ARGUMENT, without
// reading the rest; so does a call with no greetings at all, since there is
// nothing to answer.
func (HelloServer) LotsOfGreetings(stream grpc.ClientStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	// TODO(step 1): read the greetings until the client closes its side,
	// then answer once, with the text of finished.GreetingsReply. Bad input
	// is INVALID_ARGUMENT: an empty greeting (finished.EmptyGreeting says
	// which; stop reading at once) and no greetings at all. A call that
	// ends early ends your loop too. Tests: TestLotsOfGreetings,
	// TestLotsOfGreetingsErrorMidStream, TestLotsOfGreetingsNeverClosed.
	// README: "Concepts".
	//
	// A helper that reads the whole stream is worth it (lesson 8 reads a
	// stream of greetings too). If you write one, let it return no
	// greetings without an error, and reject "none" here: in lesson 8,
	// none is a fine answer. Write the loop yourself: it is this step's
	// exercise. (Lesson 8 then uses the finished package's version of it.)
	return status.Errorf(codes.Unimplemented, "TODO: read the greetings until the client closes its side, then answer such as %q, in LotsOfGreetings in greetings.go",
		finished.GreetingsReply([]string{"hi", "hey"}))
}
