// Package capstone is lesson 17: grpc.testing.TestService, the service of
// gRPC's interop suite, served on the finished server's foundations, and
// checked by grpc-go's official interop client, case by case.
//
// The service is Server (server.go, the learner's). Build puts it on the
// finished server: its interceptor chain (request id, recovery, the log of
// every call), health, reflection, limits, graceful stop with a deadline,
// TLS and OpenTelemetry by flag. Suite runs the official client (suite.go).
package capstone

import (
	"context"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished"
)

// The metadata keys the suite sends and wants back (README: "Metadata a
// client asks to see again"): the value of EchoInitialKey in the response
// header, the value of EchoTrailingKey in the trailer. A key ending in -bin
// holds bytes: gRPC sends them base64 encoded, and grpc-go decodes them
// before the handler sees them.
const (
	EchoInitialKey  = "x-grpc-test-echo-initial"
	EchoTrailingKey = "x-grpc-test-echo-trailing-bin"
)

// Build returns the finished server that c describes (finished.Build), with
// Server registered as grpc.testing.TestService through c.Register, so its
// calls, unary and streaming, go through the finished server's outermost
// layer (request id, recovery, the log) and health answers for it.
// cmd/interopserver and the tests build it the same way.
func Build(c *finished.Config, logTo io.Writer, extra ...grpc.ServerOption) *finished.Server {
	c.Register = func(s grpc.ServiceRegistrar) { testpb.RegisterTestServiceServer(s, Server{}) }
	return finished.Build(c, logTo, extra...)
}

// NewPayload returns a payload of size zero bytes of type t, or the error to
// send for a size or type the server cannot make. The suite asks only for
// COMPRESSABLE (zeros); UNCOMPRESSABLE was random bytes, dropped from the
// spec.
func NewPayload(t testpb.PayloadType, size int32) (*testpb.Payload, error) {
	if size < 0 {
		return nil, status.Errorf(codes.InvalidArgument, "response size %d: must not be negative", size)
	}
	if t != testpb.PayloadType_COMPRESSABLE {
		return nil, status.Errorf(codes.InvalidArgument, "payload type %v: only COMPRESSABLE is supported", t)
	}
	return &testpb.Payload{Type: t, Body: make([]byte, size)}, nil
}

// Sleep waits us microseconds, or until ctx ends (the client cancelled, or
// its deadline passed): then it returns ctx's status.
func Sleep(ctx context.Context, us int32) error {
	t := time.NewTimer(time.Duration(us) * time.Microsecond)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}
