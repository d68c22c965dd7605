// Command helloserver serves lesson 16's hello.v2.HelloService, and
// hello.v1.HelloService for the clients that have not moved, with
// reflection, until Ctrl-C or SIGTERM. Its first line on stderr is
// "listening on HOST:PORT".
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"grpcworkshop/finished"
	evolution "grpcworkshop/solutions/16-api-evolution"
)

var addr = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")

func main() {
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "helloserver: unexpected argument %q: helloserver takes only flags\n", flag.Arg(0))
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := evolution.NewServer(&evolution.HelloServer{})

	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	lis, err := finished.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())
	if err := finished.Serve(srv, lis, signals, logger); err != nil {
		logger.Error("serving failed", "err", err)
		os.Exit(1)
	}
}
