package finished

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

func TestKeepaliveFits(t *testing.T) {
	if problems := CheckKeepalive(KeepaliveClient(), KeepaliveServer(), KeepalivePolicy()); len(problems) > 0 {
		t.Errorf("the finished server's keepalive and its clients' do not fit:\n%s", strings.Join(problems, "\n"))
	}
	// A client with KeepaliveClient is served by New's server.
	conn := grpctest.Dial(t, grpctest.Start(t, New(Options{})), grpc.WithKeepaliveParams(KeepaliveClient()))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4}); err != nil {
		t.Fatalf("sum(3, 4) with KeepaliveClient: %v", err)
	}
}

func TestCheckKeepalive(t *testing.T) {
	good := func() (keepalive.ClientParameters, keepalive.ServerParameters, keepalive.EnforcementPolicy) {
		return KeepaliveClient(), KeepaliveServer(), KeepalivePolicy()
	}
	tests := []struct {
		name   string
		change func(*keepalive.ClientParameters, *keepalive.ServerParameters, *keepalive.EnforcementPolicy)
		want   string // in the one problem found
	}{
		{"client pings off", func(c *keepalive.ClientParameters, _ *keepalive.ServerParameters, _ *keepalive.EnforcementPolicy) {
			c.Time = 0
		}, "turns its pings off"},
		{"grpc-go's default policy", func(_ *keepalive.ClientParameters, _ *keepalive.ServerParameters, p *keepalive.EnforcementPolicy) {
			*p = keepalive.EnforcementPolicy{PermitWithoutStream: true}
		}, "too_many_pings"},
		{"a client raised to 10s", func(c *keepalive.ClientParameters, _ *keepalive.ServerParameters, _ *keepalive.EnforcementPolicy) {
			c.Time = time.Second
		}, "pings every 10s"},
		{"no pings without a call", func(_ *keepalive.ClientParameters, _ *keepalive.ServerParameters, p *keepalive.EnforcementPolicy) {
			p.PermitWithoutStream = false
		}, "PermitWithoutStream"},
		{"connections forever", func(_ *keepalive.ClientParameters, s *keepalive.ServerParameters, _ *keepalive.EnforcementPolicy) {
			s.MaxConnectionAge = 0
		}, "MaxConnectionAge is 0s"},
		{"no grace", func(_ *keepalive.ClientParameters, s *keepalive.ServerParameters, _ *keepalive.EnforcementPolicy) {
			s.MaxConnectionAgeGrace = 0
		}, "MaxConnectionAgeGrace is 0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s, p := good()
			tt.change(&c, &s, &p)
			problems := CheckKeepalive(c, s, p)
			if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
				t.Errorf("CheckKeepalive = %q, want one problem containing %q", problems, tt.want)
			}
		})
	}
}
