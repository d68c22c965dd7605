// Command interopserver serves grpc.testing.TestService, the service of
// gRPC's interop suite, on the finished server's foundations: lesson 17's
// capstone. It takes the finished server's flags (-addr, -tls-cert and
// -tls-key, -otel, the limits, -shutdown-deadline, ...), and its first line
// on stderr is "listening on HOST:PORT".
//
// Point any language's interop client at it, for example grpc-go's:
//
//	go tool google.golang.org/grpc/interop/client --server_port=50051 --test_case=large_unary
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"grpcworkshop/finished"
	capstone "grpcworkshop/solutions/17-capstone"
)

var config = finished.Flags(flag.CommandLine)

func main() {
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "interopserver: unexpected argument %q: the server takes only flags\n", flag.Arg(0))
		os.Exit(2)
	}
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go finished.StopWhenOrphaned(signals)

	tlsOpts, err := config.TLS.ServerOptions()
	if err != nil {
		fmt.Fprintln(os.Stderr, "interopserver:", err)
		os.Exit(2)
	}
	lis, err := finished.Listen(config.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())

	srv := capstone.Build(config, os.Stderr, tlsOpts...)
	if err := srv.Serve(lis, signals); err != nil {
		srv.Logger.Error("serving failed", "err", err)
		srv.Close()
		os.Exit(1)
	}
	srv.Logger.Info("stopped")
	srv.Close()
}
