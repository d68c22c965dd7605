package capstone

import (
	"context"
	"errors"
	"io"

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
	// START requested OMIT
	if s.GetCode() == 0 {
		return nil
	}
	return status.Error(codes.Code(s.GetCode()), s.GetMessage())
	// END requested OMIT
}

// echo sends back the metadata the client asked to see again: the value of
// EchoInitialKey in the header, the value of EchoTrailingKey in the trailer.
// setHeader and setTrailer are grpc.SetHeader and grpc.SetTrailer for a
// unary call, the stream's SetHeader and SetTrailer for a stream.
func echo(ctx context.Context, setHeader, setTrailer func(metadata.MD) error) error {
	// START echo OMIT
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get(EchoInitialKey); len(v) > 0 {
		if err := setHeader(metadata.Pairs(EchoInitialKey, v[0])); err != nil {
			return err
		}
	}
	if v := md.Get(EchoTrailingKey); len(v) > 0 {
		if err := setTrailer(metadata.Pairs(EchoTrailingKey, v[0])); err != nil {
			return err
		}
	}
	return nil
	// END echo OMIT
}

// EmptyCall implements testpb.TestServiceServer: an empty request, an
// empty response.
func (Server) EmptyCall(context.Context, *testpb.Empty) (*testpb.Empty, error) {
	return &testpb.Empty{}, nil
}

// UnaryCall implements testpb.TestServiceServer: the payload of the
// requested size, or the requested status, with the metadata echoed.
func (Server) UnaryCall(ctx context.Context, in *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	// START unary OMIT
	setTrailer := func(md metadata.MD) error { return grpc.SetTrailer(ctx, md) }
	if err := echo(ctx, func(md metadata.MD) error { return grpc.SetHeader(ctx, md) }, setTrailer); err != nil {
		return nil, err
	}
	if err := requested(in.GetResponseStatus()); err != nil {
		return nil, err
	}
	pl, err := NewPayload(in.GetResponseType(), in.GetResponseSize())
	if err != nil {
		return nil, err
	}
	return &testpb.SimpleResponse{Payload: pl}, nil
	// END unary OMIT
}

// StreamingOutputCall implements testpb.TestServiceServer: one response
// per response parameter, of its size, in order.
func (Server) StreamingOutputCall(in *testpb.StreamingOutputCallRequest, stream testpb.TestService_StreamingOutputCallServer) error {
	return respond(stream, in)
}

// StreamingInputCall implements testpb.TestServiceServer: reads every
// request, then answers with the total size of their payloads.
func (Server) StreamingInputCall(stream testpb.TestService_StreamingInputCallServer) error {
	// START input OMIT
	var total int32
	for {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return stream.SendAndClose(&testpb.StreamingInputCallResponse{AggregatedPayloadSize: total})
		}
		if err != nil {
			return err // the client cancelled, or the connection broke
		}
		total += int32(len(in.GetPayload().GetBody()))
	}
	// END input OMIT
}

// FullDuplexCall implements testpb.TestServiceServer: for each request
// as it comes, the requested status or its responses, with the metadata
// echoed; it ends when the client closes its side.
func (Server) FullDuplexCall(stream testpb.TestService_FullDuplexCallServer) error {
	// START duplex OMIT
	if err := echo(stream.Context(), stream.SetHeader, func(md metadata.MD) error { stream.SetTrailer(md); return nil }); err != nil {
		return err
	}
	for {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := requested(in.GetResponseStatus()); err != nil {
			return err
		}
		if err := respond(stream, in); err != nil {
			return err
		}
	}
	// END duplex OMIT
}

// respond sends the responses in asks for on stream: one per response
// parameter, each after its interval.
func respond(stream grpc.ServerStreamingServer[testpb.StreamingOutputCallResponse], in *testpb.StreamingOutputCallRequest) error {
	for _, p := range in.GetResponseParameters() {
		if us := p.GetIntervalUs(); us > 0 {
			if err := Sleep(stream.Context(), us); err != nil {
				return err
			}
		}
		pl, err := NewPayload(in.GetResponseType(), p.GetSize())
		if err != nil {
			return err
		}
		if err := stream.Send(&testpb.StreamingOutputCallResponse{Payload: pl}); err != nil {
			return err
		}
	}
	return nil
}
