// Package finished puts the workshop's finished pieces together into one
// system: lesson 3's gRPC server (gRPCRouteFuncs, health checks, reflection,
// the per-call log and the graceful stop) serving the complete
// hello.v1.HelloService of lesson 8, all four kinds of RPC.
//
// cmd/server is its program: the server that `go tool task serve` runs and
// that the Python tests, the grpcurl exercises and the demo call.
package finished

import (
	"google.golang.org/grpc"

	aggserver "grpcworkshop/solutions/03-unary-server"
	hello "grpcworkshop/solutions/08-bidi-streaming"
)

// NewGRPCServer returns the finished gRPC server: lesson 3's
// aggserver.NewGRPCServer, with lesson 8's HelloServer as HelloService
// unless opts.Hello names another. It does not listen yet:
// aggserver.Serve does.
func NewGRPCServer(opts aggserver.Options) *grpc.Server {
	if opts.Hello == nil {
		opts.Hello = hello.HelloServer{}
	}
	return aggserver.NewGRPCServer(opts)
}
