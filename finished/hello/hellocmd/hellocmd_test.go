package hellocmd

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"grpcworkshop/finished"
	"grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// asIs serves the finished HelloServer as it is.
func asIs(hs hello.HelloServer) hellov1.HelloServiceServer { return hs }

// TestServerBadFlags checks that a flag the server cannot use stops it
// before it listens, with exit status 2 and a line that says why.
func TestServerBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-replies", "-1"}, "helloserver: -replies -1: want a number from 1 to 1000000"},
		{[]string{"-replies", "0"}, "helloserver: -replies 0: want a number from 1 to 1000000"},
		{[]string{"-interval", "-1s"}, "helloserver: -interval -1s: want a duration from 0s to 1m0s, such as 500ms"},
		{[]string{"-interval", "2h"}, "helloserver: -interval 2h0m0s: want a duration from 0s to 1m0s"},
		{[]string{"-addr", "bogus"}, "helloserver: -addr bogus: want host:port, such as localhost:50051"},
		{[]string{"-addr", "127.0.0.1:99999"}, `port "99999" is not a number from 0 to 65535`},
		{[]string{"-replies", "many"}, `invalid value "many" for flag -replies`},
		{[]string{"extra"}, `helloserver: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			// ctx is already done: a server that started anyway would stop
			// at once, with status 0.
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			// A free port comes first; a test's own -addr overrides it.
			args := append([]string{"-addr", "127.0.0.1:0"}, tt.args...)
			code := Server(ctx, args, &stderr, asIs)
			assert.Equal(t, 2, code, "exit status; stderr:\n%s", stderr.String())
			assert.Contains(t, stderr.String(), tt.want)
			assert.Contains(t, stderr.String(), "Usage of helloserver")
			assert.NotContains(t, stderr.String(), "listening on")
		})
	}
}

// TestServerBusyPort checks the message for a port another program has:
// the address, and how to pick another.
func TestServerBusyPort(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer lis.Close()
	addr := lis.Addr().String()
	var stderr bytes.Buffer
	code := Server(t.Context(), []string{"-addr", addr}, &stderr, asIs)
	assert.Equal(t, 1, code)
	want := "helloserver: " + addr + " is already in use (another server still running?): stop it, or pick another address: -addr " + finished.NextAddr(addr) + " (and give helloclient the same -addr)\n"
	assert.Equal(t, want, stderr.String())
}

// TestServeAndCall runs helloserver, calls it with helloclient's every
// method, and stops it as Ctrl-C would.
func TestServeAndCall(t *testing.T) {
	ctx, stop := context.WithCancel(t.Context())
	stderr := &grpctest.LockedBuffer{}
	done := make(chan int, 1)
	go func() { done <- Server(ctx, []string{"-addr", "127.0.0.1:0", "-replies", "2"}, stderr, asIs) }()
	var addr string
	require.Eventually(t, func() bool {
		first, _, complete := strings.Cut(stderr.String(), "\n")
		if !complete {
			return false
		}
		var ok bool
		addr, ok = strings.CutPrefix(first, "listening on ")
		return ok
	}, 5*time.Second, 10*time.Millisecond, "no \"listening on\" line; stderr:\n%s", stderr)

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"hello", "hi"}, "hello, you said: hi\n"},
		{[]string{"replies", "hi"}, "reply 1 of 2: hello, you said: hi\nreply 2 of 2: hello, you said: hi\n"},
		{[]string{"-max", "1", "replies", "hi"}, "reply 1 of 2: hello, you said: hi\n"},
		{[]string{"greetings", "hi", "hey"}, "hello, you said 2 greetings: hi, hey\n"},
		{[]string{"-mode", "all", "bidi", "hi", "hey"}, "reply 1 of 2: hello, you said: hi\nreply 2 of 2: hello, you said: hey\n"},
	} {
		var stdout, cerr bytes.Buffer
		code := Run(t.Context(), append([]string{"-addr", addr}, tt.args...), &stdout, &cerr, Client{})
		assert.Equal(t, 0, code, "helloclient %s: stderr: %s", tt.args, cerr.String())
		assert.Equal(t, tt.want, stdout.String(), "helloclient %s", tt.args)
	}

	var stdout, cerr bytes.Buffer
	code := Run(t.Context(), []string{"-addr", addr, "bidi", "hi", "", "hey"}, &stdout, &cerr, Client{})
	assert.Equal(t, 1, code)
	assert.Equal(t, "helloclient: bidi: InvalidArgument: greeting 2 is empty; send one, such as {\"greeting\": \"hello\"}\n", cerr.String())

	stop()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(5 * time.Second):
		t.Fatal("helloserver still runs 5s after its context was canceled")
	}
	assert.Contains(t, stderr.String(), "/hello.v1.HelloService/LotsOfReplies OK")
	assert.Contains(t, stderr.String(), "\nstopped\n")
}

func TestClientBadArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "helloclient: no method"},
		{[]string{"shout", "hi"}, `helloclient: unknown method "shout"`},
		{[]string{"hello"}, "helloclient: hello: no greeting"},
		{[]string{"replies", "hi", "hey"}, "helloclient: replies takes one greeting, not 2"},
		{[]string{"-timeout", "0s", "hello", "hi"}, "helloclient: -timeout 0s: want a positive duration"},
		{[]string{"-max", "-1", "replies", "hi"}, "helloclient: -max -1: want 0"},
		{[]string{"-addr", "bogus", "hello", "hi"}, "helloclient: -addr bogus: want host:port"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := Run(t.Context(), tt.args, &stdout, &stderr, Client{})
		assert.Equal(t, 2, code, "helloclient %q", tt.args)
		assert.Contains(t, stderr.String(), tt.want, "helloclient %q", tt.args)
		assert.Contains(t, stderr.String(), "usage: helloclient", "helloclient %q", tt.args)
		assert.Empty(t, stdout.String())
	}
}

// TestClientNoServer checks the advice for a server that is not there.
func TestClientNoServer(t *testing.T) {
	addr := grpctest.ClosedAddr(t)
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"-addr", addr, "replies", "hi"}, &stdout, &stderr, Client{})
	assert.Equal(t, 1, code)
	want := "helloclient: replies: Unavailable: nothing is listening on " + addr +
		"; start the server first, in another terminal, from this lesson's folder: go run ./cmd/helloserver -addr " + addr + "\n"
	assert.Equal(t, want, stderr.String())
}
