package observe

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// TraceIDKey is the response header that carries the trace id of the call
// (Going further): a client that reports a failure quotes it, and the
// operator finds the call's trace and log lines at once.
const TraceIDKey = "x-trace-id"

// traceIDUnary sends a unary call's trace id back in the response header
// TraceIDKey. It reads the server span that the stats handler
// (Telemetry.ServerOption) put in the call's ctx before any interceptor ran.
func traceIDUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	setTraceID(ctx)
	return handler(ctx, req)
}

// traceIDStream does what traceIDUnary does, for a streaming call.
func traceIDStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	setTraceID(ss.Context())
	return handler(srv, ss)
}

// setTraceID sets the header TraceIDKey to the trace id of ctx's span, if
// there is one.
func setTraceID(ctx context.Context) {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		// SetHeader fails only once the header has gone, which cannot
		// happen before the handler runs: nothing to do about it.
		_ = grpc.SetHeader(ctx, metadata.Pairs(TraceIDKey, sc.TraceID().String()))
	}
}
