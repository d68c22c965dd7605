// Package security serves the blog post's gRPCRouteFuncs (sum and multiply,
// finished/aggfunc) the way a production server does: over TLS, then mutual
// TLS, with a token on every call, the caller's identity read from the
// connection or the token, and an authorization policy that lets alice
// multiply and not bob. See README.md.
package security

import (
	"crypto/tls"
	"crypto/x509"

	"google.golang.org/grpc/credentials"
)

// ServerTLS returns the transport credentials of a TLS server that shows
// cert, its certificate and private key, to every client.
func ServerTLS(cert tls.Certificate) credentials.TransportCredentials {
	// START servertls OMIT
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS13,
	})
	// END servertls OMIT
}

// ServerMutualTLS returns the transport credentials of a mutual TLS server:
// it shows cert, and accepts only clients that show a certificate signed by
// one of clientCAs.
func ServerMutualTLS(cert tls.Certificate, clientCAs *x509.CertPool) credentials.TransportCredentials {
	// START mutualtls OMIT
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    clientCAs,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS13,
	})
	// END mutualtls OMIT
}

// ClientTLS returns the transport credentials of a client that trusts the
// servers whose certificate one of roots signed, for the name it dials.
// With a cert, the client shows it when the server asks (mutual TLS).
func ClientTLS(roots *x509.CertPool, cert *tls.Certificate) credentials.TransportCredentials {
	// START clienttls OMIT
	cfg := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	return credentials.NewTLS(cfg)
	// END clienttls OMIT
}

// ReloadingServerTLS returns the transport credentials of a TLS server that
// asks load for its certificate at every handshake, so that a renewed
// certificate is served from the next connection on, without a restart
// (Going further).
func ReloadingServerTLS(load func() (*tls.Certificate, error)) credentials.TransportCredentials {
	return credentials.NewTLS(&tls.Config{
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return load() },
		MinVersion:     tls.VersionTLS13,
	})
}
