// Package aggclient is the client side of the blog post's gRPC example: it
// calls sum and multiply on the gRPCRouteFuncs service of lesson 3, one call
// at a time (blocking) or many at once (from goroutines).
//
// Run is the whole aggclient command; cmd/aggclient only hands it the
// process's arguments and output.
package aggclient

import (
	"context"
	"errors"
	"strconv"
	"time"

	"google.golang.org/grpc"

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
	// TODO(step 1): create the client connection for addr, in plaintext
	// (see "The connection" in the README and the godoc of grpc.NewClient;
	// the credentials live in package grpc/credentials/insecure). Wrap any
	// error with the address. Skip grpc.Dial, WithInsecure and WithBlock,
	// whatever older examples show: they are deprecated.
	return nil, errors.New("TODO: create the connection with grpc.NewClient in Connect in client.go")
}

// Call makes one call and waits for its answer: a blocking (synchronous)
// call, like calling a local function. The call gets a deadline timeout from
// now; past it, gRPC gives up and returns a DEADLINE_EXCEEDED error, and the
// server sees the call canceled.
//
// Errors come back as they are, so status.Code(err) gives their gRPC code.
func Call(ctx context.Context, client aggfuncpb.GRPCRouteFuncsClient, op Op, timeout time.Duration) (int32, error) {
	// TODO(step 2): make the call that op.Method names, with the operands
	// in the request message, and wait for its answer. Give it a deadline
	// of timeout from now, and release that deadline's resources when Call
	// returns (see "Deadlines" in the README). An unknown method is an
	// error without any call. Return gRPC's error as it is: the caller reads
	// its status code.
	return 0, errors.New("TODO: call client.Sum or client.Multiply in Call in client.go")
}
