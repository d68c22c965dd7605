// Package hellocmd is what the helloserver and helloclient programs of
// lessons 6 to 8 share: flags, listening, signals, printing. Each lesson's
// cmd/helloserver and cmd/helloclient is a main of a few lines that calls
// ServerMain or ClientMain with the lesson's own server or client function,
// so the programs behave the same in every lesson, and a lesson's code is
// only the rpc it teaches.
//
// The flags are parsed here rather than in each main, unlike grpc-go's
// examples: three copies of the same flags would drift apart.
package hellocmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished"
	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// defaultAddr is where helloserver listens and helloclient calls unless
// -addr says otherwise.
const defaultAddr = "localhost:50051"

// ServerMain is helloserver's main. It serves the HelloService that wrap
// returns, such as a lesson's server embedding hs, the finished server with
// the -replies and -interval of the command line. The first Ctrl-C (or
// SIGTERM) stops it gracefully, a second one at once. It exits with
// Server's status.
func ServerMain(wrap func(hs hello.HelloServer) hellov1.HelloServiceServer) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Once ctx is done, the default handling comes back: a second Ctrl-C
	// ends the program at once, cutting off the streams still running.
	context.AfterFunc(ctx, stop)
	os.Exit(Server(ctx, os.Args[1:], os.Stderr, wrap))
}

// Server runs helloserver with args, the command line without the
// program's name: it checks the flags, listens, and serves until ctx is
// done, then stops gracefully. Its first line on stderr is
// "listening on HOST:PORT"; then one line for each streaming call of
// HelloService as it ends:
//
//	/hello.v1.HelloService/LotsOfReplies Canceled 1.502s
//
// It returns the exit status: 0 once stopped, 1 when it cannot listen or
// serve, 2 for bad arguments (with the reason and the usage, and no server).
func Server(ctx context.Context, args []string, stderr io.Writer, wrap func(hs hello.HelloServer) hellov1.HelloServiceServer) int {
	fs := flag.NewFlagSet("helloserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", defaultAddr, "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	replies := fs.Int("replies", 3, fmt.Sprintf("how many replies LotsOfReplies sends, from 1 to %d, unless the call's metadata %s asks for another number", hello.MaxReplies, hello.RepliesKey))
	interval := fs.Duration("interval", 0, fmt.Sprintf("pause between two replies of LotsOfReplies, from 0s to %v, unless the call's metadata %s asks for another", hello.MaxInterval, hello.IntervalKey))
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "helloserver: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q: helloserver takes only flags", fs.Arg(0))
	}
	if *replies < 1 || *replies > hello.MaxReplies {
		return usageError("-replies %d: want a number from 1 to %d", *replies, hello.MaxReplies)
	}
	if *interval < 0 || *interval > hello.MaxInterval {
		return usageError("-interval %v: want a duration from 0s to %v, such as 500ms", *interval, hello.MaxInterval)
	}
	if err := checkAddr(*addr); err != nil {
		return usageError("%v", err)
	}

	logger := log.New(stderr, "", 0)
	lis, err := listen(*addr)
	if err != nil {
		logger.Printf("helloserver: %v", err)
		return 1
	}
	logger.Printf("listening on %s", lis.Addr())

	hs := hello.HelloServer{Replies: *replies, Interval: *interval}
	srv := hello.NewGRPCServer(wrap(hs), grpc.ChainStreamInterceptor(logStreams(logger)))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	select {
	case err := <-served:
		logger.Printf("helloserver: %v", err)
		return 1
	case <-ctx.Done():
	}
	logger.Print("stopping: waiting for the calls in flight (Ctrl-C again cuts them off)")
	// Serve returns once GracefulStop is done: every call has ended.
	srv.GracefulStop()
	if err := <-served; err != nil {
		logger.Printf("helloserver: %v", err)
		return 1
	}
	logger.Print("stopped")
	return 0
}

// parseStatus is the exit status for an error of flag.FlagSet.Parse, which
// has printed the error and the usage already: 0 for -h, 2 otherwise.
func parseStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// checkAddr reports whether addr has the form host:port, as -addr must.
func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %s: want host:port, such as localhost:50051 (%w)", addr, err)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("-addr %s: port %q is not a number from 0 to 65535", addr, port)
	}
	_ = host // an empty host listens on every interface; allowed, not advised
	return nil
}

// listen listens on addr. When another program has the port, it says so,
// and how to pick another.
func listen(addr string) (net.Listener, error) {
	lis, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is already in use (another server still running?): stop it, or pick another address: -addr %s (and give helloclient the same -addr)", addr, finished.NextAddr(addr))
	}
	return lis, err
}

// logStreams logs how each streaming call of HelloService ended, and after
// how long. (grpcurl's calls to the reflection service are streams too;
// they are left out.)
func logStreams(logger *log.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		err := handler(srv, ss)
		if strings.HasPrefix(info.FullMethod, "/hello.v1.HelloService/") {
			logger.Printf("%s %s %s", info.FullMethod, status.Code(err), time.Since(start).Round(time.Millisecond))
		}
		return err
	}
}
