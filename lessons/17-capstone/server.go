package capstone

import (
	"context"

	"google.golang.org/grpc/codes"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The metadata keys the suite asks the server to echo (README: "Step 3").
// A key ending in -bin holds binary values: gRPC sends them base64 encoded,
// and grpc-go decodes them before the handler sees them.
const (
	echoInitialKey  = "x-grpc-test-echo-initial"
	echoTrailingKey = "x-grpc-test-echo-trailing-bin"
)

// Server is the learner's grpc.testing.TestService. It embeds the
// Unimplemented server by value: UnimplementedCall, which the suite calls to
// see UNIMPLEMENTED, stays unimplemented on purpose.
type Server struct {
	testgrpc.UnimplementedTestServiceServer
}

// requested returns the error the request asks for with its
// response_status, or nil when it asks for none (code 0, OK).
func requested(s *testpb.EchoStatus) error {
	// TODO(step 3): a response_status with a code other than 0 is the status
	// to answer with, its code and its message exactly as sent (README:
	// "Step 3: the status and the metadata the client asks for").
	return nil
}

// echo sends back the metadata the client asked to see again: the value of
// echoInitialKey in the header, the value of echoTrailingKey in the trailer.
// setHeader and setTrailer are grpc.SetHeader and grpc.SetTrailer for a
// unary call, the stream's SetHeader and SetTrailer for a stream.
func echo(ctx context.Context, setHeader, setTrailer func(metadata.MD) error) error {
	// TODO(step 3): read the incoming metadata of ctx and send each of the
	// two keys back, one value each, where the client looks for it (README:
	// "Step 3").
	return nil
}

// EmptyCall implements testgrpc.TestServiceServer: an empty request, an
// empty response.
func (Server) EmptyCall(context.Context, *testpb.Empty) (*testpb.Empty, error) {
	// TODO(step 1): answer (README: "Step 1: unary calls").
	return nil, status.Error(codes.Unimplemented, "EmptyCall: TODO step 1 in server.go")
}

// UnaryCall implements testgrpc.TestServiceServer: the payload of the
// requested size, or the requested status, with the metadata echoed.
func (Server) UnaryCall(ctx context.Context, in *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	// TODO(step 1): a response whose payload has the requested type and
	// size (payload, in capstone.go, makes one). TODO(step 3): first echo
	// the metadata, and answer with the status the request asks for, if any.
	return nil, status.Error(codes.Unimplemented, "UnaryCall: TODO step 1 in server.go")
}

// StreamingOutputCall implements testgrpc.TestServiceServer: one response
// per response parameter, of its size, in order.
func (Server) StreamingOutputCall(in *testpb.StreamingOutputCallRequest, stream testgrpc.TestService_StreamingOutputCallServer) error {
	// TODO(step 2): one response per response parameter, each after its
	// interval (README: "Step 2: streams"); a helper shared with
	// FullDuplexCall saves writing it twice.
	return status.Error(codes.Unimplemented, "StreamingOutputCall: TODO step 2 in server.go")
}

// StreamingInputCall implements testgrpc.TestServiceServer: reads every
// request, then answers with the total size of their payloads.
func (Server) StreamingInputCall(stream testgrpc.TestService_StreamingInputCallServer) error {
	// TODO(step 2): read until the client closes its side, then send the
	// sum of the payloads' sizes (README: "Step 2: streams").
	return status.Error(codes.Unimplemented, "StreamingInputCall: TODO step 2 in server.go")
}

// FullDuplexCall implements testgrpc.TestServiceServer: for each request
// as it comes, the requested status or its responses, with the metadata
// echoed; it ends when the client closes its side.
func (Server) FullDuplexCall(stream testgrpc.TestService_FullDuplexCallServer) error {
	// TODO(step 2): for each request as it arrives, its responses; end when
	// the client closes its side (README: "Step 2: streams"). TODO(step 3):
	// echo the metadata first, and end with the status a request asks for.
	return status.Error(codes.Unimplemented, "FullDuplexCall: TODO step 2 in server.go")
}
