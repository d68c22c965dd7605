// Command certs writes a development PKI into a folder (.certs by default,
// which git ignores): a CA (ca.pem), a server certificate and key for
// localhost, 127.0.0.1 and ::1 (server.pem, server.key), and client
// certificates and keys for alice and bob (alice.pem, alice.key, bob.pem,
// bob.key). They are made in Go with crypto/x509 (package devcerts) and are
// valid for 30 days. `go tool task certs` runs it.
//
// For development only: the CA's key is thrown away, so nothing else can
// be signed with it, but anyone who can read the folder can act as the
// server or as alice.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"grpcworkshop/finished/devcerts"
)

var (
	dir  = flag.String("dir", ".certs", "folder to write the certificates and keys into")
	keep = flag.Bool("keep", false, "leave the folder as it is when it already holds a full set valid for another day")
)

func main() {
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "certs: unexpected argument %q: certs takes only flags\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if *keep && devcerts.CheckDir(*dir, time.Now().Add(24*time.Hour)) == nil {
		fmt.Printf("certs: %s already holds a valid set (go tool task certs makes a new one)\n", *dir)
		return
	}
	if err := devcerts.WriteDir(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "certs:", err)
		os.Exit(1)
	}
	fmt.Printf("certs: wrote %s: CA %s, server %s and %s (for localhost, 127.0.0.1, ::1), clients alice and bob\n",
		*dir, devcerts.CAFile, devcerts.ServerCert, devcerts.ServerKey)
}
