// Package devcerts makes the certificates of a development PKI in Go, with
// crypto/x509, not openssl: a certificate authority (CA), server
// certificates for the names a client dials, and client certificates that
// name their owner. Tests make theirs in t.TempDir(); cmd/certs writes a set
// for `go tool task serve-tls` into the git-ignored .certs folder. No private
// key is ever committed.
//
// Every key is ECDSA P-256: small, fast to make, and understood by Go,
// grpcurl and Python's grpcio alike.
package devcerts

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Lifetime is how long a certificate made here is valid: long enough for a
// workshop, short enough that a forgotten one stops working.
const Lifetime = 30 * 24 * time.Hour

// A CA is a certificate authority: a self-signed certificate and its key,
// which sign the server and client certificates.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// CertPEM is the CA's certificate, PEM-encoded: what a client (or a
	// server checking client certificates) trusts, such as grpcurl's
	// -cacert file.
	CertPEM []byte
}

// A Cert is a certificate signed by a CA, with its private key.
type Cert struct {
	Leaf    *x509.Certificate
	key     *ecdsa.PrivateKey
	CertPEM []byte // the certificate, PEM-encoded
	KeyPEM  []byte // the private key, PEM-encoded (PKCS #8)
}

// NewCA makes a certificate authority named name.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("making the CA's key: %w", err)
	}
	tmpl := template(pkix.Name{CommonName: name, Organization: []string{"gRPC workshop (development only)"}})
	tmpl.IsCA = true
	tmpl.BasicConstraintsValid = true
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("signing the CA's certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{cert: cert, key: key, CertPEM: pemBlock("CERTIFICATE", der)}, nil
}

// Pool returns a certificate pool holding only this CA: a tls.Config's
// RootCAs (a client trusting the server) or ClientCAs (a server trusting
// its clients).
func (ca *CA) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	return pool
}

// Server makes a server certificate for hosts, each a DNS name
// ("localhost") or an IP address ("127.0.0.1"). They go into the
// certificate's Subject Alternative Names (SANs), the only names a Go,
// grpcurl or Python client checks: the certificate is valid for exactly the
// names a client may dial.
func (ca *CA) Server(hosts ...string) (*Cert, error) {
	if len(hosts) == 0 {
		return nil, fmt.Errorf("a server certificate needs at least one host name or IP address")
	}
	tmpl := template(pkix.Name{CommonName: hosts[0]})
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	return ca.sign(tmpl)
}

// LegacyServer makes a server certificate the old way, with its host name
// only in the subject's Common Name and no SANs. Go has refused such
// certificates since Go 1.15 ("x509: certificate relies on legacy Common
// Name field, use SANs instead"); lesson 11 shows the failure with it.
func (ca *CA) LegacyServer(host string) (*Cert, error) {
	tmpl := template(pkix.Name{CommonName: host})
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	return ca.sign(tmpl)
}

// Client makes a client certificate for mutual TLS whose subject's Common
// Name is name: the caller's identity, which the server reads from the
// verified certificate.
func (ca *CA) Client(name string) (*Cert, error) {
	tmpl := template(pkix.Name{CommonName: name})
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	return ca.sign(tmpl)
}

// TLS returns the certificate and key as a tls.Config wants them
// (Certificates), with its chain: the leaf, then the CA.
func (c *Cert) TLS() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{c.Leaf.Raw}, PrivateKey: c.key, Leaf: c.Leaf}
}

// template is what every certificate here has in common: a random serial
// number, a validity from an hour ago (clocks differ) for Lifetime, and the
// key usage of an ECDSA key.
func template(subject pkix.Name) *x509.Certificate {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand never fails on a supported platform
	}
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: serial,
		Subject:      subject,
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(Lifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
}

// sign makes a key for tmpl and signs its certificate with the CA.
func (ca *CA) sign(tmpl *x509.Certificate) (*Cert, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("making a key: %w", err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, fmt.Errorf("signing the certificate of %q: %w", tmpl.Subject.CommonName, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return &Cert{Leaf: leaf, key: key, CertPEM: pemBlock("CERTIFICATE", der), KeyPEM: pemBlock("PRIVATE KEY", keyDER)}, nil
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}
