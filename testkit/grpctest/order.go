package grpctest

import (
	"context"
	"sync"

	"google.golang.org/grpc"
)

// Order records the order in which a call goes through the layers of an
// interceptor chain, for a test that checks the chain: put Order's
// interceptors between the layers, each named after the layer it stands
// before, and Record in the handler. Safe for concurrent use.
type Order struct {
	mu    sync.Mutex
	names []string
}

// Record appends name to the order, such as "handler" from a handler.
func (o *Order) Record(name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.names = append(o.names, name)
}

// Take returns the names recorded since the last Take, and forgets them.
func (o *Order) Take() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	names := o.names
	o.names = nil
	return names
}

// Unary returns a unary interceptor that records name and calls the next
// layer.
func (o *Order) Unary(name string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		o.Record(name)
		return handler(ctx, req)
	}
}

// Stream returns a stream interceptor that records name and calls the next
// layer.
func (o *Order) Stream(name string) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		o.Record(name)
		return handler(srv, ss)
	}
}
