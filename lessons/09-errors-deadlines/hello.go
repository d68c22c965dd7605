// Package hello is lesson 9's HelloService: errors that explain themselves,
// deadlines that travel, and handlers that stop when their caller has gone.
//
//   - validate.go: SayHello checks its greeting and answers INVALID_ARGUMENT
//     with a google.rpc.BadRequest detail that names each problem.
//   - client.go: FieldErrors reads those details back on the client.
//   - work.go: the slow part of a handler, which stops as soon as the call
//     is canceled or its deadline passes.
//   - relay.go: a Relay serves SayHello by calling another HelloService with
//     its own incoming context, so the caller's deadline travels downstream.
//
// The rest of the service is finished already, in grpcworkshop/finished/hello:
// this HelloServer embeds the finished one and replaces only its SayHello.
package hello

import (
	"context"
	"time"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// HelloServer is the finished server with this lesson's SayHello in place of
// its own. The zero value is ready to use.
type HelloServer struct {
	finished.HelloServer

	// Delay is how long SayHello works before it answers: a stand-in for a
	// slow database query or computation. Zero answers at once.
	Delay time.Duration
}

// SayHello implements hellov1.HelloServiceServer. It checks the greeting
// (validate), works for s.Delay (work), then answers as the finished
// SayHello does, "hello, you said: hi". A bad greeting is INVALID_ARGUMENT
// with a BadRequest detail; a call canceled, or past its deadline, while
// the server works ends CANCELED or DEADLINE_EXCEEDED at once.
func (s HelloServer) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	if err := validate(in); err != nil {
		return nil, err
	}
	if err := work(ctx, s.Delay); err != nil {
		return nil, err
	}
	return s.HelloServer.SayHello(ctx, in)
}
