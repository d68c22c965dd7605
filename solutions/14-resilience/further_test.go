//go:build further

package resilience

import (
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"grpcworkshop/proto/aggfuncpb"
)

func TestFurtherListResolver(t *testing.T) {
	const todo = "the Going further section of the README, and ListResolver in balance.go"
	replicas := startReplicas(t, 3)
	target := "list:///" + strings.Join(addrsOf(replicas), ",")
	conn, err := grpc.NewClient(target, grpc.WithResolvers(ListResolver{}),
		grpc.WithDefaultServiceConfig(ServiceConfig),
		grpc.WithTransportCredentials(insecure.NewCredentials()), fastReconnect)
	if err != nil {
		t.Fatalf("grpc.NewClient(%q) with ListResolver: %v (see %s)", target, err, todo)
	}
	defer conn.Close()
	client := aggfuncpb.NewGRPCRouteFuncsClient(conn)
	callsReachAll(t, client, replicas, todo)

	t.Run("a list of none", func(t *testing.T) {
		conn, err := grpc.NewClient("list:///", grpc.WithResolvers(ListResolver{}),
			grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return // refused at once: fine
		}
		defer conn.Close()
		if err := sum(t.Context(), aggfuncpb.NewGRPCRouteFuncsClient(conn)); err == nil || !strings.Contains(err.Error(), "list") {
			t.Errorf("a call to list:/// returned %v; want an error from the resolver, saying the list is empty", err)
		}
	})
}
