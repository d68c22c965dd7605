// Package evolution is lesson 16: hello.v2, the post's SayHello grown the
// way a live API grows (proto/hello/v2/hello.proto), served beside
// hello.v1 for the clients that have not moved yet.
package evolution

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"grpcworkshop/finished/hello"
	hellov2 "grpcworkshop/proto/hello/v2"
)

// HelloServer implements hellov2.HelloServiceServer. The zero value is
// ready to use.
type HelloServer struct {
	hellov2.UnimplementedHelloServiceServer

	// Now is the server's clock, for expiry; nil means time.Now. Tests set
	// it, so that an expiry is an exact time.
	Now func() time.Time
}

// greetings are the replies of each tone the server knows, for one name.
// A tone not here (TONE_UNSPECIFIED, or a number from a newer client) is
// answered in TONE_PLAIN.
var greetings = map[hellov2.Tone]string{
	hellov2.Tone_TONE_PLAIN:    "hello, %s",
	hellov2.Tone_TONE_FORMAL:   "good day, %s",
	hellov2.Tone_TONE_CHEERFUL: "hi, %s!",
}

// SayHello implements hellov2.HelloServiceServer.
func (s *HelloServer) SayHello(_ context.Context, in *hellov2.SayHelloRequest) (*hellov2.SayHelloResponse, error) {
	if in.GetGreeting() == "" {
		return nil, hello.ErrEmptyGreeting
	}
	out := &hellov2.SayHelloResponse{Text: "hello, you said: " + in.GetGreeting()}

	// START replies OMIT
	// An enum field holds any number: TONE_UNSPECIFIED from every client
	// that never set it, and numbers this server does not know from clients
	// built from a newer .proto. Both get the default, and the response
	// says which tone was used.
	out.Tone = in.GetTone()
	if _, known := greetings[out.Tone]; !known {
		out.Tone = hellov2.Tone_TONE_PLAIN
	}
	names := in.GetNames() // nil when the client sent none
	if len(names) == 0 {
		names = []string{"you"}
	}
	for _, name := range names {
		out.Replies = append(out.Replies, fmt.Sprintf(greetings[out.Tone], name))
	}
	out.Labels = in.GetLabels()
	// END replies OMIT

	expire, err := s.expireTime(in)
	if err != nil {
		return nil, err
	}
	if expire != nil {
		out.ExpireTime = timestamppb.New(expire.UTC())
		// 2.0 clients read the old field: fill it in as long as they exist.
		out.ExpireUnixSeconds = expire.Unix()
	}
	return out, nil
}

// now is the server's clock: Now, or else time.Now.
func (s *HelloServer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// expireTime is when the replies to in expire, or nil if they never do:
// from the expiry oneof if the client set it, or else from the deprecated
// ttl_seconds, which 2.0 clients send.
func (s *HelloServer) expireTime(in *hellov2.SayHelloRequest) (*time.Time, error) {
	var at time.Time
	// START expiry OMIT
	switch e := in.GetExpiry().(type) {
	case *hellov2.SayHelloRequest_ExpireTime:
		if err := e.ExpireTime.CheckValid(); err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "expire_time is not a valid time: %v", err)
		}
		at = e.ExpireTime.AsTime()
		if at.Before(s.now()) {
			return nil, status.Errorf(codes.InvalidArgument, "expire_time %s is in the past; send a later time, or ttl", at.Format(time.RFC3339))
		}
	case *hellov2.SayHelloRequest_Ttl:
		if err := e.Ttl.CheckValid(); err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "ttl is not a valid duration: %v", err)
		}
		if e.Ttl.AsDuration() <= 0 {
			return nil, status.Errorf(codes.InvalidArgument, "ttl %v is not more than zero; send one such as \"90s\"", e.Ttl.AsDuration())
		}
		at = s.now().Add(e.Ttl.AsDuration())
	// END expiry OMIT
	// START unset OMIT
	case nil: // the oneof is unset: a 2.0 client may have sent ttl_seconds
		ttl := in.GetTtlSeconds()
		switch {
		case ttl < 0:
			return nil, status.Errorf(codes.InvalidArgument, "ttl_seconds %d is negative; send 0 for no expiry, or ttl", ttl)
		case ttl == 0:
			return nil, nil
		}
		at = s.now().Add(time.Duration(ttl) * time.Second)
	}
	// END unset OMIT
	return &at, nil
}
