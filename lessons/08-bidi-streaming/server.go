// Package hello is both sides of hello.v1.HelloService, the blog post's
// service with one rpc of each kind: the server (HelloServer) and a client
// for each streaming rpc (Replies, SendGreetings and Chat).
//
// The package grows one rpc per lesson. Lesson 3 wrote the unary SayHello;
// lesson 6 added the server-streaming LotsOfReplies, lesson 7 the
// client-streaming LotsOfGreetings, and lesson 8, this one, adds the
// bidirectional BidiHello.
package hello

import (
	"context"
	"fmt"
	"time"

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
// call it without the .proto file. opts go to grpc.NewServer; tests use them
// to add interceptors.
//
// The finished server (finished/cmd/server) does not use this: it registers
// HelloServer on lesson 3's server, next to the other services.
func NewGRPCServer(hs HelloServer, opts ...grpc.ServerOption) *grpc.Server {
	s := grpc.NewServer(opts...)
	hellov1.RegisterHelloServiceServer(s, hs)
	reflection.Register(s)
	return s
}

// SayHello implements hellov1.HelloServiceServer. It answers one greeting
// with one reply, "hello, you said: GREETING", as in lesson 3.
func (HelloServer) SayHello(_ context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	if in.GetGreeting() == "" {
		return nil, status.Error(codes.InvalidArgument, "greeting is empty; send one, such as {\"greeting\": \"hello\"}")
	}
	return &hellov1.HelloResponse{Reply: "hello, you said: " + in.GetGreeting()}, nil
}

// numbered is the text of reply i of n to greeting:
// "reply 1 of 3: hello, you said: hello".
func numbered(i, n int, greeting string) string {
	return fmt.Sprintf("reply %d of %d: hello, you said: %s", i, n, greeting)
}
