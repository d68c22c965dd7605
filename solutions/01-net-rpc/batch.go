package calc

import "fmt"

// SumBatch sends one Sum call per pair, all without waiting, and only then
// collects the answers. The calls share one connection and the server works
// on them at the same time, so a batch takes about as long as its slowest
// call, not as long as all of them together.
//
// The sums come back in the order of pairs, whatever order the server
// finishes in: each Pending waits for the answer to its own request.
func (c *CalculatorClient) SumBatch(pairs []Args) ([]int32, error) {
	pending := make([]*Pending, len(pairs))
	for i, p := range pairs {
		pending[i] = c.SumAsync(p.Value1, p.Value2)
	}
	sums := make([]int32, len(pairs))
	for i, p := range pending {
		sum, err := p.Wait()
		if err != nil {
			return nil, fmt.Errorf("call %d of the batch: %w", i, err)
		}
		sums[i] = sum
	}
	return sums, nil
}
