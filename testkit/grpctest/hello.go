package grpctest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/grpc"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
)

// Helpers for the tests of the HelloService lessons (6 to 8), shared so
// that each lesson's tests hold only what they check.

// StartHello serves hs as hello.v1.HelloService on bufconn and returns a
// client connected to it, and a record of how each streaming call ends on
// the server. The calls go through real gRPC encoding and HTTP/2, just
// without a socket.
func StartHello(t testing.TB, hs hellov1.HelloServiceServer) (hellov1.HelloServiceClient, *StreamEnds) {
	t.Helper()
	ends, track := TrackStreams()
	srv := grpc.NewServer(track)
	hellov1.RegisterHelloServiceServer(srv, hs)
	return hellov1.NewHelloServiceClient(StartBufconn(t, srv)), ends
}

// FakeHelloClient starts f and returns a client connected to it: for a test
// of a client that must fail only for the client's own mistakes, not for a
// server's.
func FakeHelloClient(t testing.TB, f *FakeHello) hellov1.HelloServiceClient {
	t.Helper()
	return hellov1.NewHelloServiceClient(Dial(t, StartFakeHello(t, f)))
}

// RecvReplies reads replies until the stream ends, and returns them with
// the error that ended it: nil when the server ended it with OK (io.EOF).
func RecvReplies(recv func() (*hellov1.HelloResponse, error)) ([]string, error) {
	var replies []string
	for {
		resp, err := recv()
		if errors.Is(err, io.EOF) {
			return replies, nil
		}
		if err != nil {
			return replies, err
		}
		replies = append(replies, resp.GetReply())
	}
}

// NoLeaks checks, when the test ends, that no goroutine it started is still
// running: no server handler that ignored the end of its call, no client
// stream that nobody canceled. todo names what to fix, such as
// "Replies in client.go". Call it first in a test: cleanups run last in,
// first out, so its check then runs after the servers have stopped.
//
// goleak retries for a while before it reports, so it catches a goroutine
// that never ends, not one that ends a little late. To check that a
// function waits for its goroutines before it returns, check that from the
// test: see TestChatCancel in lesson 8.
func NoLeaks(t testing.TB, todo string) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() {
		if err := goleak.Find(ignore); err != nil {
			t.Errorf("goroutines still running after the test (see the TODO in %s):\n%s", todo, leakSummary(err))
		}
	})
}

// leakSummary keeps one line of goleak's report per goroutine, the one
// naming the function on top of its stack, instead of every full stack: the
// learner needs to know which of their goroutines is left, not grpc-go's.
func leakSummary(err error) string {
	var lines []string
	for line := range strings.Lines(err.Error()) {
		line = strings.TrimLeft(strings.TrimSpace(line), "[")
		if strings.HasPrefix(line, "Goroutine ") {
			lines = append(lines, "  "+strings.TrimSuffix(line, " on top of the stack:"))
		}
	}
	if len(lines) == 0 {
		return err.Error()
	}
	const most = 5
	if len(lines) > most {
		lines = append(lines[:most], fmt.Sprintf("  and %d more", len(lines)-most))
	}
	return strings.Join(lines, "\n")
}

// Ended waits for the server's handler of a streaming call to return, and
// fails the test if it is still running after 5 seconds: why is what should
// have stopped it ("the client canceled"), todo what to fix.
func (e *StreamEnds) Ended(t testing.TB, why, todo string) StreamEnd {
	t.Helper()
	end, ok := e.Next(5 * time.Second)
	if !ok {
		t.Fatalf("the server's handler still runs 5s after %s; want it to stop and return (see the TODO in %s)", why, todo)
	}
	return end
}

// FirstDiff describes where got first differs from want, for a failure
// message that would otherwise print thousands of replies.
func FirstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("reply %d is %q, want %q", i+1, got[i], want[i])
		}
	}
	if len(got) < len(want) {
		return fmt.Sprintf("reply %d, %q, is missing", len(got)+1, want[len(got)])
	}
	if len(got) > len(want) {
		return fmt.Sprintf("reply %d, %q, is one too many", len(want)+1, got[len(want)])
	}
	return "all the same"
}

// String describes the call in a line, for a failure message:
// `BidiHello: 1 greeting ("a"), 1 reply, client closed: no, ended: rpc error: code = Canceled desc = context canceled`.
func (c FakeHelloCall) String() string {
	closed := "no"
	if c.ClientClosed {
		closed = "yes"
	}
	ended := "OK"
	if c.Err != nil {
		ended = c.Err.Error()
	}
	greetings := plural(len(c.Greetings), "greeting")
	if len(c.Greetings) > 0 {
		quoted := make([]string, len(c.Greetings))
		for i, g := range c.Greetings {
			quoted[i] = fmt.Sprintf("%q", g)
		}
		greetings += " (" + strings.Join(quoted, ", ") + ")"
	}
	return fmt.Sprintf("%s: %s, %s, client closed: %s, ended: %s",
		c.Method, greetings, plural(c.Replies, "reply"), closed, ended)
}

// plural is "1 reply" or "2 replies".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// CheckFlatStream checks that a stream of n replies leaves the heap flat.
// It warms client's connection up with one SayHello (its buffers are not
// the stream's doing), measures the heap (testkit.HeapAlloc, after a
// garbage collection), starts the stream with start, and reads it with the
// recv that start returns, checking reply i (from 1) against want(i). It
// measures the heap again at reply n/2 and after the last one.
//
// A handler that sends each message as it makes it keeps nothing: halfway,
// the heap holds only what is in flight, which HTTP/2's flow control bounds
// whatever the length of the stream, and afterwards it is back where it
// started. One that built every reply first would hold them all. todo names
// the TODO to see; fix says what to do when the heap grew.
func CheckFlatStream(t testing.TB, client hellov1.HelloServiceClient, n int,
	start func() func() (*hellov1.HelloResponse, error), want func(i int) string, todo, fix string) {
	t.Helper()
	// Generous bounds, in bytes. In flight, grpc-go may let a few MiB
	// through on a fast connection: it widens the flow-control windows when
	// it measures a fast link.
	const halfwayLimit, afterLimit = 8 << 20, 4 << 20
	if _, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: "hi"}); err != nil {
		t.Fatalf("SayHello, to warm the connection up: %v", err)
	}

	before := testkit.HeapAlloc()
	recv := start()
	var halfway uint64
	for i := 1; i <= n; i++ {
		resp, err := recv()
		if err != nil {
			t.Fatalf("after %d replies, Recv gave %v; want %d replies (see the TODO in %s)", i-1, err, n, todo)
		}
		if resp.GetReply() != want(i) {
			t.Fatalf("reply %d is %q, want %q (see the TODO in %s)", i, resp.GetReply(), want(i), todo)
		}
		if i == n/2 {
			halfway = testkit.HeapAlloc()
		}
	}
	if resp, err := recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("after %d replies, Recv gave %q and %v; want the end of the stream (io.EOF) (see the TODO in %s)", n, resp.GetReply(), err, todo)
	}
	after := testkit.HeapAlloc()

	t.Logf("heap: %d KiB before, %d KiB halfway, %d KiB after %d messages", before>>10, halfway>>10, after>>10, n)
	if grew := int64(halfway) - int64(before); grew > halfwayLimit {
		t.Errorf("halfway through the stream, the heap had grown by %d KiB, want less than %d KiB: %s (see the TODO in %s)",
			grew>>10, halfwayLimit>>10, fix, todo)
	}
	if grew := int64(after) - int64(before); grew > afterLimit {
		t.Errorf("after the stream, the heap had grown by %d KiB, want less than %d KiB: %s (see the TODO in %s)",
			grew>>10, afterLimit>>10, fix, todo)
	}
}
