package hello

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// BenchmarkBidiVsUnary measures how many greetings per second get answered
// in two ways, in the same run, against the same server over one TCP
// connection on loopback, with two client goroutines each:
//
//   - stream: one BidiHello call (mode each); one goroutine sends greetings
//     while the other receives the replies;
//   - unary: two goroutines make SayHello calls, each waiting for its answer
//     before it makes the next call.
//
// A unary call pays a round trip per message, and its own HTTP/2 stream:
// headers out, headers and trailers back. On the open bidi stream a greeting
// is one small DATA frame each way, and the sender never waits for a reply.
// The metric "stream/unary" is the ratio of the two throughputs; the aim is
// 3 or more. Run it with
//
//	go test -run '^$' -bench BidiVsUnary -benchtime 100000x -count 5
//
// Each op is one greeting answered each way. The two alternate in chunks of
// 2000 greetings, and the ratio is the median over the chunks, so that a
// noisy neighbor on the machine slows both alike.
func BenchmarkBidiVsUnary(b *testing.B) {
	const chunk = 2000
	client := hellov1.NewHelloServiceClient(grpctest.Dial(b, grpctest.Start(b, finished.NewGRPCServer(HelloServer{}))))
	ctx := b.Context()
	stream, err := client.BidiHello(ctx)
	if err != nil {
		b.Fatal(err)
	}
	req := &hellov1.HelloRequest{Greeting: "hello"}

	// viaStream sends n greetings on the open stream from one goroutine and
	// receives the n replies in this one.
	viaStream := func(n int) (time.Duration, error) {
		start := time.Now()
		sent := make(chan error, 1)
		go func() {
			for range n {
				if err := stream.Send(req); err != nil {
					sent <- err
					return
				}
			}
			sent <- nil
		}()
		for range n {
			if _, err := stream.Recv(); err != nil {
				return 0, err
			}
		}
		return time.Since(start), <-sent
	}
	// viaUnary makes SayHello calls from two goroutines.
	viaUnary := testkit.Callers(ctx, 2, func(ctx context.Context) error {
		_, err := client.SayHello(ctx, req)
		return err
	})

	testkit.Compare(b, chunk, "stream/unary", viaStream, viaUnary, "stream-msgs", "unary-msgs")

	if err := stream.CloseSend(); err != nil {
		b.Fatal(err)
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		b.Fatalf("after CloseSend, Recv gave %v, want io.EOF", err)
	}
}
