package perf

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"

	"grpcworkshop/finished"
	"grpcworkshop/testkit"
)

// server is the finished server (finished.New) on a free loopback port,
// with counts of what it saw.
type server struct {
	addr    string
	conns   atomic.Int64 // connections accepted
	unary   atomic.Int64 // unary calls
	streams atomic.Int64 // streaming calls
}

// startServer starts the finished server with opts added to its own (they
// win where both set the same thing) and stops it when the test ends.
func startServer(t testing.TB, opts ...grpc.ServerOption) *server {
	t.Helper()
	s := &server{}
	count := []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
			s.unary.Add(1)
			return handler(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
			s.streams.Add(1)
			return handler(srv, ss)
		}),
	}
	srv := finished.New(finished.Options{ServerOptions: append(count, opts...)})
	lis := countingListener{Listener: testkit.Listen(t), n: &s.conns}
	s.addr = lis.Addr().String()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	t.Cleanup(func() {
		srv.Stop()
		if err := <-served; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// newClient returns NewClient(addr, opts...), closed when the test ends.
func newClient(t testing.TB, addr string, opts ...grpc.DialOption) *Client {
	t.Helper()
	c, err := NewClient(addr, opts...)
	if err != nil {
		t.Fatalf("NewClient(%q): %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// wireBytes is a client's stats handler (grpc.WithStatsHandler) that adds
// up the size of the messages it sends and receives, before compression
// (raw) and on the wire (compressed, with gRPC's 5-byte frame header).
type wireBytes struct {
	sentRaw, sentWire, receivedRaw, receivedWire atomic.Int64
	sentMessages                                 atomic.Int64
}

// perMessage returns the bytes on the wire, both ways, per message sent.
func (w *wireBytes) perMessage() float64 {
	return float64(w.sentWire.Load()+w.receivedWire.Load()) / float64(w.sentMessages.Load())
}

func (w *wireBytes) HandleRPC(_ context.Context, s stats.RPCStats) {
	switch s := s.(type) {
	case *stats.OutPayload:
		w.sentRaw.Add(int64(s.Length))
		w.sentWire.Add(int64(s.WireLength))
		w.sentMessages.Add(1)
	case *stats.InPayload:
		w.receivedRaw.Add(int64(s.Length))
		w.receivedWire.Add(int64(s.WireLength))
	}
}

func (w *wireBytes) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (w *wireBytes) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (w *wireBytes) HandleConn(context.Context, stats.ConnStats)                       {}
