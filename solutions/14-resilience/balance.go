package resilience

import (
	"errors"
	"fmt"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	// Client-side health checking (ServiceConfig's healthCheckConfig) is
	// built into grpc-go only when this package is imported. (The tests
	// cannot tell: they import it themselves, for their health servers.)
	_ "google.golang.org/grpc/health"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
)

// ConnectReplicas returns one client connection to all the replicas at
// addrs (host:port each), in plaintext, with ServiceConfig: the calls go
// round robin over the replicas that are up and SERVING. opts are added
// last (tests pass connection backoffs).
//
// A resolver turns a target into addresses; here the addresses are known,
// so a manual resolver hands them over as they are. In production a DNS
// name does the same (dns:///replicas.example:50051, see docs/deploy.md).
func ConnectReplicas(addrs []string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	if len(addrs) == 0 {
		return nil, errors.New("no replica addresses")
	}
	// START replicas OMIT
	r := manual.NewBuilderWithScheme("replicas")
	state := resolver.State{}
	for _, a := range addrs {
		state.Addresses = append(state.Addresses, resolver.Address{Addr: a})
	}
	r.InitialState(state)
	opts = append([]grpc.DialOption{
		grpc.WithResolvers(r),
		grpc.WithDefaultServiceConfig(ServiceConfig),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
	}, opts...)
	conn, err := grpc.NewClient(r.Scheme()+":///workshop", opts...)
	// END replicas OMIT
	if err != nil {
		return nil, fmt.Errorf("cannot create a client for %v: %w", addrs, err)
	}
	return conn, nil
}

// ListResolver resolves targets of the scheme "list", such as
// "list:///127.0.0.1:50051,127.0.0.1:50052", to the addresses the target
// lists, separated by commas. Pass it to grpc.NewClient with
// grpc.WithResolvers, or register it once with resolver.Register.
type ListResolver struct{}

// Scheme implements resolver.Builder.
func (ListResolver) Scheme() string { return "list" }

// Build implements resolver.Builder: it hands the target's addresses to the
// client connection once; they never change.
func (ListResolver) Build(target resolver.Target, cc resolver.ClientConn, _ resolver.BuildOptions) (resolver.Resolver, error) {
	var state resolver.State
	for a := range strings.SplitSeq(target.Endpoint(), ",") {
		if a = strings.TrimSpace(a); a != "" {
			state.Addresses = append(state.Addresses, resolver.Address{Addr: a})
		}
	}
	if len(state.Addresses) == 0 {
		return nil, errors.New("list: the target lists no address, want list:///host:port,host:port")
	}
	if err := cc.UpdateState(state); err != nil {
		return nil, err
	}
	return nopResolver{}, nil
}

// nopResolver is a resolver with nothing to do: a fixed list needs no
// looking up again.
type nopResolver struct{}

func (nopResolver) ResolveNow(resolver.ResolveNowOptions) {}
func (nopResolver) Close()                                {}
