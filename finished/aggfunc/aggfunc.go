// Package aggfunc is the finished gRPCRouteFuncs service of the blog post:
// sum and multiply of two int32s, which lesson 3 writes.
//
// The service keeps the post's own names (package proto, service
// gRPCRouteFuncs, rpcs sum and multiply) so that clients written from the
// post can call it; see proto/aggfunc.proto.
package aggfunc

import (
	"context"
	"math"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
)

// Server implements aggfuncpb.GRPCRouteFuncsServer. The zero value is ready
// to use.
//
// It embeds UnimplementedGRPCRouteFuncsServer by value: an rpc added to the
// .proto later compiles at once and answers UNIMPLEMENTED until it has a
// method here.
type Server struct {
	aggfuncpb.UnimplementedGRPCRouteFuncsServer
}

// Sum implements aggfuncpb.GRPCRouteFuncsServer: value1 + value2.
func (Server) Sum(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return reply(in, "+", int64(in.GetValue1())+int64(in.GetValue2()))
}

// Multiply implements aggfuncpb.GRPCRouteFuncsServer: value1 * value2.
func (Server) Multiply(_ context.Context, in *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error) {
	return reply(in, "*", int64(in.GetValue1())*int64(in.GetValue2()))
}

// reply returns exact, the result of "value1 op value2" computed in int64
// (where no sum or product of two int32s overflows), as the reply's int32;
// or OUT_OF_RANGE when it does not fit, such as "2147483647 + 1 =
// 2147483648 does not fit in an int32" (testkit's FakeAgg and the Python
// client's tests expect that text).
//
// Not INVALID_ARGUMENT: both inputs are valid int32s. It is the result that
// falls past the end of what the reply can hold, which is what OUT_OF_RANGE
// means.
func reply(in *aggfuncpb.InputArgsOfBinaryFunc, op string, exact int64) (*aggfuncpb.ReturnValue, error) {
	if exact < math.MinInt32 || exact > math.MaxInt32 {
		return nil, status.Errorf(codes.OutOfRange, "%d %s %d = %d does not fit in an int32", in.GetValue1(), op, in.GetValue2(), exact)
	}
	return &aggfuncpb.ReturnValue{Value: int32(exact)}, nil
}
