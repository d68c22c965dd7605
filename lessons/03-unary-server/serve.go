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
// When another program holds the port, the error says what to do about it:
//
//	cannot listen on localhost:50051: address already in use; stop the other server or pick another address with -addr 127.0.0.1:50052
func Listen(addr string) (net.Listener, error) {
	lis, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		// The advice goes after the cause, so %w sits in the middle here.
		// errors.Is(err, syscall.EADDRINUSE) still works for callers.
		return nil, fmt.Errorf("cannot listen on %s: %w; stop the other server or pick another address with -addr %s",
			addr, syscall.EADDRINUSE, nextAddr(addr))
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
	// TODO(step 6): this serves forever and ignores ctx. Instead:
	//   - run srv.Serve(lis) in a goroutine that sends its error on a
	//     channel (make it buffered, so the goroutine never gets stuck);
	//   - select on that channel and on ctx.Done();
	//   - when ctx is done, call srv.GracefulStop(). It closes the listener,
	//     refuses new calls and returns once the running calls are done.
	//     srv.Serve returns nil as soon as the listener closes, before the
	//     calls finish, so wait for GracefulStop, then return Serve's error.
	return srv.Serve(lis)
}
