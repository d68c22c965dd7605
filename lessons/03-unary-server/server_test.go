package aggserver

import (
	"fmt"
	"math"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// aggClient starts this lesson's server (NewGRPCServer) on bufconn and
// returns a gRPCRouteFuncs client connected to it. The calls below go
// through real gRPC encoding and HTTP/2, just without a socket.
func aggClient(t *testing.T) aggfuncpb.GRPCRouteFuncsClient {
	t.Helper()
	return aggfuncpb.NewGRPCRouteFuncsClient(grpctest.StartBufconn(t, NewGRPCServer(Options{})))
}

func args(a, b int32) *aggfuncpb.InputArgsOfBinaryFunc {
	return &aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: b}
}

// stopIfUnwritten ends the test with one message when a first call answers
// UNIMPLEMENTED: the handler is still the starter's, and every case of the
// table would fail the same way.
func stopIfUnwritten(t *testing.T, call string, err error, want, todo string) {
	t.Helper()
	if status.Code(err) == codes.Unimplemented {
		t.Fatalf("%s failed: %v; want %s: %s", call, err, want, todo)
	}
}

func TestSum(t *testing.T) {
	client := aggClient(t)
	_, err := client.Sum(t.Context(), args(3, 4))
	stopIfUnwritten(t, "sum(3, 4)", err, "7", "write Sum (TODO(step 1) in server.go)")
	tests := []struct {
		name       string
		a, b, want int32
	}{
		{"small", 3, 4, 7},
		{"negative", -5, 2, -3},
		{"zeros", 0, 0, 0},
		{"up to the largest int32", math.MaxInt32 - 1, 1, math.MaxInt32},
		{"down to the smallest int32", math.MinInt32 + 1, -1, math.MinInt32},
		{"largest plus smallest", math.MaxInt32, math.MinInt32, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := client.Sum(t.Context(), args(tt.a, tt.b))
			if err != nil {
				t.Fatalf("sum(%d, %d) failed: %v; want %d (see TODO(step 1) in Sum in server.go)", tt.a, tt.b, err, tt.want)
			}
			if got.GetValue() != tt.want {
				t.Errorf("sum(%d, %d) = %d, want %d (see TODO(step 1) in Sum in server.go)", tt.a, tt.b, got.GetValue(), tt.want)
			}
		})
	}
}

func TestMultiply(t *testing.T) {
	client := aggClient(t)
	_, err := client.Multiply(t.Context(), args(3, 4))
	stopIfUnwritten(t, "multiply(3, 4)", err, "12", "write Multiply (TODO(step 2) in server.go)")
	tests := []struct {
		name       string
		a, b, want int32
	}{
		{"small", 3, 4, 12},
		{"by zero", 123, 0, 0},
		{"negative", -6, 7, -42},
		{"two negatives", -6, -7, 42},
		{"just fits", 46341, 46340, 2147441940},
		{"exactly the smallest int32", -65536, 32768, math.MinInt32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := client.Multiply(t.Context(), args(tt.a, tt.b))
			if err != nil {
				t.Fatalf("multiply(%d, %d) failed: %v; want %d (see TODO(step 2) in Multiply in server.go)", tt.a, tt.b, err, tt.want)
			}
			if got.GetValue() != tt.want {
				t.Errorf("multiply(%d, %d) = %d, want %d (see TODO(step 2) in Multiply in server.go)", tt.a, tt.b, got.GetValue(), tt.want)
			}
		})
	}
}

// TestOverflow checks both edges of int32: a result just past the largest
// or the smallest value must fail with OUT_OF_RANGE, not wrap around.
func TestOverflow(t *testing.T) {
	client := aggClient(t)
	_, err := client.Sum(t.Context(), args(math.MaxInt32, 1))
	stopIfUnwritten(t, "sum(2147483647, 1)", err, "code OutOfRange", "write Sum and Multiply first (TODO(step 1) and (step 2) in server.go)")
	_, err = client.Multiply(t.Context(), args(65536, 65536))
	stopIfUnwritten(t, "multiply(65536, 65536)", err, "code OutOfRange", "write Multiply first (TODO(step 2) in server.go)")
	tests := []struct {
		method string
		a, b   int32
		exact  int64 // the true result, which int32 cannot hold
	}{
		{"sum", math.MaxInt32, 1, math.MaxInt32 + 1},
		{"sum", math.MinInt32, -1, math.MinInt32 - 1},
		{"sum", math.MaxInt32, math.MaxInt32, 2 * math.MaxInt32},
		{"multiply", 65536, 65536, 1 << 32},
		{"multiply", math.MinInt32, -1, -math.MinInt32},
		{"multiply", 46341, 46341, 46341 * 46341},
		{"multiply", math.MinInt32, math.MinInt32, 1 << 62},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s(%d, %d)", tt.method, tt.a, tt.b), func(t *testing.T) {
			var got *aggfuncpb.ReturnValue
			var err error
			if tt.method == "sum" {
				got, err = client.Sum(t.Context(), args(tt.a, tt.b))
			} else {
				got, err = client.Multiply(t.Context(), args(tt.a, tt.b))
			}
			if err == nil {
				t.Fatalf("%s(%d, %d) = %d, want an OutOfRange error: the true result %d does not fit in an int32 (see TODO(step 3) in server.go)",
					tt.method, tt.a, tt.b, got.GetValue(), tt.exact)
			}
			if code := status.Code(err); code != codes.OutOfRange {
				t.Errorf("%s(%d, %d) failed with code %v (%v), want code OutOfRange (see TODO(step 3) in server.go)",
					tt.method, tt.a, tt.b, code, err)
			}
		})
	}
}

func TestSayHello(t *testing.T) {
	client := hellov1.NewHelloServiceClient(grpctest.StartBufconn(t, NewGRPCServer(Options{})))
	_, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: "hello"})
	stopIfUnwritten(t, `SayHello("hello")`, err, `reply "hello, you said: hello"`, "write SayHello (TODO(step 4) in hello.go)")
	for _, greeting := range []string{"hello", "안녕하세요"} {
		t.Run(greeting, func(t *testing.T) {
			got, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: greeting})
			want := "hello, you said: " + greeting
			if err != nil {
				t.Fatalf("SayHello(%q) failed: %v; want reply %q (see TODO(step 4) in hello.go)", greeting, err, want)
			}
			if got.GetReply() != want {
				t.Errorf("SayHello(%q) replied %q, want %q (see TODO(step 4) in hello.go)", greeting, got.GetReply(), want)
			}
		})
	}
	t.Run("empty greeting", func(t *testing.T) {
		got, err := client.SayHello(t.Context(), &hellov1.HelloRequest{})
		if code := status.Code(err); code != codes.InvalidArgument {
			t.Errorf("SayHello(\"\") = (%v, %v), want code InvalidArgument: an empty greeting is bad input (see TODO(step 4) in hello.go)",
				got, err)
		}
	})
}
