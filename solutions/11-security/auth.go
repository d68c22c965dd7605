package security

import (
	"context"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// CallerKey is the metadata key under which Authenticate hands the
// caller's name to the handlers and to the authorization policy.
const CallerKey = "x-caller"

// Caller returns the name of whoever makes the call in ctx: the Common
// Name of the client certificate the TLS handshake verified, when there is
// one; otherwise the owner of the bearer token in the call's
// "authorization" metadata, looked up in tokens (token -> name). With
// neither, it returns an UNAUTHENTICATED status.
func Caller(ctx context.Context, tokens map[string]string) (string, error) {
	// START caller OMIT
	if p, ok := peer.FromContext(ctx); ok {
		// VerifiedChains, not PeerCertificates: only a chain the handshake
		// checked against the client CAs proves who the client is.
		if info, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(info.State.VerifiedChains) > 0 {
			return info.State.VerifiedChains[0][0].Subject.CommonName, nil
		}
	}
	md, _ := metadata.FromIncomingContext(ctx)
	auth := md.Get("authorization")
	if len(auth) == 0 {
		return "", status.Error(codes.Unauthenticated, "no client certificate and no authorization metadata: send a token")
	}
	token, ok := strings.CutPrefix(auth[0], "Bearer ")
	name, known := tokens[token]
	if !ok || !known {
		return "", status.Error(codes.Unauthenticated, "unknown token")
	}
	return name, nil
	// END caller OMIT
}

// Authenticate returns a unary interceptor that refuses a call without a
// Caller, and otherwise passes it on with the caller's name in the incoming
// metadata under CallerKey, replacing whatever the client sent there, so
// that the handler and the policy after it can trust it.
func Authenticate(tokens map[string]string) grpc.UnaryServerInterceptor {
	// START authenticate OMIT
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		name, err := Caller(ctx, tokens)
		if err != nil {
			return nil, err
		}
		md, _ := metadata.FromIncomingContext(ctx)
		md = md.Copy()
		md.Set(CallerKey, name)
		return handler(metadata.NewIncomingContext(ctx, md), req)
	}
	// END authenticate OMIT
}
