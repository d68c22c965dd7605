// Package testkit holds the test helpers that every lesson shares.
//
// Lessons import it from their _test.go files only. Helpers that need gRPC
// live in the subpackage grpctest, so that lessons without gRPC stay small.
package testkit

import (
	"net"
	"testing"
)

// Listen opens a TCP listener on a free loopback port (127.0.0.1:0) and
// closes it when the test ends. Tests never listen on a fixed port, so two
// tests, or two learners on one machine, cannot collide.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("cannot listen on a loopback port: %v", err)
	}
	t.Cleanup(func() { lis.Close() })
	return lis
}
