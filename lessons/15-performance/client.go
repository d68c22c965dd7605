// Package perf is lesson 15: what a gRPC call costs, and four changes that
// make calls cheaper. Client (this file) calls the finished server: steps 1
// (one connection for every call) and 2 (many messages on one stream).
// WithGzip (compress.go) is step 3, ServerLimit and ClientLimit
// (limits.go) step 4. The benchmarks in bench_test.go measure each change.
package perf

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Client calls the finished server at one address: the post's sum
// (gRPCRouteFuncs) and hello.v1.HelloService's greetings. It is safe for
// concurrent use.
type Client struct {
	target string
	opts   []grpc.DialOption
}

// NewClient returns a Client of the server at target, such as
// "127.0.0.1:50051", in plaintext; opts go to grpc.NewClient after that,
// such as WithGzip or ClientLimit. Close it when done.
func NewClient(target string, opts ...grpc.DialOption) (*Client, error) {
	// TODO(step 1): every call below opens a connection of its own and
	// closes it again: a TCP handshake and HTTP/2's settings, each time,
	// before the call can start (README: "A connection is expensive; a
	// call is not"). Make the one grpc.ClientConn here instead, keep it
	// (and the service clients made from it) in the Client, and let Sum,
	// Greet and GreetAll share it: a ClientConn is safe for concurrent use.
	// Close then closes it.
	opts = append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)
	return &Client{target: target, opts: opts}, nil
}

// Close closes the Client's connection.
func (c *Client) Close() error {
	return nil
}

// dial opens a new connection for one call: the slow way (step 1).
func (c *Client) dial() (*grpc.ClientConn, error) {
	return grpc.NewClient(c.target, c.opts...)
}

// Sum returns a + b, as the server's sum computes it.
func (c *Client) Sum(ctx context.Context, a, b int32) (int32, error) {
	conn, err := c.dial()
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	r, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: a, Value2: b})
	if err != nil {
		return 0, err
	}
	return r.GetValue(), nil
}

// Greet sends one greeting with SayHello and returns the reply.
func (c *Client) Greet(ctx context.Context, greeting string) (string, error) {
	conn, err := c.dial()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	r, err := hellov1.NewHelloServiceClient(conn).SayHello(ctx, &hellov1.HelloRequest{Greeting: greeting})
	if err != nil {
		return "", err
	}
	return r.GetReply(), nil
}

// GreetAll sends every greeting and returns the replies, in the same order:
// the replies that Greet would return for each, in one BidiHello call.
func (c *Client) GreetAll(ctx context.Context, greetings []string) ([]string, error) {
	// TODO(step 2): one SayHello per greeting pays a round trip and an
	// HTTP/2 stream (headers out, headers and trailers back) for each
	// message. Send them all on one BidiHello stream instead (README:
	// "One stream for many messages"; lesson 8's Chat): one goroutine
	// sends every greeting and then CloseSend, while this one receives
	// the replies until io.EOF. BidiHello's default mode answers each
	// greeting as it arrives, in order. Return the stream's error, if any.
	replies := make([]string, 0, len(greetings))
	for _, g := range greetings {
		r, err := c.Greet(ctx, g)
		if err != nil {
			return nil, err
		}
		replies = append(replies, r)
	}
	return replies, nil
}
