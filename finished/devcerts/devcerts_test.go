package devcerts

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handshake runs a TLS handshake over loopback TCP (whose buffers, unlike
// net.Pipe's, let either side fail without blocking the other) and returns
// the client's error and the server's.
func handshake(t *testing.T, server, client *tls.Config) (clientErr, serverErr error) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer lis.Close()
	done := make(chan error, 1)
	go func() {
		conn, err := lis.Accept()
		if err != nil {
			done <- err
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		srv := tls.Server(conn, server)
		err = srv.Handshake()
		if err == nil {
			// In TLS 1.3 the server checks the client's certificate after
			// the client's side of the handshake is done: read to see it.
			_, err = srv.Read(make([]byte, 1))
		}
		done <- err
	}()
	conn, err := net.Dial("tcp", lis.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	cl := tls.Client(conn, client)
	clientErr = cl.Handshake()
	if clientErr == nil {
		_, clientErr = cl.Write([]byte("x"))
	}
	if clientErr != nil {
		conn.Close()
	}
	return clientErr, <-done
}

func TestServerAndClient(t *testing.T) {
	s, err := NewSet()
	require.NoError(t, err)
	assert.Equal(t, []string{"localhost"}, s.Server.Leaf.DNSNames)
	assert.Len(t, s.Server.Leaf.IPAddresses, 2, "127.0.0.1 and ::1")
	assert.Equal(t, "alice", s.Alice.Leaf.Subject.CommonName)

	for _, host := range ServerHosts {
		t.Run(host, func(t *testing.T) {
			cErr, sErr := handshake(t,
				&tls.Config{Certificates: []tls.Certificate{s.Server.TLS()}, ClientCAs: s.CA.Pool(), ClientAuth: tls.RequireAndVerifyClientCert},
				&tls.Config{RootCAs: s.CA.Pool(), ServerName: host, Certificates: []tls.Certificate{s.Alice.TLS()}})
			assert.NoError(t, cErr)
			assert.NoError(t, sErr)
		})
	}

	t.Run("wrong name", func(t *testing.T) {
		cErr, _ := handshake(t, &tls.Config{Certificates: []tls.Certificate{s.Server.TLS()}}, &tls.Config{RootCAs: s.CA.Pool(), ServerName: "example.com"})
		assert.ErrorContains(t, cErr, "x509: certificate is valid for localhost, not example.com")
	})
	t.Run("legacy Common Name", func(t *testing.T) {
		legacy, err := s.CA.LegacyServer("localhost")
		require.NoError(t, err)
		cErr, _ := handshake(t, &tls.Config{Certificates: []tls.Certificate{legacy.TLS()}}, &tls.Config{RootCAs: s.CA.Pool(), ServerName: "localhost"})
		assert.ErrorContains(t, cErr, "x509: certificate relies on legacy Common Name field, use SANs instead")
	})
	t.Run("another CA's client", func(t *testing.T) {
		other, err := NewSet()
		require.NoError(t, err)
		_, sErr := handshake(t,
			&tls.Config{Certificates: []tls.Certificate{s.Server.TLS()}, ClientCAs: s.CA.Pool(), ClientAuth: tls.RequireAndVerifyClientCert},
			&tls.Config{RootCAs: s.CA.Pool(), ServerName: "localhost", Certificates: []tls.Certificate{other.Alice.TLS()}})
		assert.ErrorContains(t, sErr, "certificate signed by unknown authority")
	})
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".certs")
	require.NoError(t, WriteDir(dir))
	require.NoError(t, CheckDir(dir, time.Now()))
	assert.ErrorContains(t, CheckDir(dir, time.Now().Add(Lifetime+time.Hour)), "certificate has expired")

	for name, want := range map[string]os.FileMode{CAFile: 0o644, ServerKey: 0o600, AliceKey: 0o600, BobKey: 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if assert.NoError(t, err) {
			assert.Equal(t, want, fi.Mode().Perm(), "mode of %s", name)
		}
	}
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, ServerCert), filepath.Join(dir, ServerKey))
	require.NoError(t, err)
	assert.Equal(t, []string{"localhost"}, pair.Leaf.DNSNames)

	// A second run makes a new CA: the old server certificate no longer
	// verifies against it.
	old := pair.Leaf
	require.NoError(t, WriteDir(dir))
	caPEM, err := os.ReadFile(filepath.Join(dir, CAFile))
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	_, err = old.Verify(x509.VerifyOptions{Roots: roots})
	assert.Error(t, err, "the first server certificate against the second CA")

	assert.Error(t, CheckDir(t.TempDir(), time.Now()), "an empty folder")
}
