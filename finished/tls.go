package finished

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// TLSFiles names the PEM files of the server's TLS. Cert and Key are the
// server's certificate and private key; ClientCA, when set, is the
// certificate of the CA whose clients the server accepts, which turns on
// mutual TLS: a client must then show a certificate signed by it.
// `go tool task certs` writes a development set of them into .certs.
type TLSFiles struct {
	Cert, Key string
	ClientCA  string
}

// AddFlags declares the flags -tls-cert, -tls-key and -tls-client-ca on fs,
// into f. They are empty by default: plaintext, for loopback.
func (f *TLSFiles) AddFlags(fs *flag.FlagSet) {
	fs.StringVar(&f.Cert, "tls-cert", "", "serve TLS with this PEM certificate (with -tls-key; go tool task certs writes .certs/server.pem)")
	fs.StringVar(&f.Key, "tls-key", "", "the PEM private key of -tls-cert (.certs/server.key)")
	fs.StringVar(&f.ClientCA, "tls-client-ca", "", "mutual TLS: accept only clients with a certificate signed by this PEM CA (.certs/ca.pem)")
}

// On reports whether f asks for TLS: a certificate, a key or a client CA.
func (f TLSFiles) On() bool {
	return f.Cert != "" || f.Key != "" || f.ClientCA != ""
}

// ServerOptions returns the server options that serve TLS with f's files
// (grpc.Creds with credentials.NewTLS), none when f is off, or ServerTLS's
// error.
func (f TLSFiles) ServerOptions() ([]grpc.ServerOption, error) {
	if !f.On() {
		return nil, nil
	}
	cfg, err := ServerTLS(f)
	if err != nil {
		return nil, err
	}
	return []grpc.ServerOption{grpc.Creds(credentials.NewTLS(cfg))}, nil
}

// ServerTLS loads files into the tls.Config of a TLS server (Options.TLS):
// TLS 1.3 only and, with ClientCA, tls.RequireAndVerifyClientCert. Its
// errors name the file and the flag.
func ServerTLS(files TLSFiles) (*tls.Config, error) {
	if files.Cert == "" || files.Key == "" {
		return nil, fmt.Errorf("TLS needs both -tls-cert and -tls-key (go tool task certs writes development ones into .certs)")
	}
	pair, err := tls.LoadX509KeyPair(files.Cert, files.Key)
	if err != nil {
		return nil, fmt.Errorf("cannot load -tls-cert %s and -tls-key %s: %w", files.Cert, files.Key, err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS13}
	if files.ClientCA != "" {
		caPEM, err := os.ReadFile(files.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("cannot read -tls-client-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("-tls-client-ca %s holds no PEM certificate", files.ClientCA)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}

// PlaintextWarning returns the warning a server without TLS prints when it
// listens on addr, or "" when addr is a loopback address, which only this
// machine can reach. Anywhere else, plaintext lets anyone on the way read
// and change every call.
func PlaintextWarning(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("warning: serving plaintext on %s, which other machines can reach: anyone on the way can read and change the calls; serve TLS with -tls-cert and -tls-key (go tool task certs makes development ones)", addr)
}
