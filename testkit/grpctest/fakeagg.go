package grpctest

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
)

// FakeAgg is a stand-in for the lesson 3 server, for testing clients without
// depending on anyone's server code. It answers sum and multiply the way the
// real server does, including OUT_OF_RANGE when a result does not fit in an
// int32, and it records every call it receives.
//
// Set the fields before passing it to StartFakeAgg.
type FakeAgg struct {
	aggfuncpb.UnimplementedGRPCRouteFuncsServer

	// Delay makes every call wait this long before it answers, or until the
	// caller gives up, whichever comes first.
	Delay time.Duration
	// DelayFunc, when set, replaces Delay: each call waits as long as
	// DelayFunc says for that call. Tests use it to make later calls answer
	// first.
	DelayFunc func(FakeCall) time.Duration
	// RejectNoDeadline makes a call that carries no deadline fail at once,
	// with FAILED_PRECONDITION and the message NoDeadline, instead of
	// waiting for its delay. A test of a client against a slow fake then
	// fails fast, and can say why, when the client forgot the deadline.
	RejectNoDeadline bool

	mu          sync.Mutex
	calls       []FakeCall
	inFlight    int
	maxInFlight int
}

// NoDeadline is the message of the error a FakeAgg with RejectNoDeadline
// answers a call without a deadline.
const NoDeadline = "the call carries no deadline"

// FakeCall is one call that a FakeAgg received.
type FakeCall struct {
	// Method is "sum" or "multiply".
	Method string
	// Value1 and Value2 are the operands the client sent.
	Value1, Value2 int32
	// HasDeadline tells whether the call carried a deadline.
	HasDeadline bool
	// TimeLeft is how long the call had until its deadline when it arrived
	// (zero without a deadline).
	TimeLeft time.Duration
}

// StartFakeAgg serves f on a free loopback port and returns the address.
// t.Cleanup stops the server.
func StartFakeAgg(t testing.TB, f *FakeAgg) string {
	t.Helper()
	srv := grpc.NewServer()
	aggfuncpb.RegisterGRPCRouteFuncsServer(srv, f)
	return Start(t, srv)
}

// Sum implements aggfuncpb.GRPCRouteFuncsServer.
func (f *FakeAgg) Sum(ctx context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return f.answer(ctx, "sum", "+", in, int64(in.GetValue1())+int64(in.GetValue2()))
}

// Multiply implements aggfuncpb.GRPCRouteFuncsServer.
func (f *FakeAgg) Multiply(ctx context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return f.answer(ctx, "multiply", "*", in, int64(in.GetValue1())*int64(in.GetValue2()))
}

// answer records the call, waits for its delay and returns result, or
// OUT_OF_RANGE when result does not fit in an int32.
func (f *FakeAgg) answer(ctx context.Context, method, op string, in *aggfuncpb.InputArgsOfBinaryFunc, result int64) (*aggfuncpb.ReturnValue, error) {
	call := FakeCall{Method: method, Value1: in.GetValue1(), Value2: in.GetValue2()}
	if deadline, ok := ctx.Deadline(); ok {
		call.HasDeadline, call.TimeLeft = true, time.Until(deadline)
	}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()

	if f.RejectNoDeadline && !call.HasDeadline {
		return nil, status.Error(codes.FailedPrecondition, NoDeadline)
	}
	delay := f.Delay
	if f.DelayFunc != nil {
		delay = f.DelayFunc(call)
	}
	if delay > 0 {
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return nil, status.FromContextError(ctx.Err()).Err()
		}
	}
	if result < math.MinInt32 || result > math.MaxInt32 {
		return nil, status.Errorf(codes.OutOfRange, "%d %s %d = %d does not fit in an int32",
			in.GetValue1(), op, in.GetValue2(), result)
	}
	return &aggfuncpb.ReturnValue{Value: int32(result)}, nil
}

// Calls returns the calls received so far, in the order they arrived.
func (f *FakeAgg) Calls() []FakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FakeCall(nil), f.calls...)
}

// MaxInFlight returns the largest number of calls that were being answered
// at the same moment: 1 for a client that waits for each answer before it
// sends the next call, more for one that sends calls concurrently.
func (f *FakeAgg) MaxInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxInFlight
}
