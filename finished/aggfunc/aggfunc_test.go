package aggfunc

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
)

func TestServer(t *testing.T) {
	var s Server
	tests := []struct {
		name     string
		rpc      func(context.Context, *aggfuncpb.InputArgsOfBinaryFunc) (*aggfuncpb.ReturnValue, error)
		a, b     int32
		want     int32
		wantCode codes.Code
		wantMsg  string
	}{
		{name: "sum", rpc: s.Sum, a: 3, b: 4, want: 7},
		{name: "sum of negatives", rpc: s.Sum, a: -3, b: -4, want: -7},
		{name: "sum at the limit", rpc: s.Sum, a: math.MaxInt32 - 1, b: 1, want: math.MaxInt32},
		{name: "sum past the top", rpc: s.Sum, a: math.MaxInt32, b: 1, wantCode: codes.OutOfRange,
			wantMsg: "2147483647 + 1 = 2147483648 does not fit in an int32"},
		{name: "sum past the bottom", rpc: s.Sum, a: math.MinInt32, b: -1, wantCode: codes.OutOfRange,
			wantMsg: "-2147483648 + -1 = -2147483649 does not fit in an int32"},
		{name: "multiply", rpc: s.Multiply, a: 6, b: 7, want: 42},
		{name: "multiply by zero", rpc: s.Multiply, a: math.MinInt32, b: 0, want: 0},
		{name: "multiply past the top", rpc: s.Multiply, a: 70000, b: 70000, wantCode: codes.OutOfRange,
			wantMsg: "70000 * 70000 = 4900000000 does not fit in an int32"},
		{name: "multiply the smallest by itself", rpc: s.Multiply, a: math.MinInt32, b: math.MinInt32, wantCode: codes.OutOfRange,
			wantMsg: "-2147483648 * -2147483648 = 4611686018427387904 does not fit in an int32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rpc(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: tt.a, Value2: tt.b})
			st := status.Convert(err)
			if assert.Equal(t, tt.wantCode, st.Code(), "status code of %s(%d, %d), message %q", tt.name, tt.a, tt.b, st.Message()) {
				assert.Equal(t, tt.want, got.GetValue(), "%s(%d, %d)", tt.name, tt.a, tt.b)
				assert.Equal(t, tt.wantMsg, st.Message())
			}
		})
	}
}
