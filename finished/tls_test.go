package finished

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/devcerts"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit"
)

// serveTLS serves New with files' TLS on a loopback port and returns its
// address.
func serveTLS(t *testing.T, files TLSFiles) string {
	t.Helper()
	opts, err := files.ServerOptions()
	require.NoError(t, err)
	srv := New(Options{ServerOptions: opts})
	lis := testkit.Listen(t)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// sum calls sum(3, 4) at addr with the client TLS config cfg.
func sum(t *testing.T, addr string, cfg *tls.Config) error {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
	require.NoError(t, err)
	defer conn.Close()
	resp, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	if err == nil {
		assert.Equal(t, int32(7), resp.GetValue())
	}
	return err
}

func TestServerTLS(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, devcerts.WriteDir(dir))
	set, err := devcerts.NewSet() // the files' CA is another one
	require.NoError(t, err)
	files := TLSFiles{Cert: filepath.Join(dir, devcerts.ServerCert), Key: filepath.Join(dir, devcerts.ServerKey)}
	roots := caPool(t, filepath.Join(dir, devcerts.CAFile))
	alice, err := tls.LoadX509KeyPair(filepath.Join(dir, devcerts.AliceCert), filepath.Join(dir, devcerts.AliceKey))
	require.NoError(t, err)

	t.Run("TLS", func(t *testing.T) {
		addr := serveTLS(t, files)
		assert.NoError(t, sum(t, addr, &tls.Config{RootCAs: roots}))
		err := sum(t, addr, &tls.Config{RootCAs: set.CA.Pool()})
		assert.Equal(t, codes.Unavailable, status.Code(err), "a client that trusts another CA: %v", err)
		assert.ErrorContains(t, err, "x509: certificate signed by unknown authority")
	})
	t.Run("mutual TLS", func(t *testing.T) {
		mutual := files
		mutual.ClientCA = filepath.Join(dir, devcerts.CAFile)
		addr := serveTLS(t, mutual)
		assert.NoError(t, sum(t, addr, &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{alice}}))
		err := sum(t, addr, &tls.Config{RootCAs: roots})
		assert.Equal(t, codes.Unavailable, status.Code(err), "a client without a certificate: %v", err)
		// The server's alert usually arrives first; sometimes the client's
		// first write meets the closed connection before it reads it.
		assert.Regexp(t, "tls: certificate required|broken pipe|connection reset by peer", err.Error())
		err = sum(t, addr, &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{set.Alice.TLS()}})
		assert.Equal(t, codes.Unavailable, status.Code(err), "a client certificate from another CA: %v", err)
	})

	t.Run("errors", func(t *testing.T) {
		notPEM := filepath.Join(t.TempDir(), "not.pem")
		require.NoError(t, os.WriteFile(notPEM, []byte("hello"), 0o644))
		for _, tt := range []struct {
			files TLSFiles
			want  string
		}{
			{TLSFiles{Cert: files.Cert}, "TLS needs both -tls-cert and -tls-key"},
			{TLSFiles{ClientCA: files.Cert}, "TLS needs both -tls-cert and -tls-key"},
			{TLSFiles{Cert: files.Cert, Key: filepath.Join(dir, "nope.key")}, "cannot load -tls-cert"},
			{TLSFiles{Cert: files.Cert, Key: files.Key, ClientCA: notPEM}, "holds no PEM certificate"},
		} {
			_, err := tt.files.ServerOptions()
			assert.ErrorContains(t, err, tt.want, "%+v", tt.files)
		}
		opts, err := TLSFiles{}.ServerOptions()
		assert.NoError(t, err)
		assert.Empty(t, opts, "no files, no TLS")
	})
}

func TestPlaintextWarning(t *testing.T) {
	for _, ip := range []string{"127.0.0.1", "::1"} {
		assert.Empty(t, PlaintextWarning(&net.TCPAddr{IP: net.ParseIP(ip), Port: 50051}), ip)
	}
	// finished/README.md quotes this line.
	assert.Equal(t, "warning: serving plaintext on 0.0.0.0:50051, which other machines can reach: anyone on the way can read and change the calls; serve TLS with -tls-cert and -tls-key (go tool task certs makes development ones)",
		PlaintextWarning(&net.TCPAddr{IP: net.IPv4zero, Port: 50051}))
	for _, ip := range []string{"0.0.0.0", "::", "192.168.1.10"} {
		assert.Contains(t, PlaintextWarning(&net.TCPAddr{IP: net.ParseIP(ip), Port: 50051}), "serve TLS with -tls-cert and -tls-key", ip)
	}
}

func caPool(t *testing.T, file string) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(file)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pem))
	return pool
}
