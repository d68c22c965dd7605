package grpctest

import (
	"time"

	"google.golang.org/grpc"
)

// StreamEnd is how one streaming call ended on the server: the method and
// what its handler returned.
type StreamEnd struct {
	// Method is the full method name, such as
	// "/hello.v1.HelloService/LotsOfReplies".
	Method string
	// Err is what the handler returned: nil for a call that ended with OK.
	Err error
}

// StreamEnds records every streaming call a server finishes. A test uses it
// to check that a handler really returned, for example after the client
// canceled: a handler that kept running would be a goroutine, and perhaps a
// loop, that nobody stops.
type StreamEnds struct {
	ends chan StreamEnd
}

// TrackStreams returns a StreamEnds and the server option that feeds it. Pass
// the option to the server under test:
//
//	ends, track := grpctest.TrackStreams()
//	conn := grpctest.StartBufconn(t, grpc.NewServer(track))
//	...
//	end, ok := ends.Next(5 * time.Second)
//
// It keeps the last 1000 ends that nobody has taken with Next yet; tests need
// far fewer.
func TrackStreams() (*StreamEnds, grpc.ServerOption) {
	e := &StreamEnds{ends: make(chan StreamEnd, 1000)}
	track := func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		err := handler(srv, ss)
		select {
		case e.ends <- StreamEnd{Method: info.FullMethod, Err: err}:
		default: // full: nobody is reading, so drop it rather than block the server
		}
		return err
	}
	// Chain (rather than StreamInterceptor) so that other options may add
	// interceptors too.
	return e, grpc.ChainStreamInterceptor(track)
}

// Next waits until a streaming handler returns, at most timeout, and reports
// how it ended. ok is false when none returned in time.
func (e *StreamEnds) Next(timeout time.Duration) (end StreamEnd, ok bool) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case end := <-e.ends:
		return end, true
	case <-timer.C:
		return StreamEnd{}, false
	}
}
