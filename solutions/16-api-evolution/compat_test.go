package evolution

// These tests need no code of yours: they show what old and new programs see
// of each other's messages. Read them with the README's "Concepts".

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"grpcworkshop/finished/hello"
	"grpcworkshop/proto/aggfuncpb"
	hellov1 "grpcworkshop/proto/hello/v1"
	hellov2 "grpcworkshop/proto/hello/v2"
	"grpcworkshop/testkit/grpctest"
)

// fullResponse is a v2 response with every field set.
func fullResponse() *hellov2.SayHelloResponse {
	return &hellov2.SayHelloResponse{
		Text:       "hello, you said: hi",
		Replies:    []string{"good day, Ada"},
		Tone:       hellov2.Tone_TONE_FORMAL,
		Labels:     map[string]string{"trace": "abc"},
		ExpireTime: timestamppb.New(testNow.Add(time.Minute)),
	}
}

// newCode is a v2 server that records what it was sent and answers with
// every field set, whatever it was asked.
type newCode struct {
	hellov2.UnimplementedHelloServiceServer
	got chan *hellov2.SayHelloRequest
}

func (s *newCode) SayHello(_ context.Context, in *hellov2.SayHelloRequest) (*hellov2.SayHelloResponse, error) {
	s.got <- in
	return fullResponse(), nil
}

// TestOldClientNewServer: a v1 client calls a server that runs v2's code.
// The server sees the greeting and the zero value of every new field; the
// client reads reply (v2's text) and keeps the rest as unknown fields.
func TestOldClientNewServer(t *testing.T) {
	grpctest.NoLeaks(t, "compat_test.go")
	srv := &newCode{got: make(chan *hellov2.SayHelloRequest, 1)}
	conn := serveAs(t, hellov2.HelloService_ServiceDesc, "hello.v1.HelloService", srv)

	got, err := hellov1.NewHelloServiceClient(conn).SayHello(callCtx(t), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "hello, you said: hi", got.GetReply(), "v1 reads field 1, v2's text, as reply")

	sent := <-srv.got
	assert.Equal(t, "hi", sent.GetGreeting())
	assert.Equal(t, hellov2.Tone_TONE_UNSPECIFIED, sent.GetTone(), "a field the old client does not know arrives as its zero value")
	assert.Nil(t, sent.GetNames())
	assert.Nil(t, sent.GetExpiry(), "no member of the oneof is set")
	assert.Empty(t, sent.ProtoReflect().GetUnknown())

	assert.NotEmpty(t, got.ProtoReflect().GetUnknown(), "the v1 client keeps v2's other fields as unknown fields")
	t.Logf("the v2 server saw %s; the v1 client read %s, and kept %d bytes it does not know",
		text(sent), text(got), len(got.ProtoReflect().GetUnknown()))
}

// TestNewClientOldServer: a v2 client calls the finished v1 server. The
// server reads the greeting and ignores the rest; the client gets text and
// the zero value of everything else, such as TONE_UNSPECIFIED: "the server
// did not say", which is why an enum's zero is never a real choice.
func TestNewClientOldServer(t *testing.T) {
	grpctest.NoLeaks(t, "compat_test.go")
	conn := serveAs(t, hellov1.HelloService_ServiceDesc, "hello.v2.HelloService", hello.HelloServer{})

	in := &hellov2.SayHelloRequest{Greeting: "hi", Names: []string{"Ada"}, Tone: hellov2.Tone_TONE_FORMAL,
		Expiry: &hellov2.SayHelloRequest_Ttl{Ttl: durationpb.New(time.Minute)}}
	got, err := hellov2.NewHelloServiceClient(conn).SayHello(callCtx(t), in)
	require.NoError(t, err)
	want := &hellov2.SayHelloResponse{Text: "hello, you said: hi"}
	assert.True(t, proto.Equal(want, got), "got %s, want %s", text(got), text(want))
	assert.Equal(t, hellov2.Tone_TONE_UNSPECIFIED, got.GetTone())
	assert.Nil(t, got.GetExpireTime(), "a message field the server never set is nil: no expiry, or a server that does not know expiry")
}

// TestUnknownFieldsKept: a v1 program that decodes a v2 message and encodes
// it again (a proxy, a cache) passes the fields it does not know on, in
// binary. Through JSON it cannot: JSON has no place for unknown fields.
func TestUnknownFieldsKept(t *testing.T) {
	v2 := fullResponse()
	var v1 hellov1.HelloResponse
	remarshal(t, v2, &v1)

	t.Run("binary", func(t *testing.T) {
		var back hellov2.SayHelloResponse
		remarshal(t, &v1, &back)
		assert.True(t, proto.Equal(v2, &back), "v2 -> v1 -> v2 gave %s, want %s", text(&back), text(v2))
	})
	t.Run("json", func(t *testing.T) {
		j, err := protojson.Marshal(&v1)
		require.NoError(t, err)
		assert.JSONEq(t, `{"reply": "hello, you said: hi"}`, string(j), "v1's JSON has only the fields v1 knows")
		var v1again hellov1.HelloResponse
		require.NoError(t, protojson.Unmarshal(j, &v1again))
		var back hellov2.SayHelloResponse
		remarshal(t, &v1again, &back)
		want := &hellov2.SayHelloResponse{Text: "hello, you said: hi"}
		assert.True(t, proto.Equal(want, &back), "v2 -> v1 -> JSON -> v1 -> v2 gave %s, want %s", text(&back), text(want))
	})
}

// TestRenamedField: v1's reply is v2's text, field 1 in both. In binary the
// rename is invisible; in JSON, where the name is the key, it breaks.
func TestRenamedField(t *testing.T) {
	v2 := &hellov2.SayHelloResponse{Text: "hello, you said: hi"}
	var v1 hellov1.HelloResponse
	remarshal(t, v2, &v1)
	assert.Equal(t, "hello, you said: hi", v1.GetReply(), "binary: the number travels, not the name")
	binary := v1.GetReply()

	j, err := protojson.Marshal(v2)
	require.NoError(t, err)
	assert.JSONEq(t, `{"text": "hello, you said: hi"}`, string(j))
	err = protojson.Unmarshal(j, &v1)
	require.Error(t, err, "JSON: a v1 program does not know the key text")
	assert.Contains(t, err.Error(), `unknown field "text"`)
	t.Logf("binary: v1 reads reply %q; JSON %s: v1 says %v", binary, j, err)

	lenient := protojson.UnmarshalOptions{DiscardUnknown: true}
	require.NoError(t, lenient.Unmarshal(j, &v1))
	assert.Empty(t, v1.GetReply(), "JSON with DiscardUnknown: no error, and the reply is lost")
}

// TestReservedField: a 2.0 client still sends language, field 2, which 2.1
// removed and reserved. The 2.1 server keeps it as an unknown field; no new
// field can ever misread it, since protoc refuses a field numbered 2.
func TestReservedField(t *testing.T) {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, "hi")
	b = protowire.AppendTag(b, 2, protowire.BytesType) // language = "en", as 2.0 sends it
	b = protowire.AppendString(b, "en")

	var in hellov2.SayHelloRequest
	require.NoError(t, proto.Unmarshal(b, &in))
	assert.Equal(t, "hi", in.GetGreeting())
	num, typ, n := protowire.ConsumeTag(in.ProtoReflect().GetUnknown())
	require.Positive(t, n)
	assert.Equal(t, protowire.Number(2), num, "field 2 is kept as an unknown field")
	assert.Equal(t, protowire.BytesType, typ)

	reserved := in.ProtoReflect().Descriptor().ReservedNames()
	assert.True(t, reserved.Has("language"), "the name is reserved too: JSON reads fields by name")
}

// TestChangedType: a field that changes type in place. Some changes are
// silent, which is worse than an error.
func TestChangedType(t *testing.T) {
	t.Run("string to int32: the value is lost, silently", func(t *testing.T) {
		// As if the server's field 1 became "int32 value = 1": the client
		// sends the string, the server reads aggfunc's ReturnValue.
		var got aggfuncpb.ReturnValue
		remarshal(t, &hellov1.HelloResponse{Reply: "hi"}, &got)
		assert.Zero(t, got.GetValue(), "the wire type differs: field 1 is not decoded")
		assert.NotEmpty(t, got.ProtoReflect().GetUnknown(), "it is kept as an unknown field instead")
	})
	t.Run("int64 to int32: the number is cut, silently", func(t *testing.T) {
		var b []byte
		b = protowire.AppendTag(b, 1, protowire.VarintType)
		b = protowire.AppendVarint(b, 1<<32+7) // an int64 too big for an int32
		var got aggfuncpb.ReturnValue
		require.NoError(t, proto.Unmarshal(b, &got), "the same wire type: decoded without an error")
		assert.Equal(t, int32(7), got.GetValue(), "and cut to 32 bits, as Go's int32() would")
	})
	t.Run("bytes to string: an error", func(t *testing.T) {
		var b []byte
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendBytes(b, []byte{0xff, 0xfe}) // bytes, not UTF-8
		err := proto.Unmarshal(b, &hellov1.HelloRequest{})
		require.Error(t, err, "a proto3 string must be UTF-8")
		assert.True(t, strings.Contains(err.Error(), "UTF-8"), "got %v", err)
	})
}

// TestV1ClientsKeepWorking: NewServer serves v1 beside v2, from the same
// HelloServer: v1 clients keep working, their streaming rpcs included.
func TestV1ClientsKeepWorking(t *testing.T) {
	grpctest.NoLeaks(t, "v1.go")
	conn := start(t)
	v1 := hellov1.NewHelloServiceClient(conn)
	got, err := v1.SayHello(callCtx(t), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "hello, you said: hi", got.GetReply())

	v2, err := hellov2.NewHelloServiceClient(conn).SayHello(callCtx(t), &hellov2.SayHelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	assert.Equal(t, got.GetReply(), v2.GetText(), "one implementation answers both versions")

	stream, err := v1.LotsOfReplies(callCtx(t), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	replies, err := grpctest.RecvReplies(stream.Recv)
	require.NoError(t, err)
	n := len(replies)
	assert.Equal(t, 3, n, "v1's LotsOfReplies still streams its three replies")
}
