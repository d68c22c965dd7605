package hello

import (
	"context"
	"time"

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
	if err := work(ctx, r.Delay); err != nil {
		return nil, err
	}
	ctx, cancel, err := reserve(ctx, r.Reserve) // Going further
	if err != nil {
		return nil, err
	}
	defer cancel()
	// START relay OMIT
	resp, err := r.Next.SayHello(ctx, in) // ctx: the caller's deadline travels on
	if err != nil {
		return nil, err // the status as Next sent it, details and all
	}
	// END relay OMIT
	return &hellov1.HelloResponse{Reply: "relayed: " + resp.GetReply()}, nil
}
