package perf

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
)

// greet makes one SayHello call through a Client made with opts and returns
// what went over the wire.
func greet(t *testing.T, greeting string, opts ...grpc.DialOption) *wireBytes {
	t.Helper()
	srv := startServer(t)
	var w wireBytes
	c := newClient(t, srv.addr, append(opts, grpc.WithStatsHandler(&w))...)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := c.Greet(ctx, greeting); err != nil {
		t.Fatalf("Greet: %v", err)
	}
	return &w
}

func TestGzip(t *testing.T) {
	// 64 KiB that repeat themselves, as JSON, logs and most text do.
	greeting := strings.Repeat("hello, gRPC! ", 64<<10/13)
	w := greet(t, greeting, WithGzip())
	t.Logf("request: %d bytes, %d on the wire; reply: %d bytes, %d on the wire",
		w.sentRaw.Load(), w.sentWire.Load(), w.receivedRaw.Load(), w.receivedWire.Load())
	if sent, raw := w.sentWire.Load(), w.sentRaw.Load(); sent > raw/10 {
		t.Fatalf("a %d-byte request of repeated text took %d bytes on the wire, want less than a tenth: WithGzip should compress every call with gzip (TODO(step 3) in compress.go)", raw, sent)
	}
	if got, raw := w.receivedWire.Load(), w.receivedRaw.Load(); got > raw/10 {
		t.Errorf("the %d-byte reply took %d bytes on the wire, want less than a tenth: the server answers in gzip when the request came in gzip", raw, got)
	}
}

// TestGzipRandom shows where compression pays little: text that does not
// repeat, such as random ids or tokens, shrinks only as far as its alphabet
// lets it. Random base64 uses 6 bits of each byte, so gzip takes it to about
// 3/4, against the hundredth or less of TestGzip's repeated text. (Bytes
// with no pattern at all, such as images or what is encrypted or compressed
// already, come out a little larger.) The CPU is spent all the same: see
// BenchmarkGzipVsPlain.
func TestGzipRandom(t *testing.T) {
	random := make([]byte, 48<<10)
	rand.Read(random)
	greeting := base64.StdEncoding.EncodeToString(random) // 64 KiB of text that does not repeat
	plain := greet(t, greeting)
	gzipped := greet(t, greeting, WithGzip())
	t.Logf("request: %d bytes, %d on the wire plain, %d with WithGzip", plain.sentRaw.Load(), plain.sentWire.Load(), gzipped.sentWire.Load())
	if gzipped.sentWire.Load() < plain.sentWire.Load()*7/10 {
		t.Errorf("gzip shrank random base64 from %d to %d bytes; it cannot get much below 3/4", plain.sentWire.Load(), gzipped.sentWire.Load())
	}
}
