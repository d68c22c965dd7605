package hello

import (
	"errors"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// startServer serves hs on bufconn and returns a client connected to it,
// and a record of how each streaming call ends on the server. The calls go
// through real gRPC encoding and HTTP/2, just without a socket.
func startServer(t *testing.T, hs HelloServer) (hellov1.HelloServiceClient, *grpctest.StreamEnds) {
	t.Helper()
	ends, track := grpctest.TrackStreams()
	return hellov1.NewHelloServiceClient(grpctest.StartBufconn(t, NewGRPCServer(hs, track))), ends
}

// recvAll reads replies until the stream ends, and returns them with the
// error that ended it: nil when the server ended it with OK (io.EOF).
func recvAll(recv func() (*hellov1.HelloResponse, error)) ([]string, error) {
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

// noLeaks checks, when the test ends, that no goroutine it started is still
// running: no server handler that ignored the end of its call, no client
// stream that nobody canceled. Call it first in a test: cleanups run last in,
// first out, so its check then runs after the servers have stopped.
func noLeaks(t *testing.T, todo string) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() {
		if err := goleak.Find(ignore); err != nil {
			t.Errorf("goroutines still running after the test (see the TODO in %s):\n%v", todo, err)
		}
	})
}

// handlerEnded waits for the server's handler of a streaming call to
// return, and fails the test if it is still running after 5 seconds.
func handlerEnded(t *testing.T, ends *grpctest.StreamEnds, why, todo string) grpctest.StreamEnd {
	t.Helper()
	end, ok := ends.Next(5 * time.Second)
	if !ok {
		t.Fatalf("the server's handler still runs 5s after %s; want it to stop and return (see the TODO in %s)", why, todo)
	}
	return end
}
