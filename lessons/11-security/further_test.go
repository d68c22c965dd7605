//go:build further

package security

import (
	"crypto/tls"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
)

// TestFurtherReload swaps the server's certificate while it serves, as a
// server must when its certificate is renewed: new connections get the new
// one, and nothing restarts.
func TestFurtherReload(t *testing.T) {
	const todo = "write ReloadingServerTLS in creds.go (README: Going further)"
	before, after := pki(t), pki(t)
	var current atomic.Pointer[tls.Certificate]
	current.Store(new(before.Server.TLS()))
	var loads atomic.Int32
	addr := serve(t, ReloadingServerTLS(func() (*tls.Certificate, error) {
		loads.Add(1)
		return current.Load(), nil
	}))

	_, _, err := call(t, addr, "sum", ClientTLS(before.CA.Pool(), nil), grpc.PerRPCCredentials(token("alice-token")))
	require.NoError(t, err, "sum with the first certificate (%s)", todo)

	current.Store(new(after.Server.TLS()))
	_, _, err = call(t, addr, "sum", ClientTLS(after.CA.Pool(), nil), grpc.PerRPCCredentials(token("alice-token")))
	assert.NoError(t, err, "sum on a new connection after the swap, trusting the new CA (%s)", todo)
	_, _, err = call(t, addr, "sum", ClientTLS(before.CA.Pool(), nil), grpc.PerRPCCredentials(token("alice-token")))
	refused(t, err, codes.Unavailable, "a new connection trusting only the old CA after the swap", todo, "x509: certificate signed by unknown authority")
	assert.GreaterOrEqual(t, loads.Load(), int32(3), "load is called once per handshake (%s)", todo)
}
