package perf

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// big is a 5 MiB greeting: more than grpc-go reads by default, 4 MiB.
var big = strings.Repeat("x", 5<<20)

// The limit's refusals, as grpc-go words them: the request's size on the
// wire (5 MiB and 5 bytes of protobuf: the field's tag and length), then the
// reply's ("hello, you said: " and the greeting).
const (
	requestTooLarge = "grpc: received message larger than max (5242885 vs. 4194304)"
	replyTooLarge   = "grpc: received message larger than max (5242902 vs. 4194304)"
)

// greetBig sends big through c.
func greetBig(t *testing.T, c *Client) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	return c.Greet(ctx, big)
}

// TestDefaultLimit shows grpc-go's default: a server reads messages of up
// to 4 MiB, and refuses a larger one with RESOURCE_EXHAUSTED before its
// handler runs.
func TestDefaultLimit(t *testing.T) {
	srv := startServer(t)
	_, err := greetBig(t, newClient(t, srv.addr))
	t.Logf("5 MiB, default limits: %v", err)
	if s := status.Convert(err); s.Code() != codes.ResourceExhausted || s.Message() != requestTooLarge {
		t.Fatalf("a 5 MiB greeting: %v, want code ResourceExhausted and the message %q", err, requestTooLarge)
	}
}

func TestRaisedLimits(t *testing.T) {
	const limit = 8 << 20

	t.Run("server only", func(t *testing.T) {
		// The server reads the request and sends its reply; the client
		// refuses the reply, which is as big as the request.
		srv := startServer(t, ServerLimit(limit)...)
		_, err := greetBig(t, newClient(t, srv.addr))
		t.Logf("5 MiB, the server's limit raised: %v", err)
		if s := status.Convert(err); s.Code() != codes.ResourceExhausted || s.Message() != replyTooLarge {
			t.Fatalf("a 5 MiB greeting to a server with ServerLimit(8 MiB): %v, want the client to refuse the reply: ResourceExhausted %q; ServerLimit should raise the server's receive and send limits (TODO(step 4) in limits.go)", err, replyTooLarge)
		}
	})
	t.Run("both sides", func(t *testing.T) {
		srv := startServer(t, ServerLimit(limit)...)
		reply, err := greetBig(t, newClient(t, srv.addr, ClientLimit(limit)))
		if err != nil {
			t.Fatalf("a 5 MiB greeting with ServerLimit and ClientLimit of 8 MiB: %v, want it answered: raise the limits on both sides (TODO(step 4) in limits.go)", err)
		}
		t.Logf("5 MiB, both limits raised: a reply of %d bytes, error %v", len(reply), err)
		if want := len("hello, you said: ") + len(big); len(reply) != want {
			t.Errorf("the reply has %d bytes, want %d", len(reply), want)
		}
	})
}
