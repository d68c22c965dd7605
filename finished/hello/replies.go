package hello

import (
	"context"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// Metadata keys that change how LotsOfReplies answers one call. Metadata
// travels with a call the way headers travel with an HTTP request; grpcurl
// sends it with -H 'hello-replies: 10'.
const (
	// RepliesKey asks for a number of replies, from 1 to MaxReplies.
	RepliesKey = "hello-replies"
	// IntervalKey asks for a pause between two replies, such as "500ms",
	// from 0s to MaxInterval.
	IntervalKey = "hello-interval"
)

// The limits of what a call may ask for with RepliesKey and IntervalKey;
// helloserver holds its flags to them too. Past them a request is
// INVALID_ARGUMENT: the value makes no sense. The finished server (package
// finished, Limits) sets lower limits of its own on the work one call may
// ask for, MaxReplies and MaxReplyTime (replies × interval), and answers
// RESOURCE_EXHAUSTED past them.
const (
	MaxReplies  = 1_000_000
	MaxInterval = time.Minute
)

// ReplyPlan returns how many replies LotsOfReplies sends and how long it
// waits between two of them: the server's own settings, unless the call's
// metadata asks for others. A value it cannot use is INVALID_ARGUMENT: the
// client must change its call.
func (s HelloServer) ReplyPlan(ctx context.Context) (n int, interval time.Duration, err error) {
	n, interval = s.Replies, s.Interval
	if n == 0 {
		n = 3
	}
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get(RepliesKey); len(v) > 0 {
		if n, err = strconv.Atoi(v[0]); err != nil || n < 1 || n > MaxReplies {
			return 0, 0, status.Errorf(codes.InvalidArgument, "metadata %s: %q is not a number from 1 to %d", RepliesKey, v[0], MaxReplies)
		}
	}
	if v := md.Get(IntervalKey); len(v) > 0 {
		if interval, err = time.ParseDuration(v[0]); err != nil || interval < 0 || interval > MaxInterval {
			return 0, 0, status.Errorf(codes.InvalidArgument, "metadata %s: %q is not a duration from 0s to %v, such as 500ms", IntervalKey, v[0], MaxInterval)
		}
	}
	return n, interval, nil
}

// LotsOfReplies implements hellov1.HelloServiceServer: one greeting in, a
// stream of replies out, "reply 1 of 3: hello, you said: hello" and so on.
// gRPC delivers them in the order of the Send calls. Returning nil ends the
// stream with OK, and the client's Recv then returns io.EOF.
//
// When the call ends early (the client cancels, its deadline passes, the
// connection breaks), LotsOfReplies stops and returns why.
func (s HelloServer) LotsOfReplies(in *hellov1.HelloRequest, stream grpc.ServerStreamingServer[hellov1.HelloResponse]) error {
	if in.GetGreeting() == "" {
		return ErrEmptyGreeting
	}
	ctx := stream.Context()
	n, interval, err := s.ReplyPlan(ctx)
	if err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		if i > 1 && interval > 0 {
			if err := pause(ctx, interval); err != nil {
				return err
			}
		}
		// Send fails once the call is over: a server that went on after an
		// error would compute replies that nobody reads, for as long as n
		// lasts.
		if err := stream.Send(&hellov1.HelloResponse{Reply: Numbered(i, n, in.GetGreeting())}); err != nil {
			return err
		}
	}
	return nil
}

// pause waits for d, or until ctx is done. Then it returns ctx's error as a
// status, Canceled or DeadlineExceeded: ending the stream with that status
// tells the log (and any interceptor) why the call stopped. A plain
// time.Sleep would keep a canceled call's handler running until it woke up.
func pause(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}
