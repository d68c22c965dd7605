package security

import "context"

// A Token is a bearer token: whoever holds it is its owner, as far as the
// server knows. It implements credentials.PerRPCCredentials, so that
// grpc.WithPerRPCCredentials(token) sends it with every call of a
// connection, and grpc.PerRPCCredentials(token) with one call.
type Token string

// START token OMIT

// GetRequestMetadata implements credentials.PerRPCCredentials: the token
// travels in the call's metadata as "authorization: Bearer TOKEN".
func (t Token) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials: a
// token must never travel in plaintext, where anyone on the way can read it
// and call as its owner.
func (Token) RequireTransportSecurity() bool {
	return true
}

// END token OMIT
