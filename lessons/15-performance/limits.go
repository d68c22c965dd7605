package perf

import "google.golang.org/grpc"

// ServerLimit returns the server options that let a server read and send
// messages of up to max bytes. grpc-go's server reads at most 4 MiB by
// default; past that, the call fails with RESOURCE_EXHAUSTED.
func ServerLimit(max int) []grpc.ServerOption {
	// TODO(step 4): the options that raise the server's limits, on the
	// messages it receives and on those it sends, to max: README
	// "Message size limits". The finished server sets its own limits
	// first; these come after and win.
	return nil
}

// ClientLimit returns the dial option that lets a client send and read
// messages of up to max bytes on every call. grpc-go's client reads at most
// 4 MiB by default, whatever the server sends.
func ClientLimit(max int) grpc.DialOption {
	// TODO(step 4): the dial option that raises the client's limits on
	// every call, received and sent, to max: the call options
	// grpc.MaxCallRecvMsgSize and MaxCallSendMsgSize, given to every
	// call by grpc.WithDefaultCallOptions.
	return grpc.EmptyDialOption{}
}
