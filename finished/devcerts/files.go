package devcerts

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The files WriteDir writes, in its folder. Keys are readable by their
// owner only.
const (
	CAFile     = "ca.pem"     // the CA's certificate: -cacert, -tls-client-ca
	ServerCert = "server.pem" // the server's certificate, for localhost, 127.0.0.1 and ::1
	ServerKey  = "server.key"
	AliceCert  = "alice.pem" // a client certificate for alice, who may call multiply
	AliceKey   = "alice.key"
	BobCert    = "bob.pem" // a client certificate for bob, who may not
	BobKey     = "bob.key"
)

// ServerHosts are the names the server certificate of WriteDir is valid
// for: those of this machine's loopback interface.
var ServerHosts = []string{"localhost", "127.0.0.1", "::1"}

// A Set is a development PKI: a CA, a server certificate for ServerHosts and
// client certificates for alice and bob.
type Set struct {
	CA         *CA
	Server     *Cert
	Alice, Bob *Cert
}

// NewSet makes a Set with a new CA.
func NewSet() (*Set, error) {
	ca, err := NewCA("gRPC workshop development CA")
	if err != nil {
		return nil, err
	}
	s := &Set{CA: ca}
	if s.Server, err = ca.Server(ServerHosts...); err != nil {
		return nil, err
	}
	if s.Alice, err = ca.Client("alice"); err != nil {
		return nil, err
	}
	if s.Bob, err = ca.Client("bob"); err != nil {
		return nil, err
	}
	return s, nil
}

// WriteDir makes a new Set and writes its files into dir (made if need be),
// replacing those there. The CA's key is not written: nothing can sign
// another certificate with this CA once WriteDir returns.
func WriteDir(dir string) error {
	s, err := NewSet()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
		perm os.FileMode
	}{
		{CAFile, s.CA.CertPEM, 0o644},
		{ServerCert, s.Server.CertPEM, 0o644},
		{ServerKey, s.Server.KeyPEM, 0o600},
		{AliceCert, s.Alice.CertPEM, 0o644},
		{AliceKey, s.Alice.KeyPEM, 0o600},
		{BobCert, s.Bob.CertPEM, 0o644},
		{BobKey, s.Bob.KeyPEM, 0o600},
	}
	for _, f := range files {
		// Remove first: WriteFile keeps the mode of a file that exists.
		path := filepath.Join(dir, f.name)
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.WriteFile(path, f.data, f.perm); err != nil {
			return err
		}
	}
	return nil
}

// CheckDir returns nil when dir holds the files of WriteDir, the server's
// certificate is signed by the CA there, and every certificate is still
// valid at time at; otherwise an error that says what is wrong.
func CheckDir(dir string, at time.Time) error {
	caPEM, err := os.ReadFile(filepath.Join(dir, CAFile))
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return fmt.Errorf("%s holds no PEM certificate", filepath.Join(dir, CAFile))
	}
	pairs := []struct {
		cert, key string
		usage     x509.ExtKeyUsage
	}{
		{ServerCert, ServerKey, x509.ExtKeyUsageServerAuth},
		{AliceCert, AliceKey, x509.ExtKeyUsageClientAuth},
		{BobCert, BobKey, x509.ExtKeyUsageClientAuth},
	}
	for _, p := range pairs {
		pair, err := tls.LoadX509KeyPair(filepath.Join(dir, p.cert), filepath.Join(dir, p.key))
		if err != nil {
			return err
		}
		_, err = pair.Leaf.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{p.usage}})
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, p.cert), err)
		}
	}
	return nil
}
