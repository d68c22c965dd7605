package capstone

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// ClientCases are the cases RunCase must run (step 4): the unary ones the
// Python client of issue 15 runs too. Going further adds FurtherCases: with
// them, RunCase runs all 14 cases of grpc-go's client but the soak tests.
var (
	ClientCases  = []string{"empty_unary", "large_unary", "status_code_and_message", "custom_metadata", "unimplemented_method"}
	FurtherCases = []string{"client_streaming", "server_streaming", "ping_pong", "empty_stream",
		"timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response",
		"special_status_message", "unimplemented_service"}
)

// callTimeout bounds each case: every call of a case, together.
const callTimeout = 5 * time.Second

// RunCase runs the client side of the interop case name on conn, as the
// interop spec describes it (README: "Step 4: the client"), and returns
// nil when the server answered as the spec says, or what it did instead.
func RunCase(ctx context.Context, conn grpc.ClientConnInterface, name string) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	tc := testpb.NewTestServiceClient(conn)
	switch name {
	case "empty_unary":
		_, err := tc.EmptyCall(ctx, &testpb.Empty{})
		return err
	case "large_unary":
		return largeUnary(ctx, tc)
	case "status_code_and_message":
		return statusCodeAndMessage(ctx, tc)
	case "custom_metadata":
		return customMetadata(ctx, tc)
	case "unimplemented_method":
		_, err := tc.UnimplementedCall(ctx, &testpb.Empty{})
		if status.Code(err) != codes.Unimplemented {
			return fmt.Errorf("UnimplementedCall = %v, want code Unimplemented", err)
		}
		return nil
	case "client_streaming":
		return clientStreaming(ctx, tc)
	case "server_streaming":
		return serverStreaming(ctx, tc)
	case "ping_pong":
		return pingPong(ctx, tc)
	case "empty_stream":
		return emptyStream(ctx, tc)
	case "timeout_on_sleeping_server":
		return timeoutOnSleepingServer(ctx, tc)
	case "cancel_after_begin":
		return cancelAfterBegin(ctx, tc)
	case "cancel_after_first_response":
		return cancelAfterFirstResponse(ctx, tc)
	case "special_status_message":
		return specialStatusMessage(ctx, tc)
	case "unimplemented_service":
		_, err := testpb.NewUnimplementedServiceClient(conn).UnimplementedCall(ctx, &testpb.Empty{})
		if status.Code(err) != codes.Unimplemented {
			return fmt.Errorf("UnimplementedService.UnimplementedCall = %v, want code Unimplemented", err)
		}
		return nil
	}
	return fmt.Errorf("case %q: this client does not know it", name)
}

// START large OMIT
func largeUnary(ctx context.Context, tc testpb.TestServiceClient) error {
	req := &testpb.SimpleRequest{
		ResponseType: testpb.PayloadType_COMPRESSABLE,
		ResponseSize: 314159,
		Payload:      &testpb.Payload{Body: make([]byte, 271828)},
	}
	resp, err := tc.UnaryCall(ctx, req)
	if err != nil {
		return err
	}
	return checkPayload(resp.GetPayload(), 314159)
}

// END large OMIT

// checkPayload says what is wrong with a response's payload p, which should
// hold size zero bytes of type COMPRESSABLE.
func checkPayload(p *testpb.Payload, size int) error {
	if p.GetType() != testpb.PayloadType_COMPRESSABLE || len(p.GetBody()) != size {
		return fmt.Errorf("payload of type %v and %d bytes, want COMPRESSABLE and %d", p.GetType(), len(p.GetBody()), size)
	}
	if !bytes.Equal(p.GetBody(), make([]byte, size)) {
		return errors.New("payload body is not all zeros")
	}
	return nil
}

func statusCodeAndMessage(ctx context.Context, tc testpb.TestServiceClient) error {
	return askStatus(ctx, tc, "test status message")
}

func specialStatusMessage(ctx context.Context, tc testpb.TestServiceClient) error {
	return askStatus(ctx, tc, "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n")
}

// askStatus asks UnaryCall for UNKNOWN with message msg, and checks both
// come back exactly.
func askStatus(ctx context.Context, tc testpb.TestServiceClient, msg string) error {
	_, err := tc.UnaryCall(ctx, &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Code: int32(codes.Unknown), Message: msg}})
	if s := status.Convert(err); s.Code() != codes.Unknown || s.Message() != msg {
		return fmt.Errorf("UnaryCall asking for UNKNOWN %q = %v, want that status", msg, err)
	}
	return nil
}

// START metadata OMIT
func customMetadata(ctx context.Context, tc testpb.TestServiceClient) error {
	const initial, trailing = "test_initial_metadata_value", "\x0a\x0b\x0a\x0b\x0a\x0b"
	ctx = metadata.AppendToOutgoingContext(ctx, EchoInitialKey, initial, EchoTrailingKey, trailing)
	var header, trailer metadata.MD
	req := &testpb.SimpleRequest{ResponseType: testpb.PayloadType_COMPRESSABLE, ResponseSize: 1, Payload: &testpb.Payload{Body: []byte{0}}}
	if _, err := tc.UnaryCall(ctx, req, grpc.Header(&header), grpc.Trailer(&trailer)); err != nil {
		return err
	}
	if got := header.Get(EchoInitialKey); len(got) != 1 || got[0] != initial {
		return fmt.Errorf("header %s = %q, want [%q]", EchoInitialKey, got, initial)
	}
	if got := trailer.Get(EchoTrailingKey); len(got) != 1 || got[0] != trailing {
		return fmt.Errorf("trailer %s = %q, want [%q]", EchoTrailingKey, got, trailing)
	}
	return nil
}

// END metadata OMIT

// The sizes of the stream cases' requests and responses, from the spec.
var (
	requestSizes  = []int{27182, 8, 1828, 45904}
	responseSizes = []int{31415, 9, 2653, 58979}
)

func clientStreaming(ctx context.Context, tc testpb.TestServiceClient) error {
	stream, err := tc.StreamingInputCall(ctx)
	if err != nil {
		return err
	}
	sum := 0
	for _, n := range requestSizes {
		if err := stream.Send(&testpb.StreamingInputCallRequest{Payload: &testpb.Payload{Body: make([]byte, n)}}); err != nil {
			return err
		}
		sum += n
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return err
	}
	if got := int(resp.GetAggregatedPayloadSize()); got != sum {
		return fmt.Errorf("aggregated payload size %d, want %d", got, sum)
	}
	return nil
}

func serverStreaming(ctx context.Context, tc testpb.TestServiceClient) error {
	req := &testpb.StreamingOutputCallRequest{ResponseType: testpb.PayloadType_COMPRESSABLE}
	for _, n := range responseSizes {
		req.ResponseParameters = append(req.ResponseParameters, &testpb.ResponseParameters{Size: int32(n)})
	}
	stream, err := tc.StreamingOutputCall(ctx, req)
	if err != nil {
		return err
	}
	for i, n := range responseSizes {
		resp, err := stream.Recv()
		if err != nil {
			return fmt.Errorf("response %d: %w", i+1, err)
		}
		if err := checkPayload(resp.GetPayload(), n); err != nil {
			return fmt.Errorf("response %d: %w", i+1, err)
		}
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("after %d responses: %v, want the end of the stream", len(responseSizes), err)
	}
	return nil
}

func pingPong(ctx context.Context, tc testpb.TestServiceClient) error {
	stream, err := tc.FullDuplexCall(ctx)
	if err != nil {
		return err
	}
	for i := range requestSizes {
		req := &testpb.StreamingOutputCallRequest{
			ResponseType:       testpb.PayloadType_COMPRESSABLE,
			ResponseParameters: []*testpb.ResponseParameters{{Size: int32(responseSizes[i])}},
			Payload:            &testpb.Payload{Body: make([]byte, requestSizes[i])},
		}
		if err := stream.Send(req); err != nil {
			return fmt.Errorf("ping %d: %w", i+1, err)
		}
		resp, err := stream.Recv()
		if err != nil {
			return fmt.Errorf("pong %d: %w", i+1, err)
		}
		if err := checkPayload(resp.GetPayload(), responseSizes[i]); err != nil {
			return fmt.Errorf("pong %d: %w", i+1, err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		return err
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("after the last pong: %v, want the end of the stream", err)
	}
	return nil
}

func emptyStream(ctx context.Context, tc testpb.TestServiceClient) error {
	stream, err := tc.FullDuplexCall(ctx)
	if err != nil {
		return err
	}
	if err := stream.CloseSend(); err != nil {
		return err
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("a stream closed at once: %v, want its end", err)
	}
	return nil
}

func timeoutOnSleepingServer(ctx context.Context, tc testpb.TestServiceClient) error {
	ctx, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	stream, err := tc.FullDuplexCall(ctx)
	if status.Code(err) == codes.DeadlineExceeded {
		return nil // the deadline passed before the call began
	}
	if err != nil {
		return err
	}
	req := &testpb.StreamingOutputCallRequest{Payload: &testpb.Payload{Body: make([]byte, 27182)}}
	if err := stream.Send(req); err != nil && !errors.Is(err, io.EOF) {
		return err // io.EOF: the call has ended, and Recv says how
	}
	if _, err := stream.Recv(); status.Code(err) != codes.DeadlineExceeded {
		return fmt.Errorf("a call with 1ms to live: %v, want DEADLINE_EXCEEDED", err)
	}
	return nil
}

func cancelAfterBegin(ctx context.Context, tc testpb.TestServiceClient) error {
	ctx, cancel := context.WithCancel(ctx)
	stream, err := tc.StreamingInputCall(ctx)
	if err != nil {
		cancel()
		return err
	}
	cancel()
	if _, err := stream.CloseAndRecv(); status.Code(err) != codes.Canceled {
		return fmt.Errorf("a call cancelled before its first message: %v, want CANCELLED", err)
	}
	return nil
}

func cancelAfterFirstResponse(ctx context.Context, tc testpb.TestServiceClient) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := tc.FullDuplexCall(ctx)
	if err != nil {
		return err
	}
	req := &testpb.StreamingOutputCallRequest{
		ResponseType:       testpb.PayloadType_COMPRESSABLE,
		ResponseParameters: []*testpb.ResponseParameters{{Size: 31415}},
		Payload:            &testpb.Payload{Body: make([]byte, 27182)},
	}
	if err := stream.Send(req); err != nil {
		return err
	}
	if _, err := stream.Recv(); err != nil {
		return fmt.Errorf("first response: %w", err)
	}
	cancel()
	if _, err := stream.Recv(); status.Code(err) != codes.Canceled {
		return fmt.Errorf("a call cancelled after its first response: %v, want CANCELLED", err)
	}
	return nil
}
