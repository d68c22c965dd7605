package aggclient

import (
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
)

// dial returns the connection Run calls through: Connect's, for one
// address; for several (-addr A,B,C, such as the replicas of `go tool task
// serve-replicas`), one connection to all of them. Lesson 14 explains how
// that works; this lesson needs only Connect.
func dial(addrs []string) (*grpc.ClientConn, error) {
	if len(addrs) == 1 {
		return Connect(addrs[0])
	}
	return connectReplicas(addrs)
}

// replicasConfig is the service config of a client of several replicas:
// its calls take the replicas in turn (round_robin), and a call that
// fails with UNAVAILABLE, as on a replica that has just stopped, is sent
// again, to the next.
const replicasConfig = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "proto.gRPCRouteFuncs"}],
    "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.05s", "maxBackoff": "0.5s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}
  }]
}`

// connectReplicas returns a plaintext connection to every address of
// addrs, handed to the client by a manual resolver, with replicasConfig.
func connectReplicas(addrs []string) (*grpc.ClientConn, error) {
	r := manual.NewBuilderWithScheme("aggclient")
	var state resolver.State
	for _, a := range addrs {
		state.Addresses = append(state.Addresses, resolver.Address{Addr: a})
	}
	r.InitialState(state)
	conn, err := grpc.NewClient(r.Scheme()+":///replicas",
		grpc.WithResolvers(r),
		grpc.WithDefaultServiceConfig(replicasConfig),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("cannot create a client for %v: %w", addrs, err)
	}
	return conn, nil
}
