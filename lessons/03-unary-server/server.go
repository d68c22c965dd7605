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
	// TODO(step 1): return &aggfuncpb.ReturnValue{Value: ...} holding
	// in.GetValue1() + in.GetValue2(). Use the getters: they work on a nil
	// message too.
	//
	// TODO(step 3): a sum can be too big for an int32: MaxInt32 + 1 wraps
	// around to MinInt32 in Go. Add the two values as int64s (int64(a) +
	// int64(b) cannot overflow), and when the result is below math.MinInt32
	// or above math.MaxInt32, return
	//
	//	status.Errorf(codes.OutOfRange, "%d + %d = %d does not fit in an int32", ...)
	//
	// Write a comment on why OUT_OF_RANGE fits better than INVALID_ARGUMENT
	// here (hint: is anything wrong with the inputs?).
	return nil, status.Error(codes.Unimplemented, "TODO: implement Sum in server.go")
}

// Multiply implements aggfuncpb.GRPCRouteFuncsServer. It returns
// value1 * value2.
func (Server) Multiply(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	// TODO(step 2): like Sum, with value1 * value2.
	//
	// TODO(step 3): check for overflow as in Sum. The product of two int32s
	// always fits in an int64 (the largest is MinInt32 * MinInt32 = 2^62).
	// A small helper that both methods call keeps the check in one place.
	return nil, status.Error(codes.Unimplemented, "TODO: implement Multiply in server.go")
}
