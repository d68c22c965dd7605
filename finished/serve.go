package finished

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
)

// Echo is how soon after the first stop signal a second one counts as the
// same. One Ctrl-C can arrive twice: the terminal sends it to every process
// of the command, and `go tool`, which runs the server as `go tool server`,
// passes on every signal it gets to the program it runs.
const Echo = 500 * time.Millisecond

// DefaultShutdownDeadline is how long Serve's graceful stop may last when
// Options.ShutdownDeadline says nothing: well under the 30 seconds
// Kubernetes waits after its SIGTERM before it kills a pod.
const DefaultShutdownDeadline = 10 * time.Second

// FlagShutdownDeadline is the flag of cmd/server that sets
// Options.ShutdownDeadline.
const FlagShutdownDeadline = "shutdown-deadline"

// Serve serves srv on lis until a signal (os.Interrupt, syscall.SIGTERM:
// whatever the caller asked signal.Notify for) arrives on signals, then
// stops gracefully:
//
//  1. the health service answers NOT_SERVING at once, for the server and
//     every service, so that a load balancer sends no new calls;
//  2. srv refuses new connections and calls, and the calls in flight,
//     streams included, run to their end (GracefulStop);
//  3. if some still run after the shutdown deadline (Options.ShutdownDeadline,
//     DefaultShutdownDeadline for a server New did not make), Stop cuts them
//     off: it closes every connection, and each call still running ends with
//     UNAVAILABLE on its client. A stream that never ends cannot keep the
//     server from stopping.
//
// A second signal, more than Echo after the first, cuts them off at once.
//
// Serve returns nil once srv has stopped, or the error that made it fail.
// logger says when each stop begins, and how many calls a stop cut off.
func Serve(srv *grpc.Server, lis net.Listener, signals <-chan os.Signal, logger *slog.Logger) error {
	st := stopperOf(srv)
	defer stoppers.Delete(srv)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	var first time.Time           // when the graceful stop began
	var deadline <-chan time.Time // fires when the graceful stop has lasted too long
	cut := func(msg string, attrs ...any) {
		logger.Info(msg, append(attrs, "calls", st.inFlight.Load())...)
		srv.Stop()
	}
	for {
		select {
		case err := <-served:
			// srv.Serve returns once the stop is done; it returns
			// ErrServerStopped instead when the stop came before it began.
			if !first.IsZero() && errors.Is(err, grpc.ErrServerStopped) {
				return nil
			}
			return err
		case sig := <-signals:
			switch {
			case first.IsZero():
				first = time.Now()
				if st.health != nil {
					st.health.Shutdown() // NOT_SERVING, for every service
				}
				logger.Info("stopping gracefully: waiting for the calls in flight (signal again to cut them off)",
					"signal", sig.String(), "calls", st.inFlight.Load(), "deadline", st.deadline)
				deadline = time.After(st.deadline)
				// GracefulStop blocks until the calls in flight have
				// ended; meanwhile this loop listens for a second signal
				// and the deadline.
				go srv.GracefulStop()
			case time.Since(first) > Echo:
				cut("stopping now: cutting off the calls in flight", "signal", sig.String())
			}
		case <-deadline:
			cut("shutdown deadline passed: cutting off the calls in flight", "deadline", st.deadline)
		}
	}
}

// stopper is what Serve needs to stop a server New made: its health
// service, its shutdown deadline, and how many calls it has in flight.
type stopper struct {
	health   *health.Server
	deadline time.Duration
	inFlight atomic.Int64
}

// stoppers holds the stopper of each server New made (*grpc.Server to
// *stopper), until Serve returns. A grpc.Server keeps no value of ours, and
// Serve takes just the server, so New leaves them here.
var stoppers sync.Map

// stopperOf returns srv's stopper, or one with the default deadline for a
// server New did not make.
func stopperOf(srv *grpc.Server) *stopper {
	if st, ok := stoppers.Load(srv); ok {
		return st.(*stopper)
	}
	return &stopper{deadline: DefaultShutdownDeadline}
}

// count returns the interceptors that keep st.inFlight: the number of
// calls whose handlers run.
func (st *stopper) count() (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	unary := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		st.inFlight.Add(1)
		defer st.inFlight.Add(-1)
		return handler(ctx, req)
	}
	stream := func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		st.inFlight.Add(1)
		defer st.inFlight.Add(-1)
		return handler(srv, ss)
	}
	return unary, stream
}
