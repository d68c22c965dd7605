package aggserver

import (
	"log"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Options configures NewGRPCServer. The zero value is the full server
// without the per-call log.
type Options struct {
	// Logger gets one line per call (see LogCalls). Nil turns that log off.
	Logger *log.Logger
	// NoReflection leaves out the reflection service, so that a client such
	// as grpcurl needs the .proto file to know the API.
	NoReflection bool
	// ServerOptions go to grpc.NewServer after ours. Tests use them to add
	// interceptors of their own.
	ServerOptions []grpc.ServerOption
}

// NewGRPCServer returns a gRPC server with every service of this lesson
// registered on it:
//
//   - proto.gRPCRouteFuncs (Server): sum and multiply;
//   - hello.v1.HelloService (HelloServer): SayHello;
//   - grpc.health.v1.Health: the standard health check, which load balancers
//     and `grpcurl ... grpc.health.v1.Health/Check` ask;
//   - the reflection service, which lets tools such as grpcurl list and
//     describe the services without having our .proto files.
//
// It does not listen yet: Serve does.
func NewGRPCServer(opts Options) *grpc.Server {
	var serverOpts []grpc.ServerOption
	if opts.Logger != nil {
		// An interceptor wraps every unary handler, like middleware in an
		// HTTP server. ChainUnaryInterceptor (rather than UnaryInterceptor)
		// lets opts.ServerOptions add more without replacing this one.
		serverOpts = append(serverOpts, grpc.ChainUnaryInterceptor(LogCalls(opts.Logger)))
	}
	serverOpts = append(serverOpts, opts.ServerOptions...)
	s := grpc.NewServer(serverOpts...)

	// Register is generated from the .proto: it tells s which Go method
	// answers each full method name, such as "/proto.gRPCRouteFuncs/sum".
	aggfuncpb.RegisterGRPCRouteFuncsServer(s, Server{})
	hellov1.RegisterHelloServiceServer(s, HelloServer{})

	// health.NewServer reports the whole server ("") as SERVING. We add each
	// service by name, so that a client can ask about the one it needs.
	healthSrv := health.NewServer()
	healthSrv.SetServingStatus(aggfuncpb.GRPCRouteFuncs_ServiceDesc.ServiceName, healthgrpc.HealthCheckResponse_SERVING)
	healthSrv.SetServingStatus(hellov1.HelloService_ServiceDesc.ServiceName, healthgrpc.HealthCheckResponse_SERVING)
	healthgrpc.RegisterHealthServer(s, healthSrv)

	if !opts.NoReflection {
		reflection.Register(s)
	}
	return s
}
