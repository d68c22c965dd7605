package finished

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// LogCalls returns the interceptors that log one line per call, unary and
// streaming, when it ends: its method, status code and duration.
//
//	level=INFO msg=call method=/proto.gRPCRouteFuncs/sum code=OK duration=38.1µs
//
// A streaming call's duration is the whole stream's. The line holds no
// request or response: they can be large, and may hold data that does not
// belong in a log. Calls to the reflection service are left out: grpcurl
// opens one before each command to learn the API, and those lines would
// double the log and say nothing about our services.
func LogCalls(logger *slog.Logger) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	unary := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		logCall(ctx, logger, info.FullMethod, err, start)
		return resp, err
	}
	stream := func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		err := handler(srv, ss)
		if !strings.HasPrefix(info.FullMethod, "/grpc.reflection.") {
			logCall(ss.Context(), logger, info.FullMethod, err, start)
		}
		return err
	}
	return unary, stream
}

// logCall writes the line of one call that began at start and ended with
// err. status.Code gives OK for nil, and UNKNOWN for an error that is not a
// gRPC status: a handler bug worth seeing in the log.
func logCall(ctx context.Context, logger *slog.Logger, method string, err error, start time.Time) {
	logger.LogAttrs(ctx, slog.LevelInfo, "call",
		slog.String("method", method),
		slog.String("code", status.Code(err).String()),
		slog.Duration("duration", time.Since(start)))
}
