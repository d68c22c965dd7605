package finished

import (
	"bytes"
	"log/slog"
	"net"
)

// LogNonGRPC wraps lis so that a connection that does not speak gRPC, such
// as an HTTP/1.1 request (curl http://localhost:50051, a browser), leaves a
// line in the log:
//
//	level=WARN msg="not a gRPC connection" remote=127.0.0.1:53122 start="GET / HTTP/1.1"
//
// grpc-go itself writes nothing there: it reads the first 24 bytes of each
// connection, which must be HTTP/2's connection preface ("PRI *
// HTTP/2.0..."), and closes any connection that begins otherwise, with a
// note only in its own debug log. The wrapper watches those bytes as grpc-go
// reads them (it reads nothing itself, and adds no delay), and logs the
// first line of what came instead.
//
// A connection that begins with a TLS handshake is not logged: on a TLS
// server those bytes are the TLS layer's to read, and the preface comes
// after it, inside the encrypted stream.
func LogNonGRPC(lis net.Listener, logger *slog.Logger) net.Listener {
	return prefaceListener{Listener: lis, logger: logger}
}

type prefaceListener struct {
	net.Listener
	logger *slog.Logger
}

func (l prefaceListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &prefaceConn{Conn: c, logger: l.logger}, nil
}

// prefaceConn compares the bytes read from it with HTTP/2's preface until
// they have all matched or one has not. grpc-go reads a connection from
// one goroutine only, so its fields need no lock.
type prefaceConn struct {
	net.Conn
	logger  *slog.Logger
	matched int  // how many bytes of the preface have come so far
	done    bool // all of it came, or something else did
}

func (c *prefaceConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if !c.done && n > 0 {
		c.check(p[:n])
	}
	return n, err
}

// tlsHandshake is the first byte of a TLS record that starts a handshake.
const tlsHandshake = 0x16

func (c *prefaceConn) check(got []byte) {
	if c.matched == 0 && got[0] == tlsHandshake {
		c.done = true
		return
	}
	want := clientPreface[c.matched:]
	k := min(len(got), len(want))
	if string(got[:k]) != want[:k] {
		c.done = true
		// What came: what matched so far, then these bytes, up to the end
		// of the first line (or 80 bytes), as a request line shows it.
		start := append([]byte(clientPreface[:c.matched]), got...)
		if i := bytes.IndexAny(start, "\r\n"); i >= 0 {
			start = start[:i]
		}
		if len(start) > 80 {
			start = start[:80]
		}
		c.logger.Warn("not a gRPC connection", "remote", c.RemoteAddr().String(), "start", string(start))
		return
	}
	c.matched += k
	c.done = c.matched == len(clientPreface)
}

// clientPreface is how every HTTP/2 connection begins (RFC 9113, section
// 3.4), and so every gRPC connection.
const clientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
