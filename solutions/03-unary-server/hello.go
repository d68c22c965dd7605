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
	if in.GetGreeting() == "" {
		// Bad input gets INVALID_ARGUMENT. A plain errors.New would reach the
		// client as UNKNOWN, which tells it nothing.
		return nil, status.Error(codes.InvalidArgument, "greeting is empty; send one, such as {\"greeting\": \"hello\"}")
	}
	return &hellov1.HelloResponse{Reply: "hello, you said: " + in.GetGreeting()}, nil
}
