package hello

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// transit is how much later than its caller's deadline a server's may be:
// a deadline travels as the time left ("grpc-timeout: 4999870u"), and the
// server counts it from when the call arrived. On bufconn that is well
// under a millisecond; the bound is generous so that a busy machine cannot
// fail the test.
const transit = 100 * time.Millisecond

// travel is the fix for a server behind the relay that stops late.
const travel = "call Next with the handler's own ctx, so that the end of the caller's call travels to it (see the TODO in Relay.SayHello in relay.go)"

// startRelay starts hs as the downstream server and a Relay in front of it,
// with the delays given, and returns a client of the relay and the records
// of both servers' calls.
func startRelay(t *testing.T, relay Relay, hs hellov1.HelloServiceServer) (hellov1.HelloServiceClient, *grpctest.UnaryCalls, *grpctest.UnaryCalls) {
	t.Helper()
	var relayCalls, downCalls *grpctest.UnaryCalls
	relay.Next, downCalls = startTracked(t, hs)
	client, relayCalls := startTracked(t, relay)
	return client, relayCalls, downCalls
}

func TestRelay(t *testing.T) {
	const todo = "see the TODO in Relay.SayHello in relay.go"
	t.Run("one hop fits", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, _, _ := startRelay(t, Relay{Delay: 20 * time.Millisecond}, HelloServer{Delay: 20 * time.Millisecond})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		resp, err := client.SayHello(ctx, hi)
		if want := "relayed: hello, you said: hi"; err != nil || resp.GetReply() != want {
			t.Fatalf("SayHello(\"hi\") through the relay = %q, %v; want %q, nil: ask Next, then prefix its reply (%s)", resp.GetReply(), err, want, todo)
		}
	})

	t.Run("errors come back with their details", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, _, _ := startRelay(t, Relay{}, HelloServer{})
		_, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: ""})
		if status.Code(err) != codes.InvalidArgument || len(FieldErrors(err)) != 1 {
			t.Fatalf("SayHello(\"\") through the relay failed with %v, field errors %q; want the server's InvalidArgument with its BadRequest: return Next's error as it is (%s)", err, FieldErrors(err), todo)
		}
	})
}

func TestRelayDeadlineTravels(t *testing.T) {
	const todo = "see the TODO in Relay.SayHello in relay.go"
	t.Run("the deadline", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, relayCalls, downCalls := startRelay(t, Relay{}, HelloServer{})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		deadline, _ := ctx.Deadline()
		if _, err := client.SayHello(ctx, hi); err != nil {
			t.Fatalf("SayHello through the relay: %v; want a reply (%s)", err, todo)
		}
		relayed := nextCall(t, relayCalls, "the relay", todo)
		down := nextCall(t, downCalls, "the server behind the relay", "call Next in Relay.SayHello in relay.go")
		if !relayed.HasDeadline {
			t.Fatalf("the relay's call had no deadline; the test gave it one")
		}
		if !down.HasDeadline {
			t.Fatalf("the server behind the relay got a call without a deadline, while the caller's had 5s; want the caller's deadline to travel on: call Next with the handler's own ctx, not a new one (%s)", todo)
		}
		if late := down.Deadline.Sub(deadline); late > transit {
			t.Errorf("the server behind the relay got a deadline %v later than the caller's; want no later: call Next with the handler's own ctx, not a fresh timeout (%s)", late.Round(time.Millisecond), todo)
		}
	})

	t.Run("a cancel", func(t *testing.T) {
		grpctest.NoLeaks(t, "relay.go")
		client, _, downCalls := startRelay(t, Relay{}, HelloServer{Delay: slow})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		errc := make(chan error, 1)
		go func() {
			_, err := client.SayHello(ctx, hi)
			errc <- err
		}()
		var down *grpctest.UnaryCall
		select {
		case down = <-downCalls.Started():
		case err := <-errc:
			t.Fatalf("SayHello through the relay ended with %v before the server behind it got a call; want the relay to call Next (%s)", err, todo)
		case <-time.After(5 * time.Second):
			t.Fatalf("the server behind the relay began no call within 5s; want the relay to call Next (%s)", todo)
		}
		cancel()
		canceled := time.Now()
		if err := <-errc; status.Code(err) != codes.Canceled {
			t.Errorf("the caller's call ended with %v; want Canceled", err)
		}
		// The relay's ctx ends with the caller's call; a call made with it
		// ends too, and the server behind the relay sees it canceled.
		if err := stopsPromptly(t, down, canceled, "the caller canceled", travel); status.Code(err) != codes.Canceled {
			t.Errorf("the server behind the relay returned %v; want Canceled (%s)", err, todo)
		}
	})
}

func TestRelayTwoSlowHops(t *testing.T) {
	const todo = "see the TODO in Relay.SayHello in relay.go"
	grpctest.NoLeaks(t, "relay.go")
	// The relay works 100ms, then the server behind it would work 400ms:
	// the caller's 300ms are not enough for both.
	client, relayCalls, downCalls := startRelay(t, Relay{Delay: 100 * time.Millisecond}, HelloServer{Delay: 400 * time.Millisecond})
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	deadline, _ := ctx.Deadline()
	resp, err := client.SayHello(ctx, hi)
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("a 300ms call through a relay that works 100ms to a server that works 400ms = %q, %v; want DeadlineExceeded (%s)", resp.GetReply(), err, todo)
	}
	relayed := nextCall(t, relayCalls, "the relay", todo)
	down := nextCall(t, downCalls, "the server behind the relay", "call Next in Relay.SayHello in relay.go")
	// Both handlers stop once the caller's deadline has passed: the server
	// behind the relay sees its call canceled (or its deadline, the same
	// one, passed) rather than working on for nobody.
	if err := stopsPromptly(t, down, deadline, "the caller's deadline", travel); !codeIn(err, codes.DeadlineExceeded, codes.Canceled) {
		t.Errorf("the server behind the relay returned %v; want DeadlineExceeded or Canceled (%s)", err, todo)
	}
	if err := stopsPromptly(t, relayed, deadline, "the caller's deadline", "return as soon as the call to Next fails, with its error ("+todo+")"); !codeIn(err, codes.DeadlineExceeded, codes.Canceled) {
		t.Errorf("the relay returned %v; want DeadlineExceeded or Canceled, as Next's call ended (%s)", err, todo)
	}
}
