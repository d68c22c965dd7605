package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"grpcworkshop/finished/devcerts"
)

// grpcurl runs the pinned grpcurl (go tool grpcurl, from the tools module)
// from the repository's root and returns its exit status and output.
func grpcurl(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"tool", "grpcurl"}, args...)...)
	cmd.Dir = root(t)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", cmd, err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// TestTLS starts the server with TLS, then with mutual TLS, from the files
// of `go tool task certs` (made in a temporary folder), and calls it with
// grpcurl as the README shows: -plaintext fails, -cacert succeeds, and under
// mutual TLS only with a client certificate.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, devcerts.WriteDir(dir))
	file := func(name string) string { return filepath.Join(dir, name) }
	sum := []string{"-d", `{"value1": 3, "value2": 4}`}
	const method = "proto.gRPCRouteFuncs/sum"

	t.Run("TLS", func(t *testing.T) {
		p := start(t, exec.Command(binary(t), "-addr", "127.0.0.1:0", "-tls-cert", file(devcerts.ServerCert), "-tls-key", file(devcerts.ServerKey)))

		code, out := grpcurl(t, append(append([]string{"-plaintext"}, sum...), p.addr, method)...)
		assert.NotEqual(t, 0, code, "grpcurl -plaintext against a TLS server must fail; it printed:\n%s", out)

		code, out = grpcurl(t, append(append([]string{"-cacert", file(devcerts.CAFile)}, sum...), p.addr, method)...)
		assert.Equal(t, 0, code, "grpcurl -cacert: exit status; it printed:\n%s", out)
		assert.Contains(t, out, `"value": 7`)

		code, out = grpcurl(t, append(sum, p.addr, method)...)
		assert.NotEqual(t, 0, code, "grpcurl without -cacert does not trust the development CA; it printed:\n%s", out)
		assert.Contains(t, out, "x509: certificate signed by unknown authority")
	})

	t.Run("mutual TLS", func(t *testing.T) {
		p := start(t, exec.Command(binary(t), "-addr", "127.0.0.1:0", "-tls-cert", file(devcerts.ServerCert), "-tls-key", file(devcerts.ServerKey), "-tls-client-ca", file(devcerts.CAFile)))

		code, out := grpcurl(t, append(append([]string{"-cacert", file(devcerts.CAFile)}, sum...), p.addr, method)...)
		assert.NotEqual(t, 0, code, "grpcurl without a client certificate must fail under mutual TLS; it printed:\n%s", out)
		// The server's alert usually arrives first; sometimes grpcurl's
		// first write meets the closed connection before it reads it.
		assert.Regexp(t, "certificate required|broken pipe|connection reset by peer", out)

		code, out = grpcurl(t, append(append([]string{"-cacert", file(devcerts.CAFile), "-cert", file(devcerts.AliceCert), "-key", file(devcerts.AliceKey)}, sum...), p.addr, method)...)
		assert.Equal(t, 0, code, "grpcurl -cert -key: exit status; it printed:\n%s", out)
		assert.Contains(t, out, `"value": 7`)
	})

	t.Run("flags", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{"-tls-cert", file(devcerts.ServerCert)}, "server: TLS needs both -tls-cert and -tls-key"},
			{[]string{"-tls-cert", file(devcerts.ServerCert), "-tls-key", file("nope.key")}, "server: cannot load -tls-cert"},
		} {
			code, stderr := run(t, append([]string{"-addr", "127.0.0.1:0"}, tt.args...)...)
			assert.Equal(t, 2, code, "exit status; stderr:\n%s", stderr)
			assert.True(t, strings.HasPrefix(stderr, tt.want), "stderr %q, want it to start with %q", stderr, tt.want)
			assert.NotContains(t, stderr, "listening on")
		}
	})
}
