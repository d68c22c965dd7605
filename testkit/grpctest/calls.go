package grpctest

import (
	"context"
	"sync"
	"time"

	"google.golang.org/grpc"
)

// UnaryCall is one unary call as the server saw it: when its handler began,
// the deadline its context carried, and, once Done is closed, when and how
// the handler returned.
type UnaryCall struct {
	// Method is the full method name, such as "/hello.v1.HelloService/SayHello".
	Method string
	// Started is when the handler began.
	Started time.Time
	// Deadline is the deadline of the handler's context; HasDeadline is false
	// when the call came without one.
	Deadline    time.Time
	HasDeadline bool

	done  chan struct{}
	mu    sync.Mutex
	ended time.Time
	err   error
}

// Done is closed as soon as the handler has returned.
func (c *UnaryCall) Done() <-chan struct{} { return c.done }

// End reports when the handler returned and what it returned (nil for OK).
// It is only meaningful once Done is closed.
func (c *UnaryCall) End() (time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended, c.err
}

// UnaryCalls records every unary call a server starts. A test uses it to see
// what a handler received (its deadline) and to check that it returned, and
// how soon, for example after the client canceled: a handler that went on
// working for a caller who has gone is work, and a goroutine, for nothing.
type UnaryCalls struct {
	started chan *UnaryCall
}

// TrackCalls returns a UnaryCalls and the server option that feeds it. Pass
// the option to the server under test:
//
//	calls, track := grpctest.TrackCalls()
//	conn := grpctest.StartBufconn(t, grpc.NewServer(track))
//	...
//	call, ok := calls.Next(5 * time.Second)
//	<-call.Done()
//
// It keeps the last 1000 calls that nobody has taken with Next yet; tests
// need far fewer.
func TrackCalls() (*UnaryCalls, grpc.ServerOption) {
	c := &UnaryCalls{started: make(chan *UnaryCall, 1000)}
	track := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		call := &UnaryCall{Method: info.FullMethod, Started: time.Now(), done: make(chan struct{})}
		call.Deadline, call.HasDeadline = ctx.Deadline()
		select {
		case c.started <- call:
		default: // full: nobody is reading, so drop it rather than block the server
		}
		resp, err := handler(ctx, req)
		call.mu.Lock()
		call.ended, call.err = time.Now(), err
		call.mu.Unlock()
		close(call.done)
		return resp, err
	}
	// Chain (rather than UnaryInterceptor) so that other options may add
	// interceptors too.
	return c, grpc.ChainUnaryInterceptor(track)
}

// Next waits until a unary handler begins, at most timeout, and returns its
// call. ok is false when none began in time.
func (c *UnaryCalls) Next(timeout time.Duration) (call *UnaryCall, ok bool) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case call := <-c.started:
		return call, true
	case <-timer.C:
		return nil, false
	}
}

// Started delivers each call as its handler begins, the same calls as
// Next: for a select that also waits for something else, such as the
// client's call ending first.
func (c *UnaryCalls) Started() <-chan *UnaryCall { return c.started }

// Pending reports how many calls have begun that nobody has taken with Next.
func (c *UnaryCalls) Pending() int { return len(c.started) }
