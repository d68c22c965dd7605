package grpctest

import (
	"slices"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
)

func TestListServices(t *testing.T) {
	srv := grpc.NewServer()
	healthgrpc.RegisterHealthServer(srv, health.NewServer())
	reflection.Register(srv)
	got, err := ListServices(t.Context(), StartBufconn(t, srv))
	want := []string{"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListServices = %q, %v; want %q", got, err, want)
	}

	bare := grpc.NewServer()
	healthgrpc.RegisterHealthServer(bare, health.NewServer())
	if got, err := ListServices(t.Context(), StartBufconn(t, bare)); status.Code(err) != codes.Unimplemented {
		t.Errorf("ListServices without reflection = %q, %v; want code Unimplemented", got, err)
	}
}
