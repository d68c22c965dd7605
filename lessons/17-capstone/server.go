package capstone

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Server is the learner's grpc.testing.TestService. It embeds the
// Unimplemented server by value: UnimplementedCall, which the suite calls to
// see UNIMPLEMENTED, stays unimplemented on purpose.
type Server struct {
	testpb.UnimplementedTestServiceServer
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
// EchoInitialKey in the header, the value of EchoTrailingKey in the trailer.
// setHeader and setTrailer are grpc.SetHeader and grpc.SetTrailer for a
// unary call, the stream's SetHeader and SetTrailer for a stream.
func echo(ctx context.Context, setHeader, setTrailer func(metadata.MD) error) error {
	// TODO(step 3): read the incoming metadata of ctx and send each of the
	// two keys back, one value each, where the client looks for it (README:
	// "Step 3"). UnaryCall and FullDuplexCall call echo before any response.
	return nil
}

// EmptyCall implements testpb.TestServiceServer: an empty request, an
// empty response.
func (Server) EmptyCall(context.Context, *testpb.Empty) (*testpb.Empty, error) {
	// TODO(step 1): answer (README: "Step 1: unary calls").
	return nil, status.Error(codes.Unimplemented, "EmptyCall: TODO step 1 in server.go")
}

// UnaryCall implements testpb.TestServiceServer: the payload of the
// requested size, or the requested status, with the metadata echoed.
func (Server) UnaryCall(ctx context.Context, in *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	// The metadata and the status the client asks for: step 3, in echo and
	// requested.
	setTrailer := func(md metadata.MD) error { return grpc.SetTrailer(ctx, md) }
	if err := echo(ctx, func(md metadata.MD) error { return grpc.SetHeader(ctx, md) }, setTrailer); err != nil {
		return nil, err
	}
	if err := requested(in.GetResponseStatus()); err != nil {
		return nil, err
	}
	// TODO(step 1): a response whose payload has the requested type and
	// size (NewPayload, in capstone.go, makes one; README: "Step 1").
	return nil, status.Error(codes.Unimplemented, "UnaryCall: TODO step 1 in server.go")
}

// StreamingOutputCall implements testpb.TestServiceServer: one response
// per response parameter, of its size, in order.
func (Server) StreamingOutputCall(in *testpb.StreamingOutputCallRequest, stream testpb.TestService_StreamingOutputCallServer) error {
	// TODO(step 2): one response per response parameter, each after its
	// interval (README: "Step 2: streams"); a helper shared with
	// FullDuplexCall saves writing it twice.
	return status.Error(codes.Unimplemented, "StreamingOutputCall: TODO step 2 in server.go")
}

// StreamingInputCall implements testpb.TestServiceServer: reads every
// request, then answers with the total size of their payloads.
func (Server) StreamingInputCall(stream testpb.TestService_StreamingInputCallServer) error {
	// TODO(step 2): read until the client closes its side, then send the
	// sum of the payloads' sizes (README: "Step 2: streams").
	return status.Error(codes.Unimplemented, "StreamingInputCall: TODO step 2 in server.go")
}

// FullDuplexCall implements testpb.TestServiceServer: for each request
// as it comes, the requested status or its responses, with the metadata
// echoed; it ends when the client closes its side.
func (Server) FullDuplexCall(stream testpb.TestService_FullDuplexCallServer) error {
	// The metadata the client asks for: step 3, in echo.
	if err := echo(stream.Context(), stream.SetHeader, func(md metadata.MD) error { stream.SetTrailer(md); return nil }); err != nil {
		return err
	}
	// TODO(step 2): for each request as it arrives, its responses; end when
	// the client closes its side (README: "Step 2: streams"). TODO(step 3):
	// a request may ask for a status instead (requested).
	return status.Error(codes.Unimplemented, "FullDuplexCall: TODO step 2 in server.go")
}
