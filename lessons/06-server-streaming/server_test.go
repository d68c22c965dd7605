package hello

import (
	"testing"

	"github.com/stretchr/testify/require"

	hellov1 "grpcworkshop/proto/hello/v1"
)

// TestSayHello checks the unary rpc of lesson 3, done: it passes from the
// start.
func TestSayHello(t *testing.T) {
	client, _ := startServer(t, HelloServer{})
	resp, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
	require.NoError(t, err)
	if want := "hello, you said: hi"; resp.GetReply() != want {
		t.Errorf("SayHello(hi) replied %q, want %q", resp.GetReply(), want)
	}
}
