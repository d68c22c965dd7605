package resilience

import (
	"time"

	"google.golang.org/grpc/keepalive"
)

// START keepalive OMIT

// ClientKeepalive is how a client keeps an idle connection known to be
// alive: a PING after Time without traffic, and the connection closed
// when no answer comes within Timeout.
func ClientKeepalive() keepalive.ClientParameters {
	return keepalive.ClientParameters{
		Time:                30 * time.Second,
		Timeout:             10 * time.Second,
		PermitWithoutStream: true, // ping also when no call is open
	}
}

// ServerKeepalive is the server's side: its own pings, how old a
// connection may grow, and the enforcement policy, which says how often a
// client may ping. A client that pings more often is sent GOAWAY with
// too_many_pings, and its connection is closed.
func ServerKeepalive() (keepalive.ServerParameters, keepalive.EnforcementPolicy) {
	return keepalive.ServerParameters{
			Time:                  time.Minute,
			Timeout:               20 * time.Second,
			MaxConnectionAge:      5 * time.Minute,
			MaxConnectionAgeGrace: 30 * time.Second,
		}, keepalive.EnforcementPolicy{
			MinTime:             20 * time.Second, // below the client's Time
			PermitWithoutStream: true,             // as the client does
		}
}

// END keepalive OMIT
