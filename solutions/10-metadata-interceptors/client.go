package hello

import (
	"context"
	"crypto/rand"
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	finished "grpcworkshop/finished/hello"
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
	// START hello OMIT
	ctx = metadata.AppendToOutgoingContext(ctx, RequestIDKey, requestID)
	var header, trailer metadata.MD
	resp, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: greeting},
		grpc.Header(&header), grpc.Trailer(&trailer))
	r := Result{RequestID: first(header, RequestIDKey), ReplyCount: first(trailer, ReplyCountKey)}
	// END hello OMIT
	if err != nil {
		return r, err
	}
	r.Replies = []string{resp.GetReply()}
	return r, nil
}

// Chat calls BidiHello in mode "all" with requestID in the metadata
// x-request-id: it sends every greeting, closes its side, then reads the
// replies, and returns them with the header and trailer that came back.
// Sending everything first is right here because in mode "all" the server
// answers only once the client has closed its side (lesson 8).
func Chat(ctx context.Context, client hellov1.HelloServiceClient, requestID string, greetings []string) (Result, error) {
	ctx = metadata.AppendToOutgoingContext(ctx, RequestIDKey, requestID, finished.ModeKey, finished.ModeAll)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.BidiHello(ctx)
	if err != nil {
		return Result{}, err
	}
	for _, g := range greetings {
		// io.EOF: the server has ended the call; Recv says how.
		if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); err != nil {
			break
		}
	}
	// CloseSend fails only when the call has, which Recv reports.
	_ = stream.CloseSend()

	// Header waits for the header, or for the end of the call.
	header, err := stream.Header()
	var r Result
	if err == nil {
		r.RequestID = first(header, RequestIDKey)
		for {
			resp, rerr := stream.Recv()
			if rerr != nil {
				if !errors.Is(rerr, io.EOF) {
					err = rerr
				}
				break
			}
			r.Replies = append(r.Replies, resp.GetReply())
		}
	}
	// The trailer is there once Recv has returned an error, io.EOF included.
	r.ReplyCount = first(stream.Trailer(), ReplyCountKey)
	return r, err
}

// first is md's first value for key, or "".
func first(md metadata.MD, key string) string {
	if v := md.Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// WithCallMetadata returns the dial options of a client whose every call,
// unary or streaming, carries the metadata "authorization: bearer TOKEN"
// and a request id: the one the call's context has already (sent with
// metadata.AppendToOutgoingContext), or a new one. It is the client's side
// of Chain, written once as client interceptors rather than at every call.
func WithCallMetadata(token string) []grpc.DialOption {
	unary := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		return invoker(outgoing(ctx, token), method, req, reply, cc, opts...)
	}
	stream := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		return streamer(outgoing(ctx, token), desc, cc, method, opts...)
	}
	return []grpc.DialOption{grpc.WithChainUnaryInterceptor(unary), grpc.WithChainStreamInterceptor(stream)}
}

// outgoing returns ctx with the token, and a request id unless it has one.
func outgoing(ctx context.Context, token string) context.Context {
	kv := []string{"authorization", "bearer " + token}
	if md, _ := metadata.FromOutgoingContext(ctx); len(md.Get(RequestIDKey)) == 0 {
		kv = append(kv, RequestIDKey, rand.Text())
	}
	return metadata.AppendToOutgoingContext(ctx, kv...)
}
