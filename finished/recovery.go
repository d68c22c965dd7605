package finished

import (
	"log/slog"
	"runtime/debug"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// recovered turns the panic p of call c into the call's status, INTERNAL,
// after one ERROR line in the log with the panic's value and its stack.
// The layer (see calls) calls it from a deferred function, which still
// runs on the goroutine that panicked: debug.Stack shows where.
//
// Without it, a panic in any handler or interceptor ends the whole
// process, and every other call with it. The layer is outermost, so it
// catches a panic in the interceptors and in decoding the request too.
//
// The client gets no detail of the panic (it may hold data that is not the
// client's), only the request id to quote, which finds the line in the log:
//
//	internal error (request id 3f9a1c2e-42): the server logged the details
//
// A panic in a goroutine the handler started is not caught: recover works
// only in the goroutine that panics.
func (l calls) recovered(c *call, p any) error {
	l.panics.LogAttrs(c, slog.LevelError, "panic",
		slog.String("method", c.method),
		slog.Any("panic", p),
		slog.String("stack", string(debug.Stack())))
	return status.Errorf(codes.Internal, "internal error (request id %s): the server logged the details", c.id)
}
