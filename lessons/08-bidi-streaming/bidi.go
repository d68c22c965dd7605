// Package hello is lesson 8's part of hello.v1.HelloService: the
// bidirectional rpc BidiHello (this file) and its client, Chat (client.go).
//
// The rest of the service is finished already, in grpcworkshop/finished/hello:
// the rpcs of lessons 3, 6 and 7, and what the lessons share, such as the
// metadata key of the mode (Mode), the text of a numbered reply (Numbered)
// and reading a whole stream of greetings (ReadGreetings). This lesson's
// HelloServer embeds the finished one and replaces its BidiHello with the
// one written here.
package hello

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
)

// HelloServer is the finished server with this lesson's BidiHello in place
// of its own. The zero value is ready to use.
type HelloServer struct {
	finished.HelloServer
}

// BidiHello implements hellov1.HelloServiceServer: a stream of greetings in,
// a stream of replies out. The two streams are independent: the server may
// answer each greeting at once, or read them all first, as the post's
// section 2-2-1 says. The call's metadata picks one of the two (see
// finished.Mode).
func (HelloServer) BidiHello(stream finished.BidiStream) error {
	mode, err := finished.Mode(stream.Context())
	if err != nil {
		return err
	}
	if mode == finished.ModeAll {
		return answerAll(stream)
	}
	return answerEach(stream)
}

// answerEach answers every greeting as soon as it has read it, "hello, you
// said: hi". The client sees the first reply while it may still be sending,
// and it can decide what to say next from what it heard. Nothing is kept,
// so the memory stays flat however long the stream.
//
// The stream ends with OK once the client has closed its side and every
// greeting has its reply. An empty greeting ends it at once with
// INVALID_ARGUMENT: the client has the replies to the greetings before it,
// then the error.
func answerEach(stream finished.BidiStream) error {
	// TODO(step 1): answer each greeting as soon as it arrives, until the
	// client closes its side; then end the call with OK. An empty greeting
	// ends it with finished.EmptyGreeting. Tests: TestBidiHelloEach,
	// TestBidiHelloFlatMemory (and, after step 2, the each/... half of
	// TestBidiHelloEndsWithTheCall).
	// README: "Concepts".
	return status.Error(codes.Unimplemented, `TODO: answer each greeting as it arrives, such as "hello, you said: hi", in answerEach in bidi.go`)
}

// answerAll reads every greeting first, until the client closes its side,
// then answers them all, in order, "reply 1 of 3: hello, you said: hi".
// Only then does it know how many there are. No greetings get no replies,
// and OK.
//
// A client that never closes its side gets no reply at all: its deadline
// ends the call.
func answerAll(stream finished.BidiStream) error {
	// TODO(step 2): read every greeting first, then answer them all, in
	// order, numbered (finished.Numbered). The finished package has a
	// helper that reads a whole stream of greetings; no greetings is not an
	// error here. Tests: TestBidiHelloAll, TestBidiHelloEndsWithTheCall
	// (all/...).
	return status.Errorf(codes.Unimplemented, "TODO: read every greeting, then answer them all, such as %q, in answerAll in bidi.go",
		finished.Numbered(1, 2, "hi"))
}
