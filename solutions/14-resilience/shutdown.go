package resilience

import (
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
)

// Shutdown stops srv in a way that cannot hang: it sets every service of
// hs NOT_SERVING, so that health-checking clients and load balancers send
// no new calls, then stops gracefully (calls in flight run to their end),
// and after deadline cuts off whatever still runs. It returns once srv has
// stopped.
//
// The finished server does the same in finished.Serve, and on a second
// Ctrl-C too.
func Shutdown(srv *grpc.Server, hs *health.Server, deadline time.Duration) {
	// START shutdown OMIT
	hs.Shutdown() // NOT_SERVING, for every service, from now on
	stopped := make(chan struct{})
	go func() {
		srv.GracefulStop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(deadline):
		srv.Stop() // closes every connection; GracefulStop returns too
		<-stopped
	}
	// END shutdown OMIT
}
