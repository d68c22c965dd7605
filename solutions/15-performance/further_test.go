//go:build further

package perf

import (
	"context"
	"sync"
	"testing"
	"time"

	"grpcworkshop/testkit/grpctest"
)

func TestFurtherPool(t *testing.T) {
	grpctest.NoLeaks(t, "NewPool and Close in pool.go")
	srv := startServer(t)
	const conns, calls = 3, 30
	p, err := NewPool(srv.addr, conns)
	if err != nil {
		t.Fatalf("NewPool(%q, %d): %v", srv.addr, conns, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	var wg sync.WaitGroup
	errs := make([]error, calls)
	for i := range calls {
		wg.Go(func() {
			got, err := p.Sum(ctx, int32(i), 1)
			if err == nil && got != int32(i)+1 {
				t.Errorf("Pool.Sum(%d, 1) = %d, want %d", i, got, i+1)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Pool.Sum(%d, 1): %v", i, err)
		}
	}
	if n := srv.conns.Load(); n != conns {
		t.Errorf("%d calls on NewPool(addr, %d) opened %d connections, want %d: one per Client of the pool, each used in turn", calls, conns, n, conns)
	}
	if err := p.Close(); err != nil {
		t.Errorf("Pool.Close: %v", err)
	}
	if _, err := NewPool(srv.addr, 0); err == nil {
		t.Errorf("NewPool(addr, 0) returned no error, want one: a pool needs a connection")
	}
}
