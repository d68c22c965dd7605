//go:build further

package hello

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/testkit/grpctest"
)

// Going further (README): the relay keeps some of its caller's time to
// answer in (Relay.Reserve).

func TestFurtherReserve(t *testing.T) {
	const reserve = 500 * time.Millisecond

	t.Run("the next server gets an earlier deadline", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, _, downCalls := startRelay(t, Relay{Reserve: reserve}, HelloServer{})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		deadline, _ := ctx.Deadline()
		if resp, err := client.SayHello(ctx, hi); err != nil || !strings.HasPrefix(resp.GetReply(), "relayed: ") {
			t.Fatalf("SayHello through a relay with a Reserve of %v = %q, %v; want a relayed reply", reserve, resp.GetReply(), err)
		}
		down := nextCall(t, downCalls, "the server behind the relay", "Relay.SayHello in relay.go")
		if early := deadline.Sub(down.Deadline); !down.HasDeadline || early < reserve-transit {
			t.Errorf("the server behind the relay got a deadline %v before the caller's (has one: %v); want %v before: the relay keeps Reserve for itself", early.Round(time.Millisecond), down.HasDeadline, reserve)
		}
	})

	t.Run("no time left: no call", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, _, downCalls := startRelay(t, Relay{Reserve: reserve}, HelloServer{})
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		deadline, _ := ctx.Deadline()
		_, err := client.SayHello(ctx, hi)
		if status.Code(err) != codes.DeadlineExceeded || !time.Now().Before(deadline) {
			t.Errorf("a 300ms call through a relay with a Reserve of %v ended with %v; want DeadlineExceeded from the relay at once, before the caller's own deadline", reserve, err)
		}
		if n := downCalls.Pending(); n != 0 {
			t.Errorf("the relay called the server behind it %d times; want none: less than Reserve is left, so the answer could not arrive in time", n)
		}
	})

	t.Run("no Reserve: the deadline as it is", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, _, downCalls := startRelay(t, Relay{}, HelloServer{})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		deadline, _ := ctx.Deadline()
		if _, err := client.SayHello(ctx, hi); err != nil {
			t.Fatalf("SayHello through a relay without Reserve: %v", err)
		}
		down := nextCall(t, downCalls, "the server behind the relay", "Relay.SayHello in relay.go")
		if early := deadline.Sub(down.Deadline); early > reserve/2 {
			t.Errorf("without Reserve, the server behind the relay got a deadline %v before the caller's; want the caller's", early.Round(time.Millisecond))
		}
	})
}
