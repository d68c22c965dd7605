package security

import (
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/authz"
	"google.golang.org/grpc/credentials"

	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/proto/aggfuncpb"
)

// DevTokens are the tokens the lesson's server knows (token -> name), for
// development only: a real server checks a signed token (a JWT, say) or
// asks the service that issued it.
var DevTokens = map[string]string{"alice-token": "alice", "bob-token": "bob"}

// NewServer returns a gRPC server of the post's gRPCRouteFuncs (the finished
// aggfunc.Server) with creds, which calls Authenticate with tokens, then
// Policy, before each handler.
func NewServer(creds credentials.TransportCredentials, tokens map[string]string) (*grpc.Server, error) {
	// START newserver OMIT
	policy, err := authz.NewStatic(Policy)
	if err != nil {
		return nil, fmt.Errorf("the authorization policy (policy.go): %w", err)
	}
	srv := grpc.NewServer(
		grpc.Creds(creds),
		// Who calls, then whether they may: authentication first.
		grpc.ChainUnaryInterceptor(Authenticate(tokens), policy.UnaryInterceptor),
	)
	// END newserver OMIT
	aggfuncpb.RegisterGRPCRouteFuncsServer(srv, aggfunc.Server{})
	return srv, nil
}
