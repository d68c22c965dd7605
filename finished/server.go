// Package finished is the workshop's finished gRPC server: the system the
// lessons build, put together in one place. It serves
//
//   - proto.gRPCRouteFuncs, the blog post's sum and multiply (package aggfunc,
//     lesson 3);
//   - hello.v1.HelloService, all four kinds of rpc (package hello, lessons 3
//     and 6 to 8);
//   - grpc.health.v1.Health, the standard health check;
//   - the reflection service, when Options.Reflection asks for it;
//
// with a request id and a log line for every call, recovery from a
// handler's panic, and a graceful stop. cmd/server is its
// program: the one `go tool task serve` runs and the demo, the docs' grpcurl
// checks and the Python tests call.
//
// The production lessons extend this package: each feature (errors and
// deadlines, interceptors, TLS, observability, limits, a shutdown deadline)
// becomes a field of Options with a safe default, and a flag of cmd/server.
package finished

import (
	"cmp"
	"log/slog"
	"time"

	"google.golang.org/grpc"
	// gzip registers itself with grpc-go: a client may then send and ask
	// for gzip-compressed messages (grpc.UseCompressor("gzip"), ghz -e;
	// lesson 15). Without it such a call is UNIMPLEMENTED.
	_ "google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/finished/hello"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Options configures New. The zero value is a server without reflection
// and without a log.
type Options struct {
	// Logger gets one line per call (see calls), unless Quiet, and a
	// handler's panic (see recovered); nil logs nothing.
	Logger *slog.Logger
	// Quiet leaves out the line per call; panics are still logged.
	Quiet bool
	// Reflection serves the reflection service, which lets tools such as
	// grpcurl list and call the services without their .proto files. Many
	// production servers leave it off: it tells anyone who can connect
	// what the server offers.
	Reflection bool
	// Hello is the HelloService to serve; its zero value answers the way the
	// docs show (three replies to LotsOfReplies, no pause between them).
	Hello hello.HelloServer
	// ServerOptions go to grpc.NewServer after the outermost layer (see
	// calls), so their interceptors run inside it: a panic in them is
	// recovered, and the log sees what they return.
	ServerOptions []grpc.ServerOption
	// Limits bound what one client can take from the server (see Limits);
	// a zero field is its default, from DefaultLimits.
	Limits Limits
	// ShutdownDeadline bounds Serve's graceful stop: the calls still
	// running after it are cut off. Zero is DefaultShutdownDeadline.
	ShutdownDeadline time.Duration
	// Register, when set, registers more services on s, such as lesson
	// 17's grpc.testing.TestService. Registered through s, their calls go
	// through the outermost layer like the server's own (request id,
	// recovery, the log), and the health service answers for them.
	Register func(s grpc.ServiceRegistrar)
}

// New returns the finished gRPC server, with every service registered. It
// does not listen yet: pass it to Serve with a listener from Listen.
func New(opts Options) *grpc.Server {
	// The outermost layer of every call (see calls): request id,
	// recovery, the line in the log.
	layer := calls{panics: slog.New(slog.DiscardHandler)}
	if opts.Logger != nil {
		layer.panics = slog.New(withRequestID(opts.Logger.Handler()))
		if !opts.Quiet {
			layer.log = layer.panics
		}
	}
	var services map[string]grpc.ServiceInfo // filled in below, once all are registered
	serverOpts := []grpc.ServerOption{
		// For streams, the layer is the first interceptor. Chain, rather
		// than grpc.StreamInterceptor, so that ServerOptions can add
		// interceptors of their own after it.
		grpc.ChainStreamInterceptor(layer.stream),
		grpc.UnknownServiceHandler(unknownMethod(func(s string) bool { _, ok := services[s]; return ok })),
		// Keepalive and the pings clients may send (see keepalive.go);
		// ServerOptions, which come later, may override them.
		grpc.KeepaliveParams(KeepaliveServer()),
		grpc.KeepaliveEnforcementPolicy(KeepalivePolicy()),
	}
	// The limits, inside the request id (so that their log lines carry
	// it); with the count of the calls in flight, which Serve reports when
	// its shutdown deadline cuts them off.
	limits := opts.Limits.withDefaults()
	stop := &stopper{deadline: cmp.Or(opts.ShutdownDeadline, DefaultShutdownDeadline)}
	countUnary, countStream := stop.count()
	serverOpts = append(serverOpts, limits.serverOptions()...)
	serverOpts = append(serverOpts,
		grpc.ChainUnaryInterceptor(countUnary),
		grpc.ChainStreamInterceptor(countStream, limits.interceptor(opts.Hello, layer.panics)))
	grpcServer := grpc.NewServer(append(serverOpts, opts.ServerOptions...)...)
	// For unary calls, the layer wraps each method's handler as it is
	// registered: srv is the server, with the layer's RegisterService.
	srv := registrar{Server: grpcServer, calls: layer}

	aggfuncpb.RegisterGRPCRouteFuncsServer(srv, aggfunc.Server{})
	hellov1.RegisterHelloServiceServer(srv, opts.Hello)
	if opts.Register != nil {
		opts.Register(srv)
	}

	// The health service answers for the whole server ("") and for each
	// service by name, so a load balancer can ask about the one it needs.
	healthSrv := health.NewServer()
	for name := range srv.GetServiceInfo() {
		healthSrv.SetServingStatus(name, healthgrpc.HealthCheckResponse_SERVING)
	}
	healthgrpc.RegisterHealthServer(srv, healthSrv)
	stop.health = healthSrv // Serve's stop turns it NOT_SERVING at once
	stoppers.Store(grpcServer, stop)

	if opts.Reflection {
		reflection.Register(srv)
	}
	services = srv.GetServiceInfo()
	return grpcServer
}
