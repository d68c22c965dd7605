package security

import "context"

// A Token is a bearer token: whoever holds it is its owner, as far as the
// server knows. It implements credentials.PerRPCCredentials, so that
// grpc.WithPerRPCCredentials(token) sends it with every call of a
// connection, and grpc.PerRPCCredentials(token) with one call.
type Token string

// GetRequestMetadata implements credentials.PerRPCCredentials: the token
// travels in the call's metadata as "authorization: Bearer TOKEN".
func (t Token) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	// TODO(step 3): return the one metadata entry above. README: "Step 3:
	// a token on every call".
	return nil, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials: a
// token must never travel in plaintext, where anyone on the way can read it
// and call as its owner.
func (Token) RequireTransportSecurity() bool {
	// TODO(step 3): say yes, and gRPC refuses to send the token over a
	// connection without TLS.
	return false
}
