package hello

import (
	"errors"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
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
	// viaUnary makes n SayHello calls from two goroutines.
	viaUnary := func(n int) (time.Duration, error) {
		var next atomic.Int64
		var firstErr error
		var once sync.Once
		var wg sync.WaitGroup
		start := time.Now()
		for range 2 {
			wg.Go(func() {
				for next.Add(1) <= int64(n) {
					if _, err := client.SayHello(ctx, req); err != nil {
						once.Do(func() { firstErr = err })
						return
					}
				}
			})
		}
		wg.Wait()
		return time.Since(start), firstErr
	}

	// Warm up: connect, and let HTTP/2 flow control settle.
	for _, run := range []func(int) (time.Duration, error){viaStream, viaUnary} {
		if _, err := run(chunk); err != nil {
			b.Fatalf("warming up: %v", err)
		}
	}

	var streamTime, unaryTime time.Duration
	var ratios []float64 // one per chunk: stream throughput / unary throughput
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		// Alternate which goes first, so neither always runs on a warmer
		// (or colder) machine.
		first, second := viaStream, viaUnary
		if len(ratios)%2 == 1 {
			first, second = viaUnary, viaStream
		}
		d1, err := first(n)
		if err != nil {
			b.Fatal(err)
		}
		d2, err := second(n)
		if err != nil {
			b.Fatal(err)
		}
		s, u := d1, d2
		if len(ratios)%2 == 1 {
			s, u = d2, d1
		}
		streamTime += s
		unaryTime += u
		ratios = append(ratios, u.Seconds()/s.Seconds())
		done += n
	}
	b.StopTimer()

	if err := stream.CloseSend(); err != nil {
		b.Fatal(err)
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		b.Fatalf("after CloseSend, Recv gave %v, want io.EOF", err)
	}
	b.ReportMetric(float64(b.N)/streamTime.Seconds(), "stream-msgs/s")
	b.ReportMetric(float64(b.N)/unaryTime.Seconds(), "unary-msgs/s")
	// The median of the chunks' ratios: a burst of load from elsewhere on
	// the machine spoils a chunk or two, not the result.
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "stream/unary")
}
