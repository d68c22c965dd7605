// Command interopref serves grpc-go's reference grpc.testing.TestService, the
// one grpc-go's own interop server (google.golang.org/grpc/interop/server)
// serves, on a loopback address: the server the Python interop client
// (python-client/interop) is checked against, next to lesson 17's capstone.
//
// grpc-go's interop server listens on every interface (":PORT") and logs
// its address only at grpclog's info level; this one listens on -addr and
// writes "listening on HOST:PORT" first on stderr, as every workshop server
// does, so a test can start it on 127.0.0.1:0 and read the port it got.
// It stops on SIGINT or SIGTERM.
//
//	go run ./tools/interopref -addr 127.0.0.1:10000
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/interop"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

var addr = flag.String("addr", "127.0.0.1:10000", "the address to listen on, host:port (port 0 picks a free one)")

func main() {
	flag.Parse()
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "interopref:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())

	srv := grpc.NewServer()
	testgrpc.RegisterTestServiceServer(srv, interop.NewTestServer())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		srv.GracefulStop()
	}()
	if err := srv.Serve(lis); err != nil {
		fmt.Fprintln(os.Stderr, "interopref:", err)
		os.Exit(1)
	}
}
