package grpctest

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// blockingHello's SayHello waits until its call ends.
type blockingHello struct {
	hellov1.UnimplementedHelloServiceServer
}

func (blockingHello) SayHello(ctx context.Context, _ *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	<-ctx.Done()
	return nil, status.FromContextError(ctx.Err()).Err()
}

func TestTrackCalls(t *testing.T) {
	calls, track := TrackCalls()
	srv := grpc.NewServer(track)
	hellov1.RegisterHelloServiceServer(srv, blockingHello{})
	client := hellov1.NewHelloServiceClient(StartBufconn(t, srv))

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	errc := make(chan error, 1)
	go func() {
		_, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		errc <- err
	}()
	var call *UnaryCall
	select {
	case call = <-calls.Started():
	case <-time.After(5 * time.Second):
		t.Fatal("no call began within 5s")
	}
	if call.Method != "/hello.v1.HelloService/SayHello" || !call.HasDeadline || time.Until(call.Deadline) < 30*time.Second {
		t.Errorf("call: method %q, deadline %v (%v), want SayHello with a deadline about a minute away", call.Method, call.Deadline, call.HasDeadline)
	}
	cancel()
	select {
	case <-call.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the handler did not return within 5s of the cancel")
	}
	if ended, err := call.End(); ended.Before(call.Started) || status.Code(err) != codes.Canceled {
		t.Errorf("End() = %v, %v; want a time after the start and Canceled", ended, err)
	}
	if err := <-errc; status.Code(err) != codes.Canceled {
		t.Errorf("the client got %v, want Canceled", err)
	}
	if _, ok := calls.Next(time.Millisecond); ok {
		t.Error("Next found a second call; there was one")
	}
	if n := calls.Pending(); n != 0 {
		t.Errorf("Pending() = %d, want 0", n)
	}
}
