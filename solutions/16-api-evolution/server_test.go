package evolution

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	hellov2 "grpcworkshop/proto/hello/v2"
)

// TestSayHello checks the replies: one per name (repeated), in the tone
// asked for, with TONE_UNSPECIFIED and unknown numbers answered in
// TONE_PLAIN (enum), and the labels handed back (map).
func TestSayHello(t *testing.T) {
	tests := []struct {
		name string
		in   *hellov2.SayHelloRequest
		want *hellov2.SayHelloResponse
	}{
		{"a v1 request: only the greeting",
			&hellov2.SayHelloRequest{Greeting: "hi"},
			&hellov2.SayHelloResponse{Text: "hello, you said: hi", Replies: []string{"hello, you"}, Tone: hellov2.Tone_TONE_PLAIN}},
		{"names in a tone",
			&hellov2.SayHelloRequest{Greeting: "hi", Names: []string{"Ada", "Grace"}, Tone: hellov2.Tone_TONE_FORMAL},
			&hellov2.SayHelloResponse{Text: "hello, you said: hi", Replies: []string{"good day, Ada", "good day, Grace"}, Tone: hellov2.Tone_TONE_FORMAL}},
		{"a tone added in 2.1",
			&hellov2.SayHelloRequest{Greeting: "hi", Names: []string{"Ada"}, Tone: hellov2.Tone_TONE_CHEERFUL},
			&hellov2.SayHelloResponse{Text: "hello, you said: hi", Replies: []string{"hi, Ada!"}, Tone: hellov2.Tone_TONE_CHEERFUL}},
		{"a tone from a newer client, unknown here",
			&hellov2.SayHelloRequest{Greeting: "hi", Names: []string{"Ada"}, Tone: hellov2.Tone(42)},
			&hellov2.SayHelloResponse{Text: "hello, you said: hi", Replies: []string{"hello, Ada"}, Tone: hellov2.Tone_TONE_PLAIN}},
		{"labels come back",
			&hellov2.SayHelloRequest{Greeting: "hi", Labels: map[string]string{"trace": "abc", "team": "x"}},
			&hellov2.SayHelloResponse{Text: "hello, you said: hi", Replies: []string{"hello, you"}, Tone: hellov2.Tone_TONE_PLAIN,
				Labels: map[string]string{"trace": "abc", "team": "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newServer().SayHello(callCtx(t), tt.in)
			if err != nil {
				t.Fatalf("SayHello(%s) failed: %v, want %s (see the TODO for step 1 in server.go)", text(tt.in), err, text(tt.want))
			}
			if !proto.Equal(got, tt.want) {
				t.Errorf("SayHello(%s)\n = %s\nwant %s\n(see the TODO for step 1 in server.go)", text(tt.in), text(got), text(tt.want))
			}
		})
	}
	t.Run("an empty greeting", func(t *testing.T) {
		_, err := newServer().SayHello(callCtx(t), &hellov2.SayHelloRequest{Names: []string{"Ada"}})
		assert.Equal(t, codes.InvalidArgument.String(), status.Code(err).String(), "SayHello with no greeting: %v", err)
	})
}

// TestSayHelloExpiry checks when the replies expire: from the expiry oneof
// (a Timestamp or a Duration), or else from the deprecated ttl_seconds that
// 2.0 clients send; both response fields say it, and a bad expiry is
// INVALID_ARGUMENT.
func TestSayHelloExpiry(t *testing.T) {
	at := func(d time.Duration) *timestamppb.Timestamp { return timestamppb.New(testNow.Add(d)) }
	tests := []struct {
		name string
		in   *hellov2.SayHelloRequest
		want *timestamppb.Timestamp // nil: no expiry
		code codes.Code
	}{
		{name: "none", in: &hellov2.SayHelloRequest{}},
		{name: "ttl", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_Ttl{Ttl: durationpb.New(90 * time.Second)}}, want: at(90 * time.Second)},
		{name: "expire_time", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_ExpireTime{ExpireTime: at(time.Hour)}}, want: at(time.Hour)},
		{name: "ttl_seconds from a 2.0 client", in: &hellov2.SayHelloRequest{TtlSeconds: 30}, want: at(30 * time.Second)},
		{name: "the oneof wins over ttl_seconds", in: &hellov2.SayHelloRequest{TtlSeconds: 30, Expiry: &hellov2.SayHelloRequest_Ttl{Ttl: durationpb.New(time.Minute)}}, want: at(time.Minute)},
		{name: "ttl zero", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_Ttl{Ttl: durationpb.New(0)}}, code: codes.InvalidArgument},
		{name: "ttl negative", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_Ttl{Ttl: durationpb.New(-time.Second)}}, code: codes.InvalidArgument},
		{name: "ttl not a valid Duration", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_Ttl{Ttl: &durationpb.Duration{Seconds: 1, Nanos: -1}}}, code: codes.InvalidArgument},
		{name: "expire_time in the past", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_ExpireTime{ExpireTime: at(-time.Second)}}, code: codes.InvalidArgument},
		{name: "expire_time not a valid Timestamp", in: &hellov2.SayHelloRequest{Expiry: &hellov2.SayHelloRequest_ExpireTime{ExpireTime: &timestamppb.Timestamp{Seconds: 1 << 40}}}, code: codes.InvalidArgument},
		{name: "ttl_seconds negative", in: &hellov2.SayHelloRequest{TtlSeconds: -5}, code: codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Greeting = "hi"
			got, err := newServer().SayHello(callCtx(t), tt.in)
			const todo = "(see the TODO for step 2 in server.go)"
			if tt.code != codes.OK {
				if status.Code(err) != tt.code {
					t.Errorf("SayHello(%s) = %s, %v; want the status %s %s", text(tt.in), text(got), err, tt.code, todo)
				}
				return
			}
			if err != nil {
				t.Fatalf("SayHello(%s) failed: %v, want expire_time %s %s", text(tt.in), err, text(tt.want), todo)
			}
			var wantUnix int64
			if tt.want != nil {
				wantUnix = tt.want.GetSeconds()
			}
			if !proto.Equal(got.GetExpireTime(), tt.want) || got.GetExpireUnixSeconds() != wantUnix {
				t.Errorf("SayHello(%s) at %s: expire_time %s, expire_unix_seconds %d; want %s, %d %s",
					text(tt.in), testNow.Format(time.RFC3339), when(got.GetExpireTime()), got.GetExpireUnixSeconds(), when(tt.want), wantUnix, todo)
			}
		})
	}
}

// when is ts as a time, or "unset".
func when(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return "unset"
	}
	return ts.AsTime().Format(time.RFC3339)
}
