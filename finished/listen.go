package finished

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// Listen opens a TCP listener on addr: host:port, such as "localhost:50051",
// or "127.0.0.1:0" for any free port (the listener's Addr says which).
//
// Its errors say what to do in one line. When another program holds the
// port, the error names both ways to pick another, the flag and the Task
// variable, so that the advice works as printed whichever way the server
// was started:
//
//	127.0.0.1:50051 is already in use (another server still running?): stop it, or pick another address: -addr 127.0.0.1:50052 (go tool task serve ADDR=127.0.0.1:50052)
//
// errors.Is(err, syscall.EADDRINUSE) still reports that case.
func Listen(addr string) (net.Listener, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("cannot listen on %q: want host:port, such as localhost:50051, or 127.0.0.1:0 for any free port", addr)
	}
	lis, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, addrInUseError{addr: addr, err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return lis, nil
}

// addrInUseError is Listen's error for a port another program holds.
type addrInUseError struct {
	addr string
	err  error // net.Listen's, which wraps syscall.EADDRINUSE
}

func (e addrInUseError) Error() string {
	next := NextAddr(e.addr)
	return fmt.Sprintf("%s is already in use (another server still running?): stop it, or pick another address: -addr %s (go tool task serve ADDR=%s)", e.addr, next, next)
}

func (e addrInUseError) Unwrap() error { return e.err }

// NextAddr is the address to suggest when addr is taken: the next port, on
// the loopback address unless addr names an IP address (127.0.0.1:50052 for
// localhost:50051); or 127.0.0.1:0, any free port, when there is no next.
// The hello programs (package hellocmd) suggest it too.
func NextAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	p, err2 := strconv.Atoi(port)
	if err != nil || err2 != nil || p < 1 || p >= 65535 {
		return "127.0.0.1:0"
	}
	if net.ParseIP(host) == nil {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(p+1))
}
