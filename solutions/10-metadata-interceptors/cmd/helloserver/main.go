// Command helloserver serves lesson 10's HelloService, with health checks
// and reflection, until Ctrl-C or SIGTERM. Its first line on stderr is
// "listening on HOST:PORT".
//
// -chain picks what runs around the handlers:
//
//	none     part 1: no interceptor; SayHello and BidiHello echo the request
//	         id and send the trailer x-reply-count themselves
//	hand     part 2: the finished HelloService behind this lesson's Chain
//	         (request id, token check), written by hand (the default)
//	library  part 3: the same behind LibraryChain, built with
//	         go-grpc-middleware: recovery, request id, a log line per call
//	         on stderr, token check
//
// With hand and library, every call but health and reflection needs the
// metadata "authorization: bearer TOKEN", with -token's TOKEN.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"

	"grpcworkshop/finished"
	finishedhello "grpcworkshop/finished/hello"
	hello "grpcworkshop/solutions/10-metadata-interceptors"
)

var (
	addr  = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	chain = flag.String("chain", "hand", "interceptors: none, hand or library")
	token = flag.String("token", "workshop-token", "the token calls must send as the metadata authorization: bearer TOKEN")
)

func main() {
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	var srv *grpc.Server
	switch *chain {
	case "none":
		srv = hello.NewServer(hello.HelloServer{})
	case "hand":
		srv = hello.NewServer(finishedhello.HelloServer{}, hello.ServerOptions(hello.Chain(*token))...)
	case "library":
		srv = hello.NewServer(finishedhello.HelloServer{}, hello.ServerOptions(hello.LibraryChain(*token, logger))...)
	default:
		fmt.Fprintf(os.Stderr, "helloserver: -chain %q: want none, hand or library\n", *chain)
		os.Exit(2)
	}
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "helloserver: unexpected argument %q: helloserver takes only flags\n", flag.Arg(0))
		os.Exit(2)
	}

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
