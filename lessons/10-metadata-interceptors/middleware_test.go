package hello

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// panicky is the finished HelloService, except that the greeting "panic"
// makes SayHello and BidiHello panic, as a handler with a bug would.
type panicky struct {
	finished.HelloServer
}

func (p panicky) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	if in.GetGreeting() == "panic" {
		panic("a bug in SayHello")
	}
	return p.HelloServer.SayHello(ctx, in)
}

func (p panicky) BidiHello(stream finished.BidiStream) error {
	in, err := stream.Recv()
	if err != nil {
		return err
	}
	if in.GetGreeting() == "panic" {
		panic("a bug in BidiHello")
	}
	return stream.Send(&hellov1.HelloResponse{Reply: "hello, you said: " + in.GetGreeting()})
}

func TestLibraryChain(t *testing.T) {
	const todo = "TODO(step 7) in LibraryChain in middleware.go"
	grpctest.NoLeaks(t, "LibraryChain in middleware.go")
	var logs grpctest.LockedBuffer
	chain := LibraryChain(testToken, slog.New(slog.NewTextHandler(&logs, nil)))
	checkOrder(t, chain, []string{"recovery", "request-id", "logging", "auth"}, todo)

	conn := start(t, panicky{}, ServerOptions(chain)...)
	client := hellov1.NewHelloServiceClient(conn)
	authorized := bearer(testToken)

	t.Run("a panic is INTERNAL, and the server goes on", func(t *testing.T) {
		_, err := client.SayHello(callCtx(t, authorized...), &hellov1.HelloRequest{Greeting: "panic"})
		if status.Code(err) != codes.Internal {
			t.Fatalf("SayHello(panic) ended with %v; want code Internal from the recovery layer (see %s)", err, todo)
		}
		stream, err := client.BidiHello(callCtx(t, authorized...))
		if err == nil {
			err = stream.Send(&hellov1.HelloRequest{Greeting: "panic"})
		}
		if err == nil {
			_, err = grpctest.RecvReplies(stream.Recv)
		}
		if status.Code(err) != codes.Internal {
			t.Errorf("BidiHello(panic) ended with %v; want code Internal from the recovery layer (see %s)", err, todo)
		}
		resp, err := client.SayHello(callCtx(t, authorized...), &hellov1.HelloRequest{Greeting: "hi"})
		if err != nil {
			t.Fatalf("after the panics, SayHello(hi) gave %v; want the server still serving (see %s)", err, todo)
		}
		if resp.GetReply() != "hello, you said: hi" {
			t.Errorf("after the panics, SayHello(hi) = %q", resp.GetReply())
		}
		if log := logs.String(); !strings.Contains(log, "a bug in SayHello") || !strings.Contains(log, "goroutine ") {
			t.Errorf("the log has no line with the panic and its stack; want one, to find the bug (see %s); the log:\n%s", todo, log)
		}
	})

	t.Run("a log line per call, with its request id", func(t *testing.T) {
		_, err := client.SayHello(callCtx(t, append(authorized, RequestIDKey, "req-log")...), &hellov1.HelloRequest{Greeting: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		var line string
		for l := range strings.Lines(logs.String()) {
			if strings.Contains(l, "request_id=req-log") {
				line = l
			}
		}
		if !strings.Contains(line, "grpc.code=OK") || !strings.Contains(line, "grpc.method=SayHello") {
			t.Errorf("no log line with request_id=req-log, grpc.method=SayHello and grpc.code=OK; want one as the call ends (see %s); the log:\n%s", todo, logs.String())
		}
	})

	t.Run("health needs no token", func(t *testing.T) {
		resp, err := healthgrpc.NewHealthClient(conn).Check(callCtx(t), &healthgrpc.HealthCheckRequest{})
		if err != nil || resp.GetStatus() != healthgrpc.HealthCheckResponse_SERVING {
			t.Errorf("a health check without a token got %v, %v; want SERVING: the selector leaves it out of auth (see %s)", resp.GetStatus(), err, todo)
		}
	})
}
