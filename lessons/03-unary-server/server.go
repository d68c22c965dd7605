// Package aggserver is the server side of the blog post's gRPC example: the
// gRPCRouteFuncs service (sum and multiply of two int32s) and the unary rpc
// of hello.v1.HelloService, put together on one gRPC server.
//
// The generated code in grpcworkshop/proto does the networking and the
// encoding. What is left for us is ordinary Go: one method per rpc, which
// takes the decoded request and returns a response or a status error.
package aggserver

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
)

// Server implements aggfuncpb.GRPCRouteFuncsServer: the rpcs sum and multiply.
//
// It embeds UnimplementedGRPCRouteFuncsServer by value, as the generated code
// asks. An rpc that someone adds to the .proto later then still compiles and
// answers UNIMPLEMENTED until we write its method. (Embedded by pointer, a
// nil embedding would panic at the first call instead.)
type Server struct {
	aggfuncpb.UnimplementedGRPCRouteFuncsServer
}

// Sum implements aggfuncpb.GRPCRouteFuncsServer. It returns value1 + value2.
func (Server) Sum(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	// TODO(step 1): answer with a ReturnValue that holds the sum of the two
	// operands. Read the request through its generated getters (see
	// "The generated interface" in the README): they work on a nil message
	// too.
	//
	// TODO(step 3): an int32 sum can be too big for an int32, and Go wraps it
	// around without a word. Compute where no sum of two int32s can
	// overflow, and when the true result does not fit, answer with a status
	// error of code OUT_OF_RANGE that says which values overflowed (see
	// "Status codes" in the README, and the godoc of status.Errorf). Leave a
	// comment on why OUT_OF_RANGE fits better than INVALID_ARGUMENT (is
	// anything wrong with the inputs?).
	return nil, status.Error(codes.Unimplemented, "TODO: implement Sum in server.go")
}

// Multiply implements aggfuncpb.GRPCRouteFuncsServer. It returns
// value1 * value2.
func (Server) Multiply(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	// TODO(step 2): like Sum, with the product.
	//
	// TODO(step 3): the same overflow check as Sum. What is the largest
	// product of two int32s, and which Go integer type holds it? One helper
	// for both methods keeps the check in one place.
	return nil, status.Error(codes.Unimplemented, "TODO: implement Multiply in server.go")
}
