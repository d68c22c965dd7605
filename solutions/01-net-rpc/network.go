package calc

import (
	"errors"
	"net"
	"net/rpc"
	"time"
)

// Serve hands every connection that lis accepts to srv, each on its own
// goroutine, and returns nil once lis is closed. (rpc.Server.Accept does the
// same, but it logs an error when the listener closes, even on a clean stop.)
func Serve(lis net.Listener, srv *rpc.Server) error {
	for {
		conn, err := lis.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go srv.ServeConn(conn)
	}
}

// Dial connects to the RPC server at addr. timeout bounds the connection's
// whole life: connecting, and every call made on it. net/rpc calls take no
// deadline of their own, and a short-lived client like ours needs no more.
func Dial(addr string, timeout time.Duration) (*rpc.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		conn.Close()
		return nil, err
	}
	return rpc.NewClient(conn), nil
}
