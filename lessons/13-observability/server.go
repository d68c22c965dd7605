package observe

import (
	"log/slog"

	"google.golang.org/grpc"

	finishedhello "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	hello "grpcworkshop/solutions/09-errors-deadlines"
)

// The HelloService and the relay this lesson observes are lesson 9's, as
// its solution has them: HelloServer checks the greeting and works for its
// Delay; Relay calls Next with its handler's ctx.
type (
	HelloServer = hello.HelloServer
	Relay       = hello.Relay
)

// NewServer returns a gRPC server for hs, observed through tel (a span and
// a metric per call) and logging a line per unary call to logger, with
// reflection and grpc's admin services: channelz, which answers
// what the process's servers and channels are doing (their connections,
// calls started, succeeded and failed). Call the cleanup it returns after
// the server has stopped.
//
// Admin services tell anyone who can connect about the process, as
// reflection does: a production server serves them on a separate port that
// only operators reach, or not at all.
func NewServer(tel Telemetry, logger *slog.Logger, hs hellov1.HelloServiceServer) (*grpc.Server, func(), error) {
	srv := finishedhello.NewGRPCServer(hs, tel.ServerOption(), grpc.ChainUnaryInterceptor(logCalls(logger)))
	// TODO(step 5): register grpc's admin services on srv (package
	// google.golang.org/grpc/admin), and return the cleanup it gives back,
	// or its error. See "channelz" in the README.
	return srv, func() {}, nil
}
