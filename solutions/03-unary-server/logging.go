package aggserver

import (
	"context"
	"log"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// LogCalls returns a unary server interceptor that writes one line per call
// to logger: the full method name, the status code and how long the handler
// took, separated by spaces:
//
//	/proto.gRPCRouteFuncs/sum OK 2.31µs
//
// It runs on every call, so it stays cheap: it formats three short values
// and never the request or the response, which can be large and may hold
// data that does not belong in a log.
func LogCalls(logger *log.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		// status.Code gives OK for a nil error and UNKNOWN for an error that
		// is not a gRPC status.
		logger.Printf("%s %s %s", info.FullMethod, status.Code(err), time.Since(start))
		return resp, err
	}
}
