package hello

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// Relay serves SayHello by calling another HelloService, Next, the way a
// front-end service calls the services behind it. Its other rpcs are
// Unimplemented.
type Relay struct {
	hellov1.UnimplementedHelloServiceServer

	// Next is the HelloService the relay calls.
	Next hellov1.HelloServiceClient
	// Delay is how long the relay works before it calls Next, as a front
	// end does when it checks a session or reads a cache. Zero calls at once.
	Delay time.Duration
	// Reserve is the Going further exercise (README): how much of its
	// caller's time the relay keeps for itself, to answer once Next has.
	// Zero keeps none.
	Reserve time.Duration
}

// SayHello implements hellov1.HelloServiceServer. It works for r.Delay, then
// asks Next with the same greeting and answers with Next's reply, prefixed:
// "relayed: hello, you said: hi".
//
// It calls Next with its own incoming ctx, so Next's call carries the
// caller's deadline (the time left of it) and ends when the caller's call
// does: canceled or past its deadline, the relay's caller gets its status,
// and Next sees its call canceled rather than work on for nobody. An error
// from Next goes back to the caller as it is: its code, message and details.
func (r Relay) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	// TODO(step 4): work for r.Delay (work, step 3), then ask r.Next with
	// the same greeting and answer with its reply, prefixed "relayed: ". Call
	// Next with the ctx this handler got, not a new one: that is how the
	// caller's deadline travels on. Return Next's error as it is. Read
	// "Deadlines travel" in the README.
	_, _ = ctx, in
	return nil, status.Error(codes.Unimplemented, "Relay.SayHello is not written yet: see the TODO in relay.go")
}
