package finished

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// calls is the outermost layer of every call the finished server serves.
// For each call it
//
//   - picks the call's request id (see RequestIDKey) and puts it in the
//     context the interceptors and the handler get (see RequestID);
//
//   - sends the id back in the response header, when the client sent it
//     and when the call fails (see echo);
//
//   - recovers from a panic (see recovered);
//
//   - and, unless log is nil, logs one line when the call ends:
//
//     time=2026-12-03T10:30:00.000Z level=INFO msg=call method=/proto.gRPCRouteFuncs/sum code=OK duration=41.2µs request_id=3f9a1c2e-42
//
// The line holds no request or response: they can be large, and may hold
// data that does not belong in a log. Calls to the reflection service are
// left out: grpcurl opens one before each command to learn the API, and
// those lines would double the log and say nothing about our services.
//
// Every call means the ones refused before a handler runs too: a request
// that does not decode (INTERNAL), one past the size limit
// (RESOURCE_EXHAUSTED), a method the server does not have
// (UNIMPLEMENTED). A unary interceptor never sees the first two: grpc-go's
// generated code reads and decodes the request before it calls the
// interceptors. So for unary calls the layer wraps the generated method
// handler itself (the server registers its services through register),
// which reads the request; for streams, where the handler reads, it is the
// first stream interceptor; and unknown methods go to unknownMethod, a
// stream handler, through that interceptor.
//
// Why not a stats.Handler, which grpc-go calls for every call it reads
// the header of? Measured (BenchmarkServeVsHealthCheck): a stats handler
// that does nothing at all costs the server a fifth of its unary calls per
// second, because grpc-go then records a dozen events per call, each with
// its own allocation and clock reading. This layer costs a few per cent.
type calls struct {
	log *slog.Logger // the line of each call; nil logs none
	// panics gets the line of each panic; never nil.
	panics *slog.Logger
}

// call is what the layer keeps about a call. It is the call's context
// too, the one the interceptors and the handler get: one allocation per
// call for both.
type call struct {
	context.Context
	method string
	id     string
	sent   bool // the client sent id
}

type callKey struct{}

// Value implements context.Context: the call itself under callKey.
func (c *call) Value(key any) any {
	if key == (callKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// callFrom returns the call ctx belongs to, or nil.
func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// begin starts a call to method: it returns the call, the context for the
// rest of it, with its request id.
func (l calls) begin(ctx context.Context, method string) *call {
	c := &call{Context: ctx, method: method}
	c.id, c.sent = pickRequestID(metadata.ValueFromIncomingContext(ctx, RequestIDKey))
	return c
}

// echo sends the call's request id back under RequestIDKey, in the header
// (set adds it to the header, as grpc.SetHeader does; it fails once the
// header has gone), else in the trailer. It does so when the client sent
// the id, and when the call failed (err is not nil): those are the times a
// client needs it. A successful call without an id of the client's gets
// none back: an extra header, unique to each call, costs grpc-go about a
// tenth of its unary calls per second (measured with
// BenchmarkServeVsHealthCheck), for an id that client did not ask for.
func (c *call) echo(err error, set func(metadata.MD) error) {
	if !c.sent && err == nil {
		return
	}
	md := metadata.MD{RequestIDKey: {c.id}}
	if set(md) != nil {
		_ = grpc.SetTrailer(c, md)
	}
}

// end logs the line of call c, which began at start and ended with err.
//
// It builds the slog.Record itself rather than call l.log.LogAttrs, which
// would also look up the caller's program counter (runtime.Callers), for
// a source position this log does not show: a fifth of the line's cost.
// (slog's documentation shows the same for wrappers of its methods.)
func (l calls) end(c *call, start time.Time, err error) {
	if l.log == nil || strings.HasPrefix(c.method, "/grpc.reflection.") {
		return
	}
	h := l.log.Handler()
	if !h.Enabled(c, slog.LevelInfo) {
		return
	}
	now := time.Now()
	r := slog.NewRecord(now, slog.LevelInfo, "call", 0)
	// status.Code gives OK for nil, and UNKNOWN for an error that is not
	// a gRPC status: a handler bug worth seeing in the log.
	r.AddAttrs(
		slog.String("method", c.method),
		slog.String("code", status.Code(err).String()),
		slog.Duration("duration", now.Sub(start)))
	_ = h.Handle(c, r) // the handler's write error has nowhere better to go
}

// unary wraps the generated handler of the unary method fullMethod, which
// decodes the request and then calls the interceptors and the method.
func (l calls) unary(fullMethod string, handler grpc.MethodHandler) grpc.MethodHandler {
	return func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (resp any, err error) {
		start := time.Now()
		c := l.begin(ctx, fullMethod)
		defer func() {
			if p := recover(); p != nil {
				resp, err = nil, l.recovered(c, p)
			}
			// The header has not gone yet: it goes with the response,
			// after this, or with the status.
			c.echo(err, func(md metadata.MD) error { return grpc.SetHeader(c, md) })
			l.end(c, start, err)
		}()
		return handler(srv, c, dec, interceptor)
	}
}

// stream is the layer for streaming calls: the first stream interceptor.
func (l calls) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	start := time.Now()
	c := l.begin(ss.Context(), info.FullMethod)
	if c.sent {
		c.echo(nil, ss.SetHeader) // now, before any response
	}
	defer func() {
		if p := recover(); p != nil {
			err = l.recovered(c, p)
		}
		if !c.sent {
			c.echo(err, ss.SetHeader)
		}
		l.end(c, start, err)
	}()
	return handler(srv, callStream{ss, c})
}

// callStream is a stream whose context is the layer's.
type callStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s callStream) Context() context.Context { return s.ctx }

// registrar registers services on a grpc.Server with the layer around
// each unary method. The generated RegisterXServer functions, health's and
// reflection's take it in place of the server.
type registrar struct {
	*grpc.Server
	calls calls
}

// RegisterService implements grpc.ServiceRegistrar.
func (r registrar) RegisterService(sd *grpc.ServiceDesc, impl any) {
	wrapped := *sd
	wrapped.Methods = make([]grpc.MethodDesc, len(sd.Methods))
	for i, m := range sd.Methods {
		m.Handler = r.calls.unary("/"+sd.ServiceName+"/"+m.MethodName, m.Handler)
		wrapped.Methods[i] = m
	}
	r.Server.RegisterService(&wrapped, impl)
}

// unknownMethod returns the handler (for grpc.UnknownServiceHandler) that
// answers a call to a method the server does not serve as grpc-go does
// without one: UNIMPLEMENTED, "unknown service S" or "unknown method M for
// service S". known says whether the server has service S. The difference
// is that such a call then goes through the stream interceptors, the
// layer's first, and is logged.
func unknownMethod(known func(service string) bool) grpc.StreamHandler {
	return func(_ any, ss grpc.ServerStream) error {
		full, _ := grpc.MethodFromServerStream(ss)
		service, method := splitMethod(full)
		if !known(service) {
			return status.Errorf(codes.Unimplemented, "unknown service %s", service)
		}
		return status.Errorf(codes.Unimplemented, "unknown method %s for service %s", method, service)
	}
}

// splitMethod splits "/package.Service/Method" into its service and method.
func splitMethod(full string) (service, method string) {
	full = strings.TrimPrefix(full, "/")
	i := strings.LastIndex(full, "/")
	if i < 0 {
		return full, ""
	}
	return full[:i], full[i+1:]
}
