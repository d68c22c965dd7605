package hello

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Interceptor is one layer of a server's interceptor chain, for unary and
// streaming calls both, with a name, so that the tests and the logs can
// say which layer is which.
type Interceptor struct {
	Name   string
	Unary  grpc.UnaryServerInterceptor
	Stream grpc.StreamServerInterceptor
}

// Chain is this lesson's interceptor chain, written by hand, outermost
// first: the request id, then the token check. Every call goes through
// request-id first, so even a call that auth rejects has its id, in the
// response header and in the logs.
func Chain(token string) []Interceptor {
	// START chain OMIT
	return []Interceptor{
		{Name: "request-id", Unary: UnaryRequestID, Stream: StreamRequestID},
		{Name: "auth", Unary: UnaryAuth(token), Stream: StreamAuth(token)},
	}
	// END chain OMIT
}

// ServerOptions turns chain into the options of grpc.NewServer: one chain
// of unary interceptors and one of stream interceptors, both in chain's
// order, the first one outermost (it runs first, and sees the call's
// result last).
func ServerOptions(chain []Interceptor) []grpc.ServerOption {
	// START options OMIT
	var unary []grpc.UnaryServerInterceptor
	var stream []grpc.StreamServerInterceptor
	for _, layer := range chain {
		unary = append(unary, layer.Unary)
		stream = append(stream, layer.Stream)
	}
	return []grpc.ServerOption{grpc.ChainUnaryInterceptor(unary...), grpc.ChainStreamInterceptor(stream...)}
	// END options OMIT
}

// maxRequestIDLen is the longest request id a client may send; a longer
// one is replaced, so that a client cannot fill the logs with it.
const maxRequestIDLen = 64

// requestIDCtxKey is the context key of the request id.
type requestIDCtxKey struct{}

// RequestIDFrom returns the request id that UnaryRequestID or
// StreamRequestID put in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDCtxKey{}).(string)
	return id
}

// UnaryRequestID is a unary interceptor that gives every call a request id:
// the client's (metadata x-request-id) or, when it sends none or one
// longer than 64 bytes, a new one. It echoes it in the response header
// and passes it to the handler in the context (RequestIDFrom).
func UnaryRequestID(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	ctx, err := withRequestID(ctx)
	if err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

// StreamRequestID is UnaryRequestID for streaming calls. A stream's
// context is the stream's own (ServerStream.Context), so the interceptor
// hands the handler a stream that returns the new one.
func StreamRequestID(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	// START streamid OMIT
	ctx, err := withRequestID(ss.Context())
	if err != nil {
		return err
	}
	return handler(srv, &ctxStream{ServerStream: ss, ctx: ctx})
	// END streamid OMIT
}

// ctxStream is a server stream with another context.
type ctxStream struct {
	grpc.ServerStream
	ctx context.Context
}

// Context returns the stream's new context.
func (s *ctxStream) Context() context.Context { return s.ctx }

// withRequestID returns ctx with the call's request id in it, after
// setting it in the response header.
func withRequestID(ctx context.Context) (context.Context, error) {
	id := ""
	if v := metadata.ValueFromIncomingContext(ctx, RequestIDKey); len(v) > 0 && v[0] != "" && len(v[0]) <= maxRequestIDLen {
		id = v[0]
	} else {
		id = rand.Text()
	}
	// grpc.SetHeader works on a streaming call's context too.
	if err := grpc.SetHeader(ctx, metadata.Pairs(RequestIDKey, id)); err != nil {
		return nil, err
	}
	return context.WithValue(ctx, requestIDCtxKey{}, id), nil
}

// UnaryAuth returns a unary interceptor that lets a call through only with
// the metadata "authorization: bearer TOKEN"; any other call ends with
// UNAUTHENTICATED before its handler runs. Health checks and reflection
// need no token (see Public).
func UnaryAuth(token string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if !Public(info.FullMethod) {
			if err := checkToken(ctx, token); err != nil {
				return nil, err
			}
		}
		return handler(ctx, req)
	}
}

// StreamAuth is UnaryAuth for streaming calls.
func StreamAuth(token string) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if !Public(info.FullMethod) {
			if err := checkToken(ss.Context(), token); err != nil {
				return err
			}
		}
		return handler(srv, ss)
	}
}

// Public reports whether method (a full method name, such as
// "/grpc.health.v1.Health/Check") needs no token: the health service, which
// load balancers call without credentials, and reflection, which tools such
// as grpcurl call before anything else.
func Public(method string) bool {
	return strings.HasPrefix(method, "/grpc.health.v1.Health/") || strings.HasPrefix(method, "/grpc.reflection.")
}

// checkToken checks ctx's metadata "authorization: bearer TOKEN" against
// token: nil when it matches, UNAUTHENTICATED otherwise. The scheme is case
// insensitive, as in HTTP.
func checkToken(ctx context.Context, token string) error {
	v := metadata.ValueFromIncomingContext(ctx, "authorization")
	if len(v) == 0 {
		return status.Error(codes.Unauthenticated, "no token: send the metadata authorization: bearer TOKEN")
	}
	scheme, got, _ := strings.Cut(v[0], " ")
	// ConstantTimeCompare takes as long for a near miss as for a far one,
	// so the time of a refusal does not tell how much of a guess was right.
	if !strings.EqualFold(scheme, "bearer") || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		return status.Error(codes.Unauthenticated, "bad token: send the metadata authorization: bearer TOKEN")
	}
	return nil
}
