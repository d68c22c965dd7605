package hello

import (
	"context"
	"errors"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// Result is what a call brought back: the replies, and the metadata the
// server sent around them.
type Result struct {
	// Replies are the replies, in order.
	Replies []string
	// RequestID is the response header x-request-id, "" when there is none.
	RequestID string
	// ReplyCount is the trailer x-reply-count, "" when there is none.
	ReplyCount string
}

// Hello calls SayHello with requestID in the metadata x-request-id, and
// returns the reply with the header and trailer that came back. They are
// filled in when the call fails too: the server sends both with an error.
func Hello(ctx context.Context, client hellov1.HelloServiceClient, requestID, greeting string) (Result, error) {
	// TODO(step 3): call SayHello with requestID in the outgoing metadata
	// (RequestIDKey), and fill in the Result from the reply, the header
	// and the trailer; keep the header's and the trailer's values when the
	// call fails. Test: TestClientMetadata (unary). README: "Part 1:
	// metadata both ways"; godoc: metadata.AppendToOutgoingContext,
	// grpc.Header, grpc.Trailer.
	return Result{}, errors.New("TODO: send the request id and read the header and trailer, in Hello in client.go")
}

// Chat calls BidiHello in mode "all" with requestID in the metadata
// x-request-id: it sends every greeting, closes its side, then reads the
// replies, and returns them with the header and trailer that came back.
// Sending everything first is right here because in mode "all" the server
// answers only once the client has closed its side (lesson 8).
func Chat(ctx context.Context, client hellov1.HelloServiceClient, requestID string, greetings []string) (Result, error) {
	// TODO(step 3): call BidiHello with requestID and the mode
	// finished.ModeAll in the outgoing metadata; send every greeting, close
	// the sending side, read the header, then the replies until the call
	// ends, then the trailer. Return the server's status when it fails,
	// with the header and trailer. Test: TestClientMetadata (bidi). godoc:
	// grpc.ClientStream's Header and Trailer (when each may be called).
	return Result{}, errors.New("TODO: send the greetings, read the header, the replies and the trailer, in Chat in client.go")
}
