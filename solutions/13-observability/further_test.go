//go:build further

package observe

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

func TestFurtherTraceIDHeader(t *testing.T) {
	grpctest.NoLeaks(t, "server.go")
	s := startSystem(t)

	t.Run("the caller's trace", func(t *testing.T) {
		var header metadata.MD
		greet, err := s.greet(t, "hi", grpc.Header(&header))
		if err != nil {
			t.Fatalf("SayHello(\"hi\") through the relay: %v; want a reply", err)
		}
		if got, want := header.Get("x-trace-id"), greet.TraceID().String(); len(got) != 1 || got[0] != want {
			t.Errorf("the relay's response header x-trace-id = %q; want [%q], the caller's trace", got, want)
		}
	})

	t.Run("a trace of its own", func(t *testing.T) {
		// A client without telemetry: the server's span starts the trace.
		client := hellov1.NewHelloServiceClient(grpctest.Dial(t, s.serverAddr))
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		stream, err := client.LotsOfReplies(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		if err != nil {
			t.Fatalf("LotsOfReplies: %v", err)
		}
		header, err := stream.Header()
		if err != nil {
			t.Fatalf("LotsOfReplies: reading the header: %v", err)
		}
		if _, err := grpctest.RecvReplies(stream.Recv); err != nil {
			t.Fatalf("LotsOfReplies: %v", err)
		}
		span := s.server.ended(t, "hello.v1.HelloService/LotsOfReplies", trace.SpanKindServer, 1, "see TODO(step 1) in telemetry.go")[0]
		if got, want := header.Get("x-trace-id"), span.SpanContext().TraceID().String(); len(got) != 1 || got[0] != want {
			t.Errorf("a stream's response header x-trace-id = %q; want [%q], the trace of the server's span", got, want)
		}
	})
}
