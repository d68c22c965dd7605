package grpctest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// FakeHello is a stand-in for a HelloService server, for testing clients of
// the streaming rpcs (lessons 6 to 8) without depending on anyone's server
// code. It answers the way the finished server does, can fail on purpose in
// the middle of a stream, and records every call it receives.
//
// Its answers:
//
//   - SayHello: "hello, you said: GREETING";
//   - LotsOfReplies: Replies replies, "reply 1 of 3: hello, you said: GREETING";
//   - LotsOfGreetings: after the client closes, one reply,
//     "hello, you said 2 greetings: hi, hey";
//   - BidiHello: "hello, you said: GREETING" for each greeting as it
//     arrives, or, when the call's metadata has "hello-mode: all", every
//     reply after the client closes, "reply 1 of 2: hello, you said: hi".
//
// Set the fields before passing it to StartFakeHello.
type FakeHello struct {
	hellov1.UnimplementedHelloServiceServer

	// Replies is how many replies LotsOfReplies sends; zero means 3.
	Replies int
	// Interval is how long LotsOfReplies waits before each reply after the
	// first, or until the call ends, whichever comes first.
	Interval time.Duration
	// FailWith, when not nil, ends every streaming call with this error
	// after FailAfter messages: after sending FailAfter replies
	// (LotsOfReplies) or reading FailAfter greetings (LotsOfGreetings and
	// BidiHello, which answers those before it fails).
	FailWith  error
	FailAfter int

	mu    sync.Mutex
	calls []FakeHelloCall
	ended chan struct{} // gets a value each time a call ends
	once  sync.Once
}

// FakeHelloCall is one call that a FakeHello received, recorded when it
// ended.
type FakeHelloCall struct {
	// Method is the rpc's name: "SayHello", "LotsOfReplies",
	// "LotsOfGreetings" or "BidiHello".
	Method string
	// Greetings are the greetings the client sent, in the order they
	// arrived.
	Greetings []string
	// Replies counts the replies the fake sent.
	Replies int
	// ClientClosed tells whether the client closed its side of the stream
	// (the fake read io.EOF), as CloseSend and CloseAndRecv do.
	ClientClosed bool
	// HasDeadline tells whether the call carried a deadline, and TimeLeft how
	// long it had until then when it arrived.
	HasDeadline bool
	TimeLeft    time.Duration
	// Metadata is what the client sent along with the call.
	Metadata metadata.MD
	// Err is what the fake's handler returned: nil, FailWith, or the error
	// that ended the stream early, such as a status with code Canceled when
	// the client canceled.
	Err error
}

// StartFakeHello serves f on a free loopback port and returns the address.
// t.Cleanup stops the server.
func StartFakeHello(t testing.TB, f *FakeHello) string {
	t.Helper()
	srv := grpc.NewServer()
	hellov1.RegisterHelloServiceServer(srv, f)
	return Start(t, srv)
}

// Calls returns the calls that have ended so far, in the order they ended.
func (f *FakeHello) Calls() []FakeHelloCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FakeHelloCall(nil), f.calls...)
}

// WaitCalls waits until n calls have ended, at most timeout, and returns the
// calls that have ended by then: fewer than n if time ran out.
func (f *FakeHello) WaitCalls(n int, timeout time.Duration) []FakeHelloCall {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if calls := f.Calls(); len(calls) >= n {
			return calls
		}
		select {
		case <-f.endedChan():
		case <-deadline.C:
			return f.Calls()
		}
	}
}

func (f *FakeHello) endedChan() chan struct{} {
	f.once.Do(func() { f.ended = make(chan struct{}, 1) })
	return f.ended
}

// start records what is known when a call arrives.
func (f *FakeHello) start(ctx context.Context, method string) *FakeHelloCall {
	c := &FakeHelloCall{Method: method}
	if deadline, ok := ctx.Deadline(); ok {
		c.HasDeadline, c.TimeLeft = true, time.Until(deadline)
	}
	c.Metadata, _ = metadata.FromIncomingContext(ctx)
	return c
}

// end records a finished call and returns its error.
func (f *FakeHello) end(c *FakeHelloCall, err error) error {
	c.Err = err
	f.mu.Lock()
	f.calls = append(f.calls, *c)
	f.mu.Unlock()
	select {
	case f.endedChan() <- struct{}{}:
	default:
	}
	return err
}

// SayHello implements hellov1.HelloServiceServer.
func (f *FakeHello) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	c := f.start(ctx, "SayHello")
	c.Greetings = []string{in.GetGreeting()}
	c.Replies = 1
	return &hellov1.HelloResponse{Reply: "hello, you said: " + in.GetGreeting()}, f.end(c, nil)
}

// LotsOfReplies implements hellov1.HelloServiceServer.
func (f *FakeHello) LotsOfReplies(in *hellov1.HelloRequest, stream grpc.ServerStreamingServer[hellov1.HelloResponse]) error {
	ctx := stream.Context()
	c := f.start(ctx, "LotsOfReplies")
	c.Greetings = []string{in.GetGreeting()}
	n := f.Replies
	if n == 0 {
		n = 3
	}
	for i := 1; i <= n; i++ {
		if f.FailWith != nil && c.Replies == f.FailAfter {
			return f.end(c, f.FailWith)
		}
		if i > 1 && f.Interval > 0 {
			timer := time.NewTimer(f.Interval)
			select {
			case <-timer.C:
			case <-ctx.Done():
				timer.Stop()
				return f.end(c, status.FromContextError(ctx.Err()).Err())
			}
		}
		reply := fmt.Sprintf("reply %d of %d: hello, you said: %s", i, n, in.GetGreeting())
		if err := stream.Send(&hellov1.HelloResponse{Reply: reply}); err != nil {
			return f.end(c, err)
		}
		c.Replies++
	}
	return f.end(c, nil)
}

// LotsOfGreetings implements hellov1.HelloServiceServer.
func (f *FakeHello) LotsOfGreetings(stream grpc.ClientStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	c := f.start(stream.Context(), "LotsOfGreetings")
	if err := f.readAll(c, stream.Recv, nil); err != nil {
		return f.end(c, err)
	}
	noun := "greetings"
	if len(c.Greetings) == 1 {
		noun = "greeting"
	}
	reply := fmt.Sprintf("hello, you said %d %s: %s", len(c.Greetings), noun, strings.Join(c.Greetings, ", "))
	if err := stream.SendAndClose(&hellov1.HelloResponse{Reply: reply}); err != nil {
		return f.end(c, err)
	}
	c.Replies = 1
	return f.end(c, nil)
}

// BidiHello implements hellov1.HelloServiceServer.
func (f *FakeHello) BidiHello(stream grpc.BidiStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	c := f.start(stream.Context(), "BidiHello")
	send := func(reply string) error {
		if err := stream.Send(&hellov1.HelloResponse{Reply: reply}); err != nil {
			return err
		}
		c.Replies++
		return nil
	}
	if mode := c.Metadata.Get("hello-mode"); len(mode) > 0 && mode[0] == "all" {
		if err := f.readAll(c, stream.Recv, nil); err != nil {
			return f.end(c, err)
		}
		for i, g := range c.Greetings {
			if err := send(fmt.Sprintf("reply %d of %d: hello, you said: %s", i+1, len(c.Greetings), g)); err != nil {
				return f.end(c, err)
			}
		}
		return f.end(c, nil)
	}
	err := f.readAll(c, stream.Recv, func(g string) error { return send("hello, you said: " + g) })
	return f.end(c, err)
}

// readAll reads greetings until the client closes its side, calling each
// (when not nil) on every greeting. It stops with FailWith after FailAfter
// greetings, or with the error that ended the stream.
func (f *FakeHello) readAll(c *FakeHelloCall, recv func() (*hellov1.HelloRequest, error), each func(string) error) error {
	for {
		if f.FailWith != nil && len(c.Greetings) == f.FailAfter {
			return f.FailWith
		}
		in, err := recv()
		if errors.Is(err, io.EOF) {
			c.ClientClosed = true
			return nil
		}
		if err != nil {
			return err
		}
		c.Greetings = append(c.Greetings, in.GetGreeting())
		if each != nil {
			if err := each(in.GetGreeting()); err != nil {
				return err
			}
		}
	}
}

// ErrFakeFailure is a ready-made FailWith: a status with code
// ResourceExhausted, which the real server never sends, so a test can tell
// it apart.
var ErrFakeFailure = status.Error(codes.ResourceExhausted, "the fake server fails on purpose")
