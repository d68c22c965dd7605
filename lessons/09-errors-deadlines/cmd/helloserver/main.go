// Command helloserver serves lesson 9's HelloService, with reflection for
// grpcurl, until Ctrl-C or SIGTERM. Without -next it is the hello server,
// whose SayHello checks its greeting and works for -delay before it answers;
// with -next it is a relay, whose SayHello works for -delay and then asks
// the server at -next, passing the caller's deadline on.
//
//	helloserver -delay 200ms                                # the server, slow
//	helloserver -addr localhost:50052 -next localhost:50051 # a relay in front of it
//
// Its first line on stderr is "listening on HOST:PORT"; then one log line
// per SayHello call, with its status code and how long it took.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished"
	finishedhello "grpcworkshop/finished/hello"
	hello "grpcworkshop/lessons/09-errors-deadlines"
	hellov1 "grpcworkshop/proto/hello/v1"
)

var (
	addr  = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	delay = flag.Duration("delay", 0, "how long SayHello works before it answers (or, with -next, before it calls the next server)")
	next  = flag.String("next", "", "relay: the address of the HelloService to call, host:port; empty serves SayHello here")
)

func main() {
	flag.Parse()
	if flag.NArg() > 0 || *delay < 0 {
		fmt.Fprintln(os.Stderr, "helloserver: takes only flags, and a -delay of 0s or more")
		flag.Usage()
		os.Exit(2)
	}
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)

	var hs hellov1.HelloServiceServer = hello.HelloServer{Delay: *delay}
	if *next != "" {
		conn, err := grpc.NewClient(*next, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			fmt.Fprintf(os.Stderr, "helloserver: -next %s: %v\n", *next, err)
			os.Exit(2)
		}
		defer conn.Close()
		hs = hello.Relay{Next: hellov1.NewHelloServiceClient(conn), Delay: *delay}
	}

	lis, err := finished.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := finishedhello.NewGRPCServer(hs, grpc.ChainUnaryInterceptor(logCalls(logger)))
	if err := finished.Serve(srv, lis, signals, logger); err != nil {
		logger.Error("serving failed", "err", err)
		os.Exit(1)
	}
	logger.Info("stopped")
}

// logCalls logs each unary call as it ends: its method, status code and
// duration. A relay whose caller gave up shows DeadlineExceeded or Canceled
// here, and so does the server behind it.
func logCalls(logger *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		logger.Info("call", "method", info.FullMethod, "code", status.Code(err).String(), "took", time.Since(start).Round(time.Millisecond))
		return resp, err
	}
}
