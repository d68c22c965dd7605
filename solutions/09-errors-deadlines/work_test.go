package hello

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// promptly is how soon a handler must return once its call has ended.
const promptly = 100 * time.Millisecond

// slow is a Delay long enough that a call ends first. It is short for a
// test because a starter that ignores the end of its call keeps its
// handler busy that long.
const slow = 500 * time.Millisecond

// hi is a good request.
var hi = &hellov1.HelloRequest{Greeting: "hi"}

// startTracked serves hs on bufconn and returns a client connected to it,
// and a record of each unary call the server sees (grpctest.TrackCalls).
func startTracked(t *testing.T, hs hellov1.HelloServiceServer) (hellov1.HelloServiceClient, *grpctest.UnaryCalls) {
	t.Helper()
	calls, track := grpctest.TrackCalls()
	srv := grpc.NewServer(track)
	hellov1.RegisterHelloServiceServer(srv, hs)
	return hellov1.NewHelloServiceClient(grpctest.StartBufconn(t, srv)), calls
}

// nextCall waits for the server to begin a call; who names the server.
func nextCall(t *testing.T, calls *grpctest.UnaryCalls, who, todo string) *grpctest.UnaryCall {
	t.Helper()
	call, ok := calls.Next(5 * time.Second)
	if !ok {
		t.Fatalf("%s began no call within 5s (%s)", who, todo)
	}
	return call
}

// stopsPromptly waits for call's handler to return and fails the test
// unless it returned within promptly of since, when its call ended (why
// says how); fix says what to do then. It returns what the handler
// returned.
func stopsPromptly(t *testing.T, call *grpctest.UnaryCall, since time.Time, why, fix string) error {
	t.Helper()
	select {
	case <-call.Done():
	case <-time.After(time.Until(since.Add(promptly))):
		// Late: wait a little longer to say how late.
		select {
		case <-call.Done():
		case <-time.After(5 * time.Second):
			t.Fatalf("the handler still runs 5s after %s; want it to return within %v: %s", why, promptly, fix)
		}
	}
	ended, err := call.End()
	t.Logf("the handler returned %v after %s", ended.Sub(since).Round(time.Millisecond), why)
	if late := ended.Sub(since); late > promptly {
		t.Fatalf("the handler returned %v after %s (with %v); want within %v: %s",
			late.Round(time.Millisecond), why, err, promptly, fix)
	}
	return err
}

// watch is the fix for a handler of work's that stops late.
const watch = "watch ctx.Done() while it works, not only when it is over (see the TODO in work in work.go)"

// codeIn reports whether err's status code is one of codes.
func codeIn(err error, codes ...codes.Code) bool {
	for _, c := range codes {
		if status.Code(err) == c {
			return true
		}
	}
	return false
}

func TestWorkStopsOnCancel(t *testing.T) {
	const todo = "see the TODO in work in work.go"
	grpctest.NoLeaks(t, "work.go")
	client, calls := startTracked(t, HelloServer{Delay: slow})

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := client.SayHello(ctx, hi)
		errc <- err
	}()
	call := nextCall(t, calls, "the server", todo)
	cancel()
	canceled := time.Now()
	if err := <-errc; status.Code(err) != codes.Canceled {
		t.Errorf("the client's call ended with %v; want Canceled", err)
	}
	err := stopsPromptly(t, call, canceled, "the client canceled", watch)
	if status.Code(err) != codes.Canceled {
		t.Errorf("the handler returned %v (code %v); want a status with code Canceled: return status.FromContextError(ctx.Err()).Err(): a bare context error is Unknown to logs and interceptors (%s)", err, status.Code(err), todo)
	}
}

func TestWorkStopsAtDeadline(t *testing.T) {
	const todo = "see the TODO in work in work.go"
	grpctest.NoLeaks(t, "work.go")
	client, calls := startTracked(t, HelloServer{Delay: slow})

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	deadline, _ := ctx.Deadline()
	_, err := client.SayHello(ctx, hi)
	if status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("a 50ms call to a server that works %v ended with %v; want DeadlineExceeded", slow, err)
	}
	call := nextCall(t, calls, "the server", todo)
	err = stopsPromptly(t, call, deadline, "the call's deadline", watch)
	// Which comes first, the server's own deadline timer or the client's
	// cancel (gRPC sends one when the client's deadline passes), is a race:
	// both are right.
	if !codeIn(err, codes.DeadlineExceeded, codes.Canceled) {
		t.Errorf("the handler returned %v (code %v); want a status with code DeadlineExceeded (or Canceled): return status.FromContextError(ctx.Err()).Err() (%s)", err, status.Code(err), todo)
	}
}
