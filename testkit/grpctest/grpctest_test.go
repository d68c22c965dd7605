package grpctest

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
)

func TestFakeAgg(t *testing.T) {
	fake := &FakeAgg{}
	client := aggfuncpb.NewGRPCRouteFuncsClient(Dial(t, StartFakeAgg(t, fake)))
	ctx := t.Context()

	if got, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4}); err != nil || got.GetValue() != 7 {
		t.Errorf("sum(3, 4) = %v, %v; want 7", got, err)
	}
	if got, err := client.Multiply(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: -6, Value2: 7}); err != nil || got.GetValue() != -42 {
		t.Errorf("multiply(-6, 7) = %v, %v; want -42", got, err)
	}
	_, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 2147483647, Value2: 1})
	if st := status.Convert(err); st.Code() != codes.OutOfRange || st.Message() != "2147483647 + 1 = 2147483648 does not fit in an int32" {
		t.Errorf("sum(MaxInt32, 1) gave %v, want OutOfRange with the exact result", err)
	}

	calls := fake.Calls()
	if len(calls) != 3 || calls[0] != (FakeCall{Method: "sum", Value1: 3, Value2: 4}) || calls[1].Method != "multiply" {
		t.Errorf("Calls() = %+v, want sum(3, 4), multiply(-6, 7), sum(...)", calls)
	}
	if fake.MaxInFlight() != 1 {
		t.Errorf("MaxInFlight() = %d after calls one at a time, want 1", fake.MaxInFlight())
	}
}

func TestFakeAggDelayAndDeadline(t *testing.T) {
	fake := &FakeAgg{Delay: time.Minute}
	client := aggfuncpb.NewGRPCRouteFuncsClient(Dial(t, StartFakeAgg(t, fake)))
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 1, Value2: 2})
	if status.Code(err) != codes.DeadlineExceeded || time.Since(start) > 10*time.Second {
		t.Errorf("a call past its deadline gave %v after %v, want DeadlineExceeded after about 100ms", err, time.Since(start))
	}
	c := fake.Calls()[0]
	if !c.HasDeadline || c.TimeLeft <= 0 || c.TimeLeft > 100*time.Millisecond {
		t.Errorf("the fake recorded %+v, want a deadline at most 100ms away", c)
	}
}

func TestStartBufconn(t *testing.T) {
	srv := grpc.NewServer()
	aggfuncpb.RegisterGRPCRouteFuncsServer(srv, &FakeAgg{})
	client := aggfuncpb.NewGRPCRouteFuncsClient(StartBufconn(t, srv))
	if got, err := client.Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 1, Value2: 2}); err != nil || got.GetValue() != 3 {
		t.Errorf("sum(1, 2) over bufconn = %v, %v; want 3", got, err)
	}
}

func TestClosedAddr(t *testing.T) {
	addr := ClosedAddr(t)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("something listens at ClosedAddr() = %s", addr)
	}
}

func TestLockedBuffer(t *testing.T) {
	var b LockedBuffer
	done := make(chan struct{})
	go func() {
		b.Write([]byte("a"))
		close(done)
	}()
	b.Write([]byte("b"))
	<-done
	if got := b.String(); got != "ab" && got != "ba" {
		t.Errorf("String() = %q, want both writes", got)
	}
}
