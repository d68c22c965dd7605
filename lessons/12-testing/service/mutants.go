package service

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/finished/hello"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// The mutants: the real service with one bug each, the kind of bug a
// real change could bring in. Each embeds the finished server and replaces
// one or two methods; everything else is the real thing. lessons.json
// lists them in the order lesson 12's steps ask you to catch them.
var mutants = map[string]impl{
	"wraps":     {wraps{}, hello.HelloServer{}},
	"wrongcode": {wrongCode{}, hello.HelloServer{}},
	"endless":   {aggfunc.Server{}, endless{}},
	"sleeps":    {aggfunc.Server{}, sleeps{}},
	"negate":    {negate{}, hello.HelloServer{}},
	// For Going further (README).
	"dropslast": {aggfunc.Server{}, dropsLast{}},
}

// wraps adds in int32, so that a sum past the end wraps around, as Go's
// integers do: 2147483647 + 1 answers -2147483648, with OK.
type wraps struct{ aggfunc.Server }

func (wraps) Sum(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return &aggfuncpb.ReturnValue{Value: in.GetValue1() + in.GetValue2()}, nil
}

// wrongCode refuses a result that does not fit with INVALID_ARGUMENT, not
// OUT_OF_RANGE: same message, but a client that retries with other inputs
// on OUT_OF_RANGE now gives up.
type wrongCode struct{ aggfunc.Server }

func (m wrongCode) Sum(ctx context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return recode(m.Server.Sum(ctx, in))
}

func (m wrongCode) Multiply(ctx context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return recode(m.Server.Multiply(ctx, in))
}

func recode(r *aggfuncpb.ReturnValue, err error) (*aggfuncpb.ReturnValue, error) {
	if status.Code(err) == codes.OutOfRange {
		return nil, status.Error(codes.InvalidArgument, status.Convert(err).Message())
	}
	return r, err
}

// negate has a "fast path" for multiplying by -1: it negates value1. That
// is right for every int32 but one: -(-2147483648) wraps around to
// -2147483648, answered with OK.
type negate struct{ aggfunc.Server }

func (m negate) Multiply(ctx context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	if in.GetValue2() == -1 {
		return &aggfuncpb.ReturnValue{Value: -in.GetValue1()}, nil
	}
	return m.Server.Multiply(ctx, in)
}

// endless sends LotsOfReplies' replies, then never ends the stream: it
// waits for the call to end instead of returning. A client that reads
// until io.EOF waits for ever, or until its deadline.
type endless struct{ hello.HelloServer }

func (m endless) LotsOfReplies(in *hellov1.HelloRequest, stream grpc.ServerStreamingServer[hellov1.HelloResponse]) error {
	if err := m.HelloServer.LotsOfReplies(in, stream); err != nil {
		return err
	}
	<-stream.Context().Done()
	return status.FromContextError(stream.Context().Err()).Err()
}

// sleeps pauses between two replies with time.Sleep, which does not watch
// the call's context: when the client cancels, or its deadline passes, the
// handler sleeps on and keeps its goroutine, up to the interval the call
// asked for (hello-interval, up to a minute), for every canceled call.
type sleeps struct{ hello.HelloServer }

func (m sleeps) LotsOfReplies(in *hellov1.HelloRequest, stream grpc.ServerStreamingServer[hellov1.HelloResponse]) error {
	if in.GetGreeting() == "" {
		return hello.ErrEmptyGreeting
	}
	n, interval, err := m.ReplyPlan(stream.Context())
	if err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		if i > 1 {
			time.Sleep(interval)
		}
		if err := stream.Send(&hellov1.HelloResponse{Reply: hello.Numbered(i, n, in.GetGreeting())}); err != nil {
			return err
		}
	}
	return nil
}

// dropsLast answers LotsOfGreetings as if the last greeting had not come,
// the off-by-one of a loop that stops one short: "hi", "hey" get "hello,
// you said 1 greeting: hi".
type dropsLast struct{ hello.HelloServer }

func (dropsLast) LotsOfGreetings(stream grpc.ClientStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	greetings, err := hello.ReadGreetings(stream.Recv)
	if err != nil {
		return err
	}
	if len(greetings) == 0 {
		return status.Error(codes.InvalidArgument, "no greetings: send at least one before closing the stream")
	}
	return stream.SendAndClose(&hellov1.HelloResponse{Reply: hello.GreetingsReply(greetings[:len(greetings)-1])})
}
