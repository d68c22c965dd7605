package testkit

import (
	"runtime"
	"strings"
	"testing"
)

func TestHeapAlloc(t *testing.T) {
	before := HeapAlloc()
	kept := make([]byte, 8<<20)
	during := HeapAlloc()
	runtime.KeepAlive(kept) // live until here, garbage after
	after := HeapAlloc()
	// Other objects may come and go meanwhile (the test framework's own),
	// so allow a margin: 7 of the 8 MiB must show.
	if during < before+7<<20 {
		t.Errorf("HeapAlloc() = %d while 8 MiB more are live, want at least %d", during, before+7<<20)
	}
	if after >= during-4<<20 {
		t.Errorf("HeapAlloc() = %d after the 8 MiB became garbage, want well under %d", after, during)
	}
}

func TestListen(t *testing.T) {
	lis := Listen(t)
	if addr := lis.Addr().String(); !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("Listen(t) listens on %s, want 127.0.0.1:PORT", addr)
	}
}
