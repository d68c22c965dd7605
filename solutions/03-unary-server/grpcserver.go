package aggserver

import (
	"log"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

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
	// Hello serves hello.v1.HelloService. Nil means this lesson's
	// HelloServer, which answers only SayHello; the finished server
	// (finished/cmd/server) passes lesson 8's, which answers all four rpcs.
	Hello hellov1.HelloServiceServer
}

// NewGRPCServer returns a gRPC server with every service of this lesson
// registered on it:
//
//   - proto.gRPCRouteFuncs (Server): sum and multiply;
//   - hello.v1.HelloService (opts.Hello, or HelloServer: SayHello);
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
		serverOpts = append(serverOpts,
			grpc.ChainUnaryInterceptor(LogCalls(opts.Logger)),
			grpc.ChainStreamInterceptor(logStreams(opts.Logger)))
	}
	serverOpts = append(serverOpts, opts.ServerOptions...)
	s := grpc.NewServer(serverOpts...)

	// Register is generated from the .proto: it tells s which Go method
	// answers each full method name, such as "/proto.gRPCRouteFuncs/sum".
	aggfuncpb.RegisterGRPCRouteFuncsServer(s, Server{})
	var hello hellov1.HelloServiceServer = HelloServer{}
	if opts.Hello != nil {
		hello = opts.Hello
	}
	hellov1.RegisterHelloServiceServer(s, hello)

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

// logStreams is LogCalls for streaming calls: one line per call, when it
// ends, with the same three fields. The duration is the whole call's, every
// message included:
//
//	/hello.v1.HelloService/LotsOfReplies Canceled 1.502s
//
// It leaves out the reflection service. Every grpcurl command that works
// without a .proto file opens a reflection stream first, to learn the API;
// those lines would double the log and say nothing about our services.
func logStreams(logger *log.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		err := handler(srv, ss)
		if !strings.HasPrefix(info.FullMethod, "/grpc.reflection.") {
			logger.Printf("%s %s %s", info.FullMethod, status.Code(err), time.Since(start))
		}
		return err
	}
}
