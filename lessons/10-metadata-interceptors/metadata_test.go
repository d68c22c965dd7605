package hello

import (
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

func TestSayHelloMetadata(t *testing.T) {
	client := hellov1.NewHelloServiceClient(start(t, HelloServer{}))
	tests := []struct {
		name, greeting string
		code           codes.Code
		count          string
	}{
		{"a reply", "hi", codes.OK, "1"},
		{"an error has a trailer too", "", codes.InvalidArgument, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header, trailer metadata.MD
			_, err := client.SayHello(callCtx(t, RequestIDKey, "req-42"), &hellov1.HelloRequest{Greeting: tt.greeting},
				grpc.Header(&header), grpc.Trailer(&trailer))
			require.Equal(t, tt.code, status.Code(err), "SayHello(%q): %v", tt.greeting, err)
			if got := header.Get(RequestIDKey); !slices.Equal(got, []string{"req-42"}) {
				t.Errorf("SayHello(%q) with metadata %s: req-42 came back with the header %s: %q, want [\"req-42\"]: read it from the incoming metadata and set it in the header (see TODO(step 1) in metadata.go)",
					tt.greeting, RequestIDKey, RequestIDKey, got)
			}
			if got := trailer.Get(ReplyCountKey); !slices.Equal(got, []string{tt.count}) {
				t.Errorf("SayHello(%q) ended with the trailer %s: %q, want [%q]: set it before returning, on an error too (see TODO(step 1) in metadata.go)",
					tt.greeting, ReplyCountKey, got, tt.count)
			}
		})
	}
	t.Run("no request id, no header", func(t *testing.T) {
		var header metadata.MD
		_, err := client.SayHello(callCtx(t), &hellov1.HelloRequest{Greeting: "hi"}, grpc.Header(&header))
		require.NoError(t, err)
		if got := header.Get(RequestIDKey); len(got) > 0 {
			t.Errorf("SayHello without a request id came back with the header %s: %q; want none: echo only what the client sent (see TODO(step 1) in metadata.go)", RequestIDKey, got)
		}
	})
}

func TestBidiHelloMetadata(t *testing.T) {
	client := hellov1.NewHelloServiceClient(start(t, HelloServer{}))
	tests := []struct {
		name      string
		greetings []string
		replies   int
		code      codes.Code
		count     string
	}{
		{"three replies", []string{"hi", "hey", "hello"}, 3, codes.OK, "3"},
		{"no greeting", nil, 0, codes.OK, "0"},
		{"an error after two replies", []string{"hi", "hey", "", "hello"}, 2, codes.InvalidArgument, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stream, err := client.BidiHello(callCtx(t, RequestIDKey, "req-7"))
			require.NoError(t, err)
			// A few greetings fit in the stream's buffers: send them all,
			// close, then read.
			for _, g := range tt.greetings {
				if err := stream.Send(&hellov1.HelloRequest{Greeting: g}); errors.Is(err, io.EOF) {
					break
				}
			}
			require.NoError(t, stream.CloseSend())
			header, err := stream.Header()
			require.NoError(t, err)
			replies, err := grpctest.RecvReplies(stream.Recv)
			require.Equal(t, tt.code, status.Code(err), "BidiHello(%q): %v", tt.greetings, err)
			require.Len(t, replies, tt.replies)
			if got := header.Get(RequestIDKey); !slices.Equal(got, []string{"req-7"}) {
				t.Errorf("BidiHello with metadata %s: req-7 came back with the header %s: %q, want [\"req-7\"]: send it in the header before any reply (see TODO(step 2) in metadata.go)",
					RequestIDKey, RequestIDKey, got)
			}
			if got := stream.Trailer().Get(ReplyCountKey); !slices.Equal(got, []string{tt.count}) {
				t.Errorf("BidiHello(%q) sent %d replies and ended with the trailer %s: %q, want [%q]: count the replies and set the trailer before returning, on an error too (see TODO(step 2) in metadata.go)",
					tt.greetings, len(replies), ReplyCountKey, got, tt.count)
			}
		})
	}
}
