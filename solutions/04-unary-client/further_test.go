//go:build further

package aggclient

import (
	"fmt"
	"testing"
	"time"

	"grpcworkshop/testkit/grpctest"
)

// Going further: CallAllLimit(ctx, client, ops, timeout, limit) is CallAll
// with at most limit calls in flight at once, the results still in the order
// of ops.
func TestFurtherCallAllLimit(t *testing.T) {
	const n = 8
	var ops []Op
	for i := int32(1); i <= n; i++ {
		ops = append(ops, Op{"sum", i, i})
	}
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			fake := &grpctest.FakeAgg{Delay: 60 * time.Millisecond}
			client := stubClient(t, fake)
			results := CallAllLimit(t.Context(), client, ops, 5*time.Second, limit)
			if got := fake.MaxInFlight(); got != limit {
				t.Errorf("CallAllLimit(%d ops, limit %d): the server saw up to %d calls at a time, want %d", n, limit, got, limit)
			}
			if len(results) != n {
				t.Fatalf("CallAllLimit of %d ops returned %d results, want %d", n, len(results), n)
			}
			for i, r := range results {
				if want := 2 * ops[i].A; r.Err != nil || r.Value != want {
					t.Errorf("result %d is (%d, %v), want %d for %s, in the order of ops", i, r.Value, r.Err, want, ops[i])
				}
			}
		})
	}
}
