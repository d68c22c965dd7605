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
	"google.golang.org/grpc/credentials/insecure"
)

// ServerTLS returns the transport credentials of a TLS server that shows
// cert, its certificate and private key, to every client.
func ServerTLS(cert tls.Certificate) credentials.TransportCredentials {
	// TODO(step 1): serve TLS 1.3 with cert: credentials.NewTLS with a
	// tls.Config that holds the certificate and a minimum version. README:
	// "Step 1: TLS". Until then the server speaks plaintext.
	_ = cert
	return insecure.NewCredentials()
}

// ServerMutualTLS returns the transport credentials of a mutual TLS server:
// it shows cert, and accepts only clients that show a certificate signed by
// one of clientCAs.
func ServerMutualTLS(cert tls.Certificate, clientCAs *x509.CertPool) credentials.TransportCredentials {
	// TODO(step 2): as ServerTLS, and the server asks every client for a
	// certificate and checks it against clientCAs (tls.Config's ClientAuth
	// and ClientCAs). README: "Step 2: mutual TLS".
	_, _ = cert, clientCAs
	return insecure.NewCredentials()
}

// ClientTLS returns the transport credentials of a client that trusts the
// servers whose certificate one of roots signed, for the name it dials.
// With a cert, the client shows it when the server asks (mutual TLS).
func ClientTLS(roots *x509.CertPool, cert *tls.Certificate) credentials.TransportCredentials {
	// TODO(step 1): a TLS 1.3 client that trusts roots, and nothing else.
	// TODO(step 2): with a cert, the client's tls.Config holds it too.
	_, _ = roots, cert
	return insecure.NewCredentials()
}
