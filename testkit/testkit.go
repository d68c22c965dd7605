// Package testkit holds the test helpers that every lesson shares.
//
// Lessons import it from their _test.go files only. Helpers that need gRPC
// live in the subpackage grpctest, so that lessons without gRPC stay small.
package testkit

import (
	"net"
	"runtime"
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

// HeapAlloc returns the bytes held by live objects on the heap, measured
// right after a full garbage collection, so that garbage not yet collected
// does not count. Compare it before and after some work: a program that
// streams a million messages should hold about as much afterwards as before,
// while one that kept every message would hold them all.
func HeapAlloc() uint64 {
	// The second collection frees what the first one's finalizers released.
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
