package aggserver

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// HelloServer implements hellov1.HelloServiceServer. This lesson writes only
// the unary rpc, SayHello. Later lessons add the three streaming rpcs; until
// then the embedded UnimplementedHelloServiceServer answers them with
// UNIMPLEMENTED.
type HelloServer struct {
	hellov1.UnimplementedHelloServiceServer
}

// SayHello implements hellov1.HelloServiceServer. It answers one greeting
// with one reply, such as "hello, you said: hello".
func (HelloServer) SayHello(_ context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	// TODO(step 4): reply with "hello, you said: " and the greeting (the
	// test shows the exact text). An empty greeting is bad input: answer it
	// with a status error whose code says so (see "Status codes" in the
	// README). A plain error would reach the client as UNKNOWN, which tells
	// it nothing.
	return nil, status.Error(codes.Unimplemented, "TODO: implement SayHello in hello.go")
}
