//go:build further

package hello

import (
	"context"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

func TestFurtherWithCallMetadata(t *testing.T) {
	// A server behind Chain, and a client with the token in its interceptors.
	conn := grpctest.Dial(t, grpctest.Start(t, NewServer(finished.HelloServer{}, ServerOptions(Chain(testToken))...)), WithCallMetadata(testToken)...)
	client := hellov1.NewHelloServiceClient(conn)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()

	t.Run("unary, a new request id", func(t *testing.T) {
		var header metadata.MD
		_, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"}, grpc.Header(&header))
		if err != nil {
			t.Fatalf("SayHello through WithCallMetadata: %v; want the token added to the call", err)
		}
		if id := header.Get(RequestIDKey); len(id) != 1 || id[0] == "" {
			t.Errorf("the header %s is %q; want the id the client interceptor made", RequestIDKey, id)
		}
	})
	t.Run("unary, the caller's request id kept", func(t *testing.T) {
		var header metadata.MD
		_, err := client.SayHello(metadata.AppendToOutgoingContext(ctx, RequestIDKey, "mine"), &hellov1.HelloRequest{Greeting: "hi"}, grpc.Header(&header))
		if err != nil || !slices.Equal(header.Get(RequestIDKey), []string{"mine"}) {
			t.Errorf("SayHello with request id mine: header %s %q, %v; want [\"mine\"] and no error: keep the caller's id", RequestIDKey, header.Get(RequestIDKey), err)
		}
	})
	t.Run("stream", func(t *testing.T) {
		stream, err := client.BidiHello(ctx)
		if err == nil {
			err = stream.CloseSend()
		}
		if err == nil {
			_, err = grpctest.RecvReplies(stream.Recv)
		}
		if err != nil {
			t.Errorf("BidiHello through WithCallMetadata: %v; want the token added to streaming calls too", err)
		}
	})
}
