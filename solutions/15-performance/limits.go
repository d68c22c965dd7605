package perf

import "google.golang.org/grpc"

// ServerLimit returns the server options that let a server read and send
// messages of up to max bytes. grpc-go's server reads at most 4 MiB by
// default; past that, the call fails with RESOURCE_EXHAUSTED.
func ServerLimit(max int) []grpc.ServerOption {
	// START serverlimit OMIT
	return []grpc.ServerOption{grpc.MaxRecvMsgSize(max), grpc.MaxSendMsgSize(max)}
	// END serverlimit OMIT
}

// ClientLimit returns the dial option that lets a client send and read
// messages of up to max bytes on every call. grpc-go's client reads at most
// 4 MiB by default, whatever the server sends.
func ClientLimit(max int) grpc.DialOption {
	// START clientlimit OMIT
	return grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(max), grpc.MaxCallSendMsgSize(max))
	// END clientlimit OMIT
}
