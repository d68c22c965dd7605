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
	// TODO(step 1): when the call's incoming metadata has a request id
	// (RequestIDKey), send it back in the response header; after the
	// finished SayHello has run, set the trailer ReplyCountKey: "1" for a
	// reply, "0" for an error (an error has a trailer too). Test:
	// TestSayHelloMetadata. README: "Part 1: metadata both ways"; godoc:
	// metadata.ValueFromIncomingContext, grpc.SetHeader, grpc.SetTrailer.
	return s.HelloServer.SayHello(ctx, in)
}

// BidiHello implements hellov1.HelloServiceServer: the finished BidiHello,
// with the call's request id sent in the response header before any reply,
// and the trailer x-reply-count, the number of replies sent, even when the
// call fails.
func (s HelloServer) BidiHello(stream finished.BidiStream) error {
	// TODO(step 2): the same for a stream: send the request id in the
	// header before any reply (a stream sends its header with its first
	// message, or when told to), and once the finished BidiHello has
	// returned, set the trailer ReplyCountKey to the number of replies it
	// sent, which counted counts. Test: TestBidiHelloMetadata. godoc:
	// grpc.ServerStream's SendHeader and SetTrailer.
	counted := &countingStream{BidiStream: stream}
	return s.HelloServer.BidiHello(counted)
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
