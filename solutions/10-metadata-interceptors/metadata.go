// Package hello is lesson 10: metadata and the interceptor chain, on the
// post's HelloService.
//
// Part 1 (this file and client.go) sends metadata both ways by hand, in two
// of HelloService's handlers: the client sends a request id, the server
// echoes it in a response header and ends the call with a trailer. Part 2
// (interceptors.go) moves the request id, and a token check, out of the
// handlers into interceptors that every call goes through. Part 3
// (middleware.go) builds the same chain with go-grpc-middleware.
//
// The rpcs themselves are finished already, in grpcworkshop/finished/hello;
// this lesson's HelloServer embeds the finished one.
package hello

import (
	"context"
	"strconv"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Metadata keys. gRPC metadata keys are lower case ASCII, like HTTP/2
// header names; the x- prefix marks them as the application's own.
const (
	// RequestIDKey names the request id: in the request's metadata, sent
	// by the client, and in the response header, echoed by the server.
	// The finished server uses the same name.
	RequestIDKey = "x-request-id"
	// ReplyCountKey names the trailer that says how many replies the server
	// sent: known only once the call is over, so a trailer, not a header.
	ReplyCountKey = "x-reply-count"
)

// HelloServer is the finished HelloService with metadata around two of its
// rpcs, SayHello and BidiHello. The zero value is ready to use.
type HelloServer struct {
	finished.HelloServer
}

// SayHello implements hellov1.HelloServiceServer: the finished SayHello,
// with the call's request id echoed in the response header and the trailer
// x-reply-count, 1 (or 0 when the call fails).
func (s HelloServer) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	// START sayhello OMIT
	if id := metadata.ValueFromIncomingContext(ctx, RequestIDKey); len(id) > 0 {
		// The header goes out before the response, with it.
		if err := grpc.SetHeader(ctx, metadata.Pairs(RequestIDKey, id[0])); err != nil {
			return nil, err
		}
	}
	resp, err := s.HelloServer.SayHello(ctx, in)
	n := 0
	if err == nil {
		n = 1
	}
	// The trailer goes out after the response, with the status: an error
	// has one too.
	if err := grpc.SetTrailer(ctx, metadata.Pairs(ReplyCountKey, strconv.Itoa(n))); err != nil {
		return nil, err
	}
	// END sayhello OMIT
	return resp, err
}

// BidiHello implements hellov1.HelloServiceServer: the finished BidiHello,
// with the call's request id sent in the response header before any reply,
// and the trailer x-reply-count, the number of replies sent, even when the
// call fails.
func (s HelloServer) BidiHello(stream finished.BidiStream) error {
	if id := metadata.ValueFromIncomingContext(stream.Context(), RequestIDKey); len(id) > 0 {
		// SendHeader sends it now: the client knows the id before the
		// first reply, even if there is none for a while.
		if err := stream.SendHeader(metadata.Pairs(RequestIDKey, id[0])); err != nil {
			return err
		}
	}
	counted := &countingStream{BidiStream: stream}
	err := s.HelloServer.BidiHello(counted)
	stream.SetTrailer(metadata.Pairs(ReplyCountKey, strconv.Itoa(counted.sent)))
	return err
}

// countingStream is a BidiHello stream that counts the replies sent on it.
type countingStream struct {
	finished.BidiStream
	sent int
}

// Send sends a reply and counts it.
func (c *countingStream) Send(r *hellov1.HelloResponse) error {
	err := c.BidiStream.Send(r)
	if err == nil {
		c.sent++
	}
	return err
}
