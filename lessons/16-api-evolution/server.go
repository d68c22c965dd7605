// Package evolution is lesson 16: hello.v2, the post's SayHello grown the
// way a live API grows (proto/hello/v2/hello.proto), served beside
// hello.v1 for the clients that have not moved yet.
package evolution

import (
	"context"
	"time"

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
//
//lint:ignore U1000 step 1 uses it
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

	// TODO (step 1): fill in Replies, Tone and Labels. One reply per name,
	// from greetings, in the tone asked for; no names means one reply, to
	// "you". A tone greetings has no text for (TONE_UNSPECIFIED, or a number
	// from a newer client) is answered in TONE_PLAIN, and out.Tone says
	// which tone answered. The labels come back as they came. README: "Step
	// 1: repeated, enum, map".

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
//
//lint:ignore U1000 step 2 uses it
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
	// TODO (step 2): return when the replies expire. If the client set the
	// expiry oneof (in.GetExpiry(), a type switch on its two wrapper types):
	// expire_time as it is, or s.now() + ttl; else the deprecated
	// ttl_seconds if it is above 0 (2.0 clients send it); else nil, nil. A
	// Timestamp or Duration that is not valid (CheckValid), an expire_time
	// in the past, a ttl not above zero or a negative ttl_seconds is
	// INVALID_ARGUMENT. README: "Step 2: oneof, Timestamp, Duration".
	return nil, nil
}
