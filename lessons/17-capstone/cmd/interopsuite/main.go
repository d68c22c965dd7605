// Command interopsuite runs the client-side cases of gRPC's interop suite
// with grpc-go's official interop client against a server, one line per
// case, and exits 1 when one fails.
//
//	interopsuite -addr localhost:50051
//	interopsuite -addr localhost:50051 -ca .certs/ca.pem -cases empty_unary,large_unary
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	capstone "grpcworkshop/lessons/17-capstone"
)

var (
	addr     = flag.String("addr", "localhost:50051", "the server's address, host:port")
	caFile   = flag.String("ca", "", "call over TLS, trusting this PEM CA certificate (the server's must be for localhost)")
	cases    = flag.String("cases", strings.Join(capstone.Cases, ","), "the cases to run, separated by commas")
	parallel = flag.Int("parallel", 4, "how many cases run at once")
)

func main() {
	flag.Parse()
	ctx := context.Background()
	client, err := capstone.InteropClient(ctx, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "interopsuite:", err)
		os.Exit(1)
	}
	results := capstone.RunAll(ctx, client, capstone.Target{Addr: *addr, CAFile: *caFile}, strings.Split(*cases, ","), *parallel)
	failed := 0
	for _, r := range results {
		fmt.Println(r)
		if r.Err != nil {
			failed++
		}
	}
	fmt.Printf("%d of %d cases pass\n", len(results)-failed, len(results))
	if failed > 0 {
		os.Exit(1)
	}
}
