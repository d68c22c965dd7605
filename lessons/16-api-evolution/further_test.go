//go:build further

package evolution

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"google.golang.org/protobuf/reflect/protoreflect"

	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	hellov2 "grpcworkshop/proto/hello/v2"
)

// TestFurtherWireProblems checks WireProblems in wire.go on pairs of
// messages: v1 and v2 share field 1 safely; aggfunc's messages do not.
func TestFurtherWireProblems(t *testing.T) {
	desc := func(m interface {
		ProtoReflect() protoreflect.Message
	}) protoreflect.MessageDescriptor {
		return m.ProtoReflect().Descriptor()
	}
	tests := []struct {
		name     string
		old, new protoreflect.MessageDescriptor
		want     []string
	}{
		{"v1 request to v2", desc(&hellov1.HelloRequest{}), desc(&hellov2.SayHelloRequest{}), nil},
		{"v1 response to v2, renamed", desc(&hellov1.HelloResponse{}), desc(&hellov2.SayHelloResponse{}), nil},
		{"v2 response to v1: fields v1 lacks", desc(&hellov2.SayHelloResponse{}), desc(&hellov1.HelloResponse{}), nil},
		{"string to int32", desc(&hellov1.HelloResponse{}), desc(&aggfuncpb.ReturnValue{}),
			[]string{"field 1 (reply): string, now int32 (value)"}},
		{"every kind", desc(&hellov2.SayHelloRequest{}), desc(&hellov2.SayHelloResponse{}), []string{
			"field 3 (names): repeated string, now enum hello.v2.Tone (tone)",
			"field 4 (tone): enum hello.v2.Tone, now int64 (expire_unix_seconds)",
			"field 5 (ttl_seconds): int32, now map<string, string> (labels)",
			"field 6 (labels): map<string, string>, now message google.protobuf.Timestamp (expire_time)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, WireProblems(tt.old, tt.new), "WireProblems(%s, %s)", tt.old.FullName(), tt.new.FullName())
		})
	}
}
