// Command secureserver serves the post's gRPCRouteFuncs over TLS with the
// lesson's authentication and policy: tokens alice-token and bob-token, or,
// with -tls-client-ca, client certificates (mutual TLS). `go tool task
// certs` writes the files it needs into .certs at the repository's root.
//
// It also serves reflection, so that grpcurl needs no .proto file;
// reflection is a streaming rpc, and the lesson's interceptors are unary
// ones, so it needs no token (see the README).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"net"
	"os"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/reflection"

	security "grpcworkshop/lessons/11-security"
)

var (
	addr     = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	certFile = flag.String("tls-cert", "../../.certs/server.pem", "the server's PEM certificate")
	keyFile  = flag.String("tls-key", "../../.certs/server.key", "the server's PEM private key")
	clientCA = flag.String("tls-client-ca", "", "mutual TLS: accept only clients with a certificate signed by this PEM CA (../../.certs/ca.pem)")
)

func main() {
	flag.Parse()
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		log.Fatalf("loading the server's certificate (go tool task certs makes one): %v", err)
	}
	var creds credentials.TransportCredentials
	if *clientCA == "" {
		creds = security.ServerTLS(cert)
	} else {
		pem, err := os.ReadFile(*clientCA)
		if err != nil {
			log.Fatal(err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			log.Fatalf("%s holds no PEM certificate", *clientCA)
		}
		creds = security.ServerMutualTLS(cert, pool)
	}
	srv, err := security.NewServer(creds, security.DevTokens)
	if err != nil {
		log.Fatal(err)
	}
	reflection.Register(srv)

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())
	if err := srv.Serve(lis); err != nil {
		log.Fatal(err)
	}
}
