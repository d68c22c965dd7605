// Package aggclient is the client side of the blog post's gRPC example: it
// calls sum and multiply on the gRPCRouteFuncs service of lesson 3, one call
// at a time (blocking) or many at once (from goroutines).
//
// Run is the whole aggclient command; cmd/aggclient only hands it the
// process's arguments and output.
package aggclient

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"grpcworkshop/proto/aggfuncpb"
)

// Op is one call to make: Method ("sum" or "multiply") of A and B.
type Op struct {
	Method string
	A, B   int32
}

// String returns the op as it was typed, such as "sum 3 4".
func (o Op) String() string {
	return o.Method + " " + strconv.Itoa(int(o.A)) + " " + strconv.Itoa(int(o.B))
}

// Connect returns a client connection to the server at addr, such as
// "localhost:50051", in plaintext: the workshop's server has no TLS.
//
// grpc.NewClient does not connect yet. The first call does, so a server that
// is down shows up as an UNAVAILABLE error on that call, not here. One
// connection carries any number of calls, also at the same time: create it
// once and share it.
func Connect(addr string) (*grpc.ClientConn, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("cannot create a client for %s: %w", addr, err)
	}
	return conn, nil
}

// Call makes one call and waits for its answer: a blocking (synchronous)
// call, like calling a local function. The call gets a deadline timeout from
// now; past it, gRPC gives up and returns a DEADLINE_EXCEEDED error, and the
// server sees the call canceled.
//
// Errors come back as they are, so status.Code(err) gives their gRPC code.
func Call(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient, op Op, timeout time.Duration) (int32, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	in := &aggfuncpb.InputArgsOfBinaryFunc{Value1: op.A, Value2: op.B}
	var out *aggfuncpb.ReturnValue
	var err error
	switch op.Method {
	case "sum":
		out, err = client.Sum(ctx, in)
	case "multiply":
		out, err = client.Multiply(ctx, in)
	default:
		return 0, fmt.Errorf("unknown method %q, want sum or multiply", op.Method)
	}
	if err != nil {
		return 0, err
	}
	return out.GetValue(), nil
}
