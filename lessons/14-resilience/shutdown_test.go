package resilience

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// endless is a HelloService whose SayHello answers when release is closed (or
// the call ends),
// and whose BidiHello never ends on its own: a chat the client keeps open.
type endless struct {
	hellov1.UnimplementedHelloServiceServer
	started chan string
	release chan struct{}
}

// SayHello implements hellov1.HelloServiceServer.
func (e endless) SayHello(ctx context.Context, in *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	e.started <- "SayHello"
	select {
	case <-e.release:
		return &hellov1.HelloResponse{Reply: "hello " + in.GetGreeting()}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// BidiHello implements hellov1.HelloServiceServer.
func (e endless) BidiHello(stream grpc.BidiStreamingServer[hellov1.HelloRequest, hellov1.HelloResponse]) error {
	e.started <- "BidiHello"
	<-stream.Context().Done()
	return stream.Context().Err()
}

func TestShutdown(t *testing.T) {
	const todo = "TODO(step 7) in shutdown.go"
	grpctest.NoLeaks(t, "shutdown.go")
	e := endless{started: make(chan string, 2), release: make(chan struct{})}
	srv := grpc.NewServer()
	hellov1.RegisterHelloServiceServer(srv, e)
	hs := health.NewServer()
	healthgrpc.RegisterHealthServer(srv, hs)
	conn := grpctest.Dial(t, grpctest.Start(t, srv))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	// A chat that never ends, a SayHello that waits, and a client
	// watching the server's health.
	client := hellov1.NewHelloServiceClient(conn)
	chat, err := client.BidiHello(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hello := make(chan error, 1)
	go func() {
		_, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"})
		hello <- err
	}()
	for range 2 {
		<-e.started
	}
	watch, err := healthgrpc.NewHealthClient(conn).Watch(ctx, &healthgrpc.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := watch.Recv(); err != nil || got.GetStatus() != healthgrpc.HealthCheckResponse_SERVING {
		t.Fatalf("the health service's first answer: %v, %v; want SERVING", got.GetStatus(), err)
	}

	const deadline = 500 * time.Millisecond
	stopped := make(chan struct{})
	go func() {
		Shutdown(srv, hs, deadline)
		close(stopped)
	}()

	// 1. NOT_SERVING, at once.
	notServing := make(chan healthgrpc.HealthCheckResponse_ServingStatus, 1)
	go func() {
		got, _ := watch.Recv()
		notServing <- got.GetStatus()
	}()
	select {
	case got := <-notServing:
		if got != healthgrpc.HealthCheckResponse_NOT_SERVING {
			t.Fatalf("once Shutdown began, the health service said %v; want NOT_SERVING, so that clients send no new calls (see %s)", got, todo)
		}
	case <-time.After(200 * time.Millisecond):
		srv.Stop()
		t.Fatalf("200ms after Shutdown began, the health service still said nothing new; want NOT_SERVING first, so that clients send no new calls (see %s)", todo)
	}

	// 2. The calls in flight run to their end.
	close(e.release)
	if err := <-hello; err != nil {
		srv.Stop()
		t.Fatalf("a SayHello in flight when Shutdown began failed: %v; want it answered: a graceful stop lets the calls in flight finish (see %s)", err, todo)
	}

	// 3. After the deadline, what still runs is cut off.
	select {
	case <-stopped:
	case <-time.After(deadline + time.Second):
		srv.Stop()
		<-stopped
		t.Fatalf("Shutdown with a deadline of %v was still running %v later, held by a stream that never ends; want it to cut the stream off after the deadline (see %s)", deadline, deadline+time.Second, todo)
	}
	if _, err := chat.Recv(); status.Code(err) != codes.Unavailable {
		t.Errorf("the chat that never ended got %v once Shutdown returned; want UNAVAILABLE, as the server closed the connection", err)
	}
}
