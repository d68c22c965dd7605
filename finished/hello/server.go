// Package hello is the finished hello.v1.HelloService, the blog post's
// service with one rpc of each kind: the server (HelloServer, all four
// rpcs). The client function of each streaming rpc (Replies, SendGreetings
// and Chat) is in finished/internal/helloclient, out of the lessons' reach, since
// the lessons ask the learner to write them.
//
// Lesson 3 writes the unary SayHello. Lessons 6 to 8 build one streaming rpc
// each, server and client: lesson 6 LotsOfReplies and Replies, lesson 7
// LotsOfGreetings and SendGreetings, lesson 8 BidiHello and Chat. A lesson's
// server embeds this HelloServer and defines only its own rpc, so the
// learner reads and writes that one; the rest is here, once, with what the
// lessons share: the metadata keys (RepliesKey, IntervalKey, ModeKey), the
// reply texts (Numbered, GreetingsReply), reading a stream of greetings
// (ReadGreetings) and the programs' scaffolding (package hellocmd).
//
// The finished server (finished/cmd/server) serves this HelloServer.
package hello

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// HelloServer implements hellov1.HelloServiceServer: all four rpcs. The zero
// value is ready to use.
type HelloServer struct {
	hellov1.UnimplementedHelloServiceServer

	// Replies is how many replies LotsOfReplies sends for one greeting,
	// unless the call asks for another number (see RepliesKey). Zero means 3.
	Replies int
	// Interval is how long LotsOfReplies waits between two replies, unless
	// the call asks for another pause (see IntervalKey). Zero sends them as
	// fast as the client takes them.
	Interval time.Duration
}

// NewGRPCServer returns a gRPC server that serves hs as
// hello.v1.HelloService, with the reflection service, so that grpcurl can
// call it without the .proto file. hs is a HelloServer, or a lesson's server
// that embeds one. opts go to grpc.NewServer, such as interceptors.
//
// The finished server (finished/cmd/server) does not use this: it registers
// HelloServer on lesson 3's server, next to the other services.
func NewGRPCServer(hs hellov1.HelloServiceServer, opts ...grpc.ServerOption) *grpc.Server {
	s := grpc.NewServer(opts...)
	hellov1.RegisterHelloServiceServer(s, hs)
	reflection.Register(s)
	return s
}

// SayHello implements hellov1.HelloServiceServer. It answers one greeting
// with one reply, "hello, you said: GREETING", as in lesson 3.
func (HelloServer) SayHello(_ context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	if in.GetGreeting() == "" {
		return nil, ErrEmptyGreeting
	}
	return &hellov1.HelloResponse{Reply: "hello, you said: " + in.GetGreeting()}, nil
}

// ErrEmptyGreeting is the error for a call whose one greeting is empty:
// INVALID_ARGUMENT, since the client must change its request, with a
// google.rpc.BadRequest detail that names the field (see InvalidField).
var ErrEmptyGreeting = InvalidField("greeting", `is empty; send one, such as {"greeting": "hello"}`)

// InvalidField returns the error for a request whose field holds a value
// the server cannot take: INVALID_ARGUMENT, with the message "FIELD
// DESCRIPTION" for a person, and the same in a google.rpc.BadRequest
// detail, for a program: status.Convert(err).Details() on the client holds
// a *errdetails.BadRequest whose FieldViolations name the field (lesson 9
// shows how to read them). grpcurl prints the detail under "Details:".
func InvalidField(field, description string) error {
	st, err := status.New(codes.InvalidArgument, field+" "+description).WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: description}},
	})
	if err != nil {
		// WithDetails fails only when a detail cannot be marshalled, which
		// a BadRequest always can.
		panic(fmt.Sprintf("hello: the BadRequest detail of %s: %v", field, err))
	}
	return st.Err()
}

// Numbered is the text of reply i of n to greeting, as LotsOfReplies and
// BidiHello in mode "all" send it: "reply 1 of 3: hello, you said: hello".
func Numbered(i, n int, greeting string) string {
	return fmt.Sprintf("reply %d of %d: hello, you said: %s", i, n, greeting)
}
