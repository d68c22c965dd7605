package aggserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
	"time"

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
//
// How: once ctx is done, context.AfterFunc runs GracefulStop in a goroutine
// of its own. GracefulStop closes the listener, tells each client
// connection to start no new calls (an HTTP/2 GOAWAY) and blocks until the
// running calls return. srv.Serve sees the listener close but, because a
// stop was asked for, does not return until GracefulStop is done; then it
// returns nil (grpc-go's server.go: "Stop or GracefulStop called; block
// until done and return nil"; TestGracefulStop checks it). So when Serve
// returns, every call has finished. A production server would also give up
// after a while and call srv.Stop, as ServeWithGrace does: a call that
// never ends would keep GracefulStop waiting.
func Serve(ctx context.Context, srv *grpc.Server, lis net.Listener) error {
	stop := context.AfterFunc(ctx, srv.GracefulStop)
	defer stop() // Serve failed on its own: no stop to run later
	err := srv.Serve(lis)
	if ctx.Err() != nil && errors.Is(err, grpc.ErrServerStopped) {
		// ctx was done before srv.Serve began, so GracefulStop came
		// first: a clean stop all the same.
		return nil
	}
	return err
}

// ServeWithGrace is Serve with a limit on the graceful stop: when the calls
// in flight have not finished grace after ctx is done, it stops the server
// hard with srv.Stop, which closes every connection and cancels those calls.
// It is the README's "Going further" exercise.
func ServeWithGrace(ctx context.Context, srv *grpc.Server, lis net.Listener, grace time.Duration) error {
	stop := context.AfterFunc(ctx, func() {
		// Stop may run while GracefulStop waits: grpc-go allows it, and
		// GracefulStop then returns too.
		hard := time.AfterFunc(grace, srv.Stop)
		defer hard.Stop()
		srv.GracefulStop()
	})
	defer stop()
	return srv.Serve(lis)
}
