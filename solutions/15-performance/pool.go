package perf

import (
	"context"
	"errors"
	"sync/atomic"

	"google.golang.org/grpc"
)

// A Pool spreads calls over several connections to one server, round
// robin. One connection carries at most the server's MaxConcurrentStreams
// calls at once (100 on the finished server), and its bytes go through one
// TCP connection: a client with more concurrent calls than that, or a
// server behind a layer-4 load balancer, gains from more than one.
type Pool struct {
	clients []*Client
	next    atomic.Uint64
}

// NewPool returns a Pool of n Clients of target (see NewClient).
func NewPool(target string, n int, opts ...grpc.DialOption) (*Pool, error) {
	if n < 1 {
		return nil, errors.New("perf: a pool needs at least one connection")
	}
	p := &Pool{}
	for range n {
		c, err := NewClient(target, opts...)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.clients = append(p.clients, c)
	}
	return p, nil
}

// Sum calls Sum on the pool's next connection.
func (p *Pool) Sum(ctx context.Context, a, b int32) (int32, error) {
	c := p.clients[(p.next.Add(1)-1)%uint64(len(p.clients))]
	return c.Sum(ctx, a, b)
}

// Close closes every connection of the pool.
func (p *Pool) Close() error {
	var errs []error
	for _, c := range p.clients {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
