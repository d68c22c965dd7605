package evolution

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"

	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	hellov2 "grpcworkshop/proto/hello/v2"
)

// V1Server serves hello.v1.HelloService while v1 clients remain: its
// SayHello goes through the v2 server, so that one implementation answers
// both versions; v2 dropped the streaming rpcs, so they stay the finished
// v1 ones.
type V1Server struct {
	hello.HelloServer
	V2 *HelloServer
}

// SayHello implements hellov1.HelloServiceServer: a v1 request is a v2
// request with only the greeting, and v2's text is v1's reply.
func (s *V1Server) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	out, err := s.V2.SayHello(ctx, &hellov2.SayHelloRequest{Greeting: in.GetGreeting()})
	if err != nil {
		return nil, err
	}
	return &hellov1.HelloResponse{Reply: out.GetText()}, nil
}

// NewServer returns a gRPC server that serves v2 as hello.v2.HelloService
// and, through a V1Server, as hello.v1.HelloService, with reflection, and
// opts. It does not listen yet.
func NewServer(v2 *HelloServer, opts ...grpc.ServerOption) *grpc.Server {
	srv := grpc.NewServer(opts...)
	hellov2.RegisterHelloServiceServer(srv, v2)
	hellov1.RegisterHelloServiceServer(srv, &V1Server{V2: v2})
	reflection.Register(srv)
	return srv
}
