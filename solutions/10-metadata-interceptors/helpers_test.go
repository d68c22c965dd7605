package hello

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// testToken is the token the tests' servers want.
const testToken = "s3cret"

// start serves hs with NewServer (health and reflection included) and opts
// on bufconn, and returns a connection to it.
func start(t *testing.T, hs hellov1.HelloServiceServer, opts ...grpc.ServerOption) *grpc.ClientConn {
	t.Helper()
	return grpctest.StartBufconn(t, NewServer(hs, opts...))
}

// callCtx returns a context for one call, with a deadline and the metadata
// pairs kv ("key", "value", ...).
func callCtx(t *testing.T, kv ...string) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	t.Cleanup(cancel)
	return metadata.AppendToOutgoingContext(ctx, kv...)
}

// bearer is the metadata pair of a call with token.
func bearer(token string) []string { return []string{"authorization", "bearer " + token} }

// firstOf is v's first value, or "".
func firstOf(v []string) string {
	if len(v) > 0 {
		return v[0]
	}
	return ""
}
