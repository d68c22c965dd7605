package security

import (
	"crypto/x509"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/finished/devcerts"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// TestClassicFailures makes each TLS failure the README's "When TLS fails"
// explains, with grpc-go's own credentials (no code of yours), so that the
// messages it quotes are the ones you will see.
func TestClassicFailures(t *testing.T) {
	set, err := devcerts.NewSet()
	require.NoError(t, err)

	// server serves the plain aggfunc service with a server certificate.
	server := func(t *testing.T, cert *devcerts.Cert) string {
		srv := grpc.NewServer(grpc.Creds(credentials.NewServerTLSFromCert(new(cert.TLS()))))
		aggfuncpb.RegisterGRPCRouteFuncsServer(srv, aggfunc.Server{})
		return grpctest.Start(t, srv)
	}
	// sum calls it, and returns the error.
	sum := func(t *testing.T, addr string, creds credentials.TransportCredentials) error {
		client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, addr, grpc.WithTransportCredentials(creds)))
		_, err := client.Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
		require.Error(t, err)
		assert.Equal(t, codes.Unavailable, status.Code(err), "%v", err)
		t.Logf("the error: %v", err)
		return err
	}
	const handshake = `connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: `
	good := server(t, set.Server)

	t.Run("certificate signed by unknown authority", func(t *testing.T) {
		err := sum(t, good, credentials.NewClientTLSFromCert(x509.NewCertPool(), ""))
		assert.ErrorContains(t, err, handshake+`certificate signed by unknown authority"`)
	})
	t.Run("certificate is valid for X, not Y", func(t *testing.T) {
		err := sum(t, good, credentials.NewClientTLSFromCert(set.CA.Pool(), "grpc.example.com"))
		assert.ErrorContains(t, err, handshake+`certificate is valid for localhost, not grpc.example.com"`)
	})
	t.Run("no IP SANs", func(t *testing.T) {
		localhostOnly, err := set.CA.Server("localhost")
		require.NoError(t, err)
		err = sum(t, server(t, localhostOnly), credentials.NewClientTLSFromCert(set.CA.Pool(), ""))
		assert.ErrorContains(t, err, handshake+`cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs"`)
	})
	t.Run("legacy Common Name", func(t *testing.T) {
		legacy, err := set.CA.LegacyServer("localhost")
		require.NoError(t, err)
		err = sum(t, server(t, legacy), credentials.NewClientTLSFromCert(set.CA.Pool(), "localhost"))
		assert.ErrorContains(t, err, handshake+`certificate relies on legacy Common Name field, use SANs instead"`)
	})
	t.Run("TLS client, plaintext server", func(t *testing.T) {
		srv := grpc.NewServer()
		aggfuncpb.RegisterGRPCRouteFuncsServer(srv, aggfunc.Server{})
		err := sum(t, grpctest.Start(t, srv), credentials.NewClientTLSFromCert(set.CA.Pool(), ""))
		assert.ErrorContains(t, err, `transport: authentication handshake failed: tls: first record does not look like a TLS handshake`)
	})
	t.Run("plaintext client, TLS server", func(t *testing.T) {
		err := sum(t, good, insecure.NewCredentials())
		assert.ErrorContains(t, err, `connection error: desc = "error reading server preface: `)
	})
}
