package hello

import (
	"context"
	"strings"

	"google.golang.org/grpc"
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
	// TODO(step 6): the two layers, each with its unary and stream
	// interceptor: which must run first, so that a call that auth refuses
	// still has its request id? Test: TestChainOrder. README: "Part 2:
	// the interceptor chain".
	return nil
}

// ServerOptions turns chain into the options of grpc.NewServer: one chain
// of unary interceptors and one of stream interceptors, both in chain's
// order, the first one outermost (it runs first, and sees the call's
// result last).
func ServerOptions(chain []Interceptor) []grpc.ServerOption {
	// TODO(step 6): one option that chains the layers' unary
	// interceptors, one for their stream interceptors, in chain's order.
	// Test: TestChainOrder. godoc: grpc.ChainUnaryInterceptor.
	return nil
}

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
	// TODO(step 4): pick the call's request id: the client's, unless it is
	// empty or longer than 64 bytes (so that no client fills the logs with
	// it), else a new one, such as crypto/rand.Text(). Set it in the
	// response header, and call the handler with a context that holds it
	// under requestIDCtxKey{}, which RequestIDFrom reads. Test: TestRequestID (unary/...). README: "Part
	// 2: the interceptor chain".
	return handler(ctx, req)
}

// StreamRequestID is UnaryRequestID for streaming calls. A stream's
// context is the stream's own (ServerStream.Context), so the interceptor
// hands the handler a stream that returns the new one.
func StreamRequestID(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	// TODO(step 4): the same for a stream. The handler has no ctx
	// argument: it calls ss.Context(). Hand it a stream of your own that
	// embeds ss and whose Context returns the new context. Test:
	// TestRequestID (stream/...).
	return handler(srv, ss)
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
	// TODO(step 5): read the metadata "authorization", which should hold
	// "bearer TOKEN" (the scheme in any case); answer UNAUTHENTICATED, with
	// a message that says what to send, when it is missing, has another
	// scheme or another token. Compare tokens with
	// crypto/subtle.ConstantTimeCompare. Test: TestAuth. README: "Part 2:
	// the interceptor chain".
	_ = token
	return nil
}
