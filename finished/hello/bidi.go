package hello

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// ModeKey is the metadata key that picks how BidiHello answers a call
// (grpcurl: -H 'hello-mode: all'): ModeEach, the default, or ModeAll.
const ModeKey = "hello-mode"

// BidiHello's two ways to answer.
const (
	// ModeEach answers every greeting as soon as it arrives,
	// "hello, you said: hi".
	ModeEach = "each"
	// ModeAll waits until the client has sent every greeting and closed its
	// side, then answers them all, numbered, "reply 1 of 2: hello, you said: hi".
	ModeAll = "all"
)

// Mode returns the mode a BidiHello call asks for in its metadata: ModeEach
// when it asks for none, INVALID_ARGUMENT for a mode that does not exist.
func Mode(ctx context.Context) (string, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	v := md.Get(ModeKey)
	if len(v) == 0 {
		return ModeEach, nil
	}
	if v[0] != ModeEach && v[0] != ModeAll {
		return "", status.Errorf(codes.InvalidArgument, "metadata %s: unknown mode %q; want %s or %s", ModeKey, v[0], ModeEach, ModeAll)
	}
	return v[0], nil
}

// BidiStream is the server's side of a BidiHello call: Recv reads the next
// greeting, Send writes a reply.
type BidiStream = grpc.BidiStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]

// BidiHello implements hellov1.HelloServiceServer: a stream of greetings in,
// a stream of replies out. The two streams are independent: the server may
// answer each greeting at once, or read them all first, as the post's
// section 2-2-1 says. The call's metadata picks one of the two (see Mode).
func (HelloServer) BidiHello(stream BidiStream) error {
	switch mode, err := Mode(stream.Context()); {
	case err != nil:
		return err
	case mode == ModeAll:
		return answerAll(stream)
	default:
		return answerEach(stream)
	}
}

// answerEach answers every greeting as soon as it has read it. The client
// sees the first reply while it may still be sending, and it can decide
// what to say next from what it heard. Nothing is kept: the memory stays
// flat however long the stream.
//
// The stream ends with OK once the client has closed its side and every
// greeting has its reply. An empty greeting ends it at once with
// INVALID_ARGUMENT: the client has the replies to the greetings before it,
// then the error.
func answerEach(stream BidiStream) error {
	for i := 1; ; i++ {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if in.GetGreeting() == "" {
			return EmptyGreeting(i)
		}
		if err := stream.Send(&hellov1.HelloResponse{Reply: "hello, you said: " + in.GetGreeting()}); err != nil {
			return err
		}
	}
}

// answerAll reads every greeting first, until the client closes its side,
// then answers them all, in order. Only then does it know how many there
// are, which is why its replies can say "reply 1 of 3". No greetings get no
// replies, and OK.
//
// A client that never closes its side gets no reply at all: its deadline
// ends the call.
func answerAll(stream BidiStream) error {
	greetings, err := ReadGreetings(stream.Recv)
	if err != nil {
		return err
	}
	for i, g := range greetings {
		if err := stream.Send(&hellov1.HelloResponse{Reply: Numbered(i+1, len(greetings), g)}); err != nil {
			return err
		}
	}
	return nil
}
