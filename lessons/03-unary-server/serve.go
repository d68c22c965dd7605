package aggserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"

	"google.golang.org/grpc"
)

// Listen opens a TCP listener on addr, such as "localhost:50051" or
// "127.0.0.1:0" (port 0 asks the system for any free port; lis.Addr() then
// tells which one it gave).
//
// When another program holds the port, the error says what to do about it,
// both for this program and for the Taskfile's server:
//
//	localhost:50051 is already in use (another server still running?): stop it, or pick another address: -addr 127.0.0.1:50052 (go tool task serve ADDR=127.0.0.1:50052)
func Listen(addr string) (net.Listener, error) {
	lis, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		next := nextAddr(addr)
		return nil, fmt.Errorf("%s is already in use (another server still running?): stop it, or pick another address: -addr %s (go tool task serve ADDR=%s)",
			addr, next, next)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return lis, nil
}

// nextAddr suggests an address to try when addr is taken: the next port, on
// the loopback address when addr's host is a name such as "localhost".
func nextAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "127.0.0.1:0"
	}
	p, err := strconv.Atoi(port)
	if err != nil || p <= 0 || p >= 65535 {
		return "127.0.0.1:0"
	}
	if net.ParseIP(host) == nil {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(p+1))
}

// Serve serves srv on lis until ctx is canceled, then stops gracefully: it
// refuses new connections and calls, lets the calls in flight finish, and
// only then returns. It returns nil after a graceful stop, or the error that
// made srv.Serve fail.
//
// main cancels ctx on Ctrl-C or SIGTERM. A server that just exited instead
// would cut off every call in flight.
func Serve(ctx context.Context, srv *grpc.Server, lis net.Listener) error {
	// TODO(step 6): this serves forever and ignores ctx. Make Serve stop
	// gracefully once ctx is done. Read "Graceful stop" in the README, and
	// the godoc of grpc.Server.Serve and grpc.Server.GracefulStop. Two
	// facts to build on:
	//   - srv.Serve blocks until the server stops, so something other than
	//     this goroutine must notice ctx.Done() and ask for the stop
	//     (another goroutine, or a function that context.AfterFunc runs);
	//   - once GracefulStop has been called, srv.Serve returns nil, and only
	//     after GracefulStop has finished waiting for the running calls
	//     (grpc-go's server.go: "Stop or GracefulStop called; block until
	//     done and return nil"). So Serve's own return is still the moment
	//     to return, with its error.
	return srv.Serve(lis)
}
