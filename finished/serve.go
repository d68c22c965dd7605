package finished

import (
	"errors"
	"log/slog"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
)

// Echo is how soon after the first stop signal a second one counts as the
// same. One Ctrl-C can arrive twice: the terminal sends it to every process
// of the command, and `go tool`, which runs the server as `go tool server`,
// passes on every signal it gets to the program it runs.
const Echo = 500 * time.Millisecond

// Serve serves srv on lis until a signal (os.Interrupt, syscall.SIGTERM:
// whatever the caller asked signal.Notify for) arrives on signals, then
// stops gracefully: srv refuses new connections and calls, and the calls in
// flight, streams included, run to their end. A second signal, more than
// Echo after the first, stops srv at once: Stop closes every connection and
// the calls still running end with UNAVAILABLE.
//
// Serve returns nil once srv has stopped, or the error that made it fail.
// logger says when each stop begins.
func Serve(srv *grpc.Server, lis net.Listener, signals <-chan os.Signal, logger *slog.Logger) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	var first time.Time // when the graceful stop began
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
				logger.Info("stopping gracefully: waiting for the calls in flight (signal again to cut them off)", "signal", sig.String())
				// GracefulStop blocks until the calls in flight have
				// ended; meanwhile this loop listens for a second signal.
				go srv.GracefulStop()
			case time.Since(first) > Echo:
				logger.Info("stopping now: cutting off the calls in flight", "signal", sig.String())
				srv.Stop()
			}
		}
	}
}
