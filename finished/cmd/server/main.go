// Command server is the workshop's finished gRPC server: the blog post's
// gRPCRouteFuncs service (sum and multiply) and all four rpcs of
// hello.v1.HelloService, with health checks and reflection, until Ctrl-C or
// SIGTERM stops it gracefully.
//
// It takes the flags of lesson 3's aggserver, and behaves the same way. Its
// first line on stderr is "listening on HOST:PORT", with the address it
// really got, so scripts can start it with -addr 127.0.0.1:0 and read the
// port. After that it logs one line per call, streaming calls included
// (when they end).
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"

	"grpcworkshop/finished"
	aggserver "grpcworkshop/solutions/03-unary-server"
)

var (
	addr       = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	reflection = flag.Bool("reflection", true, "serve the reflection API, so tools such as grpcurl need no .proto files")
)

func main() {
	flag.Parse()
	// No timestamps or prefix: the first line must read exactly
	// "listening on HOST:PORT".
	log.SetFlags(0)

	// ctx is canceled by the first Ctrl-C (SIGINT) or SIGTERM; Serve then
	// stops gracefully, waiting for the calls in flight, streams included.
	// Calling stop puts the default handling back, so a second Ctrl-C ends
	// the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)

	lis, err := aggserver.Listen(*addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", lis.Addr())

	srv := finished.NewGRPCServer(aggserver.Options{Logger: log.Default(), NoReflection: !*reflection})
	if err := aggserver.Serve(ctx, srv, lis); err != nil {
		log.Fatal(err)
	}
	log.Print("stopped")
}
