// Package grpctest starts gRPC servers and clients for tests.
//
// Every helper ties what it starts to the test: t.Cleanup stops servers and
// closes connections, so a test never leaks a goroutine or a port. Servers
// listen on 127.0.0.1:0 (a free loopback port) or on bufconn, an in-memory
// listener, never on a fixed port.
package grpctest

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"grpcworkshop/testkit"
)

// Start serves srv on a free loopback port and returns its address, such as
// "127.0.0.1:41234". When the test ends, t.Cleanup stops srv and reports an
// error if Serve failed.
func Start(t testing.TB, srv *grpc.Server) string {
	t.Helper()
	lis := testkit.Listen(t)
	serve(t, srv, lis)
	return lis.Addr().String()
}

// StartBufconn serves srv on an in-memory listener and returns a client
// connection to it. No socket is opened, so nothing else on the machine can
// interfere. t.Cleanup closes the connection and stops srv.
func StartBufconn(t testing.TB, srv *grpc.Server) *grpc.ClientConn {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	serve(t, srv, lis)
	// "passthrough:///" hands the name to the dialer as it is, without a DNS
	// lookup: there is no host called "bufnet".
	return Dial(t, "passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			return lis.DialContext(ctx)
		}))
}

// serve runs srv.Serve(lis) in a goroutine until the test ends.
func serve(t testing.TB, srv *grpc.Server, lis net.Listener) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	t.Cleanup(func() {
		srv.Stop()
		// Serve returns nil after Stop, or ErrServerStopped when Stop came
		// first (a short test); anything else went wrong earlier.
		if err := <-errc; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			t.Errorf("grpc Server.Serve: %v", err)
		}
	})
}

// Dial returns a plaintext client connection to target (an address such as
// "127.0.0.1:41234"). Like grpc.NewClient, it does not connect yet: the first
// RPC does. t.Cleanup closes the connection.
func Dial(t testing.TB, target string, opts ...grpc.DialOption) *grpc.ClientConn {
	t.Helper()
	opts = append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)
	conn, err := grpc.NewClient(target, opts...)
	if err != nil {
		t.Fatalf("grpc.NewClient(%q): %v", target, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// ClosedAddr returns a loopback address where nothing listens, for testing
// what a client does when the server is down. It opens a free port and
// closes it again at once; another program could take the port in between,
// but on a test machine that is rare enough to ignore.
func ClosedAddr(t testing.TB) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("cannot listen on a loopback port: %v", err)
	}
	addr := lis.Addr().String()
	if err := lis.Close(); err != nil {
		t.Fatalf("closing %s: %v", addr, err)
	}
	return addr
}

// LockedBuffer is a bytes.Buffer that is safe for concurrent use: give it to
// a server as its log output, then read it from the test.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
