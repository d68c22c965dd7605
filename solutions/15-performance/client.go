// Package perf is lesson 15: what a gRPC call costs, and four changes that
// make calls cheaper. Client (this file) calls the finished server: steps 1
// (one connection for every call) and 2 (many messages on one stream).
// WithGzip (compress.go) is step 3, ServerLimit and ClientLimit
// (limits.go) step 4. The benchmarks in bench_test.go measure each change.
package perf

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Client calls the finished server at one address: the post's sum
// (gRPCRouteFuncs) and hello.v1.HelloService's greetings. It is safe for
// concurrent use: a grpc.ClientConn is.
type Client struct {
	conn  *grpc.ClientConn
	sum   aggfuncpb.GRPCRouteFuncsClient
	hello hellov1.HelloServiceClient
}

// NewClient returns a Client of the server at target, such as
// "127.0.0.1:50051", in plaintext; opts go to grpc.NewClient after that,
// such as WithGzip or ClientLimit. Close it when done.
func NewClient(target string, opts ...grpc.DialOption) (*Client, error) {
	// START newclient OMIT
	opts = append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)
	conn, err := grpc.NewClient(target, opts...) // connects at the first call, then stays
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, sum: aggfuncpb.NewGRPCRouteFuncsClient(conn), hello: hellov1.NewHelloServiceClient(conn)}, nil
	// END newclient OMIT
}

// Close closes the Client's connection.
func (c *Client) Close() error {
	return c.conn.Close()
}

// Sum returns a + b, as the server's sum computes it.
func (c *Client) Sum(ctx context.Context, a, b int32) (int32, error) {
	r, err := c.sum.Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: b})
	if err != nil {
		return 0, err
	}
	return r.GetValue(), nil
}

// Greet sends one greeting with SayHello and returns the reply.
func (c *Client) Greet(ctx context.Context, greeting string) (string, error) {
	r, err := c.hello.SayHello(ctx, &hellov1.HelloRequest{Greeting: greeting})
	if err != nil {
		return "", err
	}
	return r.GetReply(), nil
}

// GreetAll sends every greeting and returns the replies, in the same order:
// the replies that Greet would return for each, in one BidiHello call.
func (c *Client) GreetAll(ctx context.Context, greetings []string) ([]string, error) {
	// START greetsend OMIT
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the stream if we return early
	stream, err := c.hello.BidiHello(ctx)
	if err != nil {
		return nil, err
	}
	sent := make(chan error, 1)
	go func() { // sends while the loop below receives: no round trip per message
		for _, g := range greetings {
			if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
				sent <- err // io.EOF: the server ended the call; Recv says why
				return
			}
		}
		sent <- stream.CloseSend()
	}()
	// END greetsend OMIT
	// START greetrecv OMIT
	replies := make([]string, 0, len(greetings))
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		replies = append(replies, r.GetReply())
	}
	// END greetrecv OMIT
	if err := <-sent; err != nil {
		return nil, err
	}
	return replies, nil
}
