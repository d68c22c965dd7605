package hello

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// NewServer returns a gRPC server that serves hs as hello.v1.HelloService,
// with the health service (SERVING) and reflection, and opts, such as
// ServerOptions(Chain(token)). It does not listen yet.
func NewServer(hs hellov1.HelloServiceServer, opts ...grpc.ServerOption) *grpc.Server {
	srv := grpc.NewServer(opts...)
	hellov1.RegisterHelloServiceServer(srv, hs)
	healthgrpc.RegisterHealthServer(srv, health.NewServer()) // "" is SERVING
	reflection.Register(srv)
	return srv
}
