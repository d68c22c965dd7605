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
	"math"

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
	a, b := in.GetValue1(), in.GetValue2()
	return fitInt32(a, "+", b, int64(a)+int64(b))
}

// Multiply implements aggfuncpb.GRPCRouteFuncsServer. It returns
// value1 * value2.
func (Server) Multiply(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	a, b := in.GetValue1(), in.GetValue2()
	return fitInt32(a, "*", b, int64(a)*int64(b))
}

// fitInt32 wraps the exact result r of "a op b" in a ReturnValue, or returns
// an OUT_OF_RANGE status when r does not fit in the int32 of the reply.
//
// The callers compute r in int64, where no sum or product of two int32s can
// overflow (the largest, MinInt32 * MinInt32, is 2^62). So comparing r with
// the int32 limits is exact. In int32 arithmetic, MaxInt32 + 1 would quietly
// wrap around to MinInt32 and we would send a wrong answer.
func fitInt32(a int32, op string, b int32, r int64) (*aggfuncpb.ReturnValue, error) {
	if r < math.MinInt32 || r > math.MaxInt32 {
		// Why OUT_OF_RANGE and not INVALID_ARGUMENT: the inputs are
		// perfectly valid int32s, and each one alone is fine; it is the result
		// that falls outside the range the reply can hold. gRPC's status
		// guide keeps INVALID_ARGUMENT for requests that are wrong whatever
		// the state or range, and OUT_OF_RANGE for "valid, but past the end".
		return nil, status.Errorf(codes.OutOfRange, "%d %s %d = %d does not fit in an int32", a, op, b, r)
	}
	return &aggfuncpb.ReturnValue{Value: int32(r)}, nil
}
