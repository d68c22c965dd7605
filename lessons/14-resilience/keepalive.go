package resilience

import (
	"google.golang.org/grpc/keepalive"
)

// ClientKeepalive is how a client keeps an idle connection known to be
// alive: a PING after Time without traffic, and the connection closed
// when no answer comes within Timeout.
func ClientKeepalive() keepalive.ClientParameters {
	// TODO(step 3): ping after some tens of seconds without traffic, also
	// when no call is open, and give up on an answer after some seconds.
	// The zero value never pings. README: "Step 3: keepalive, and what
	// too_many_pings means".
	return keepalive.ClientParameters{}
}

// ServerKeepalive is the server's side: its own pings, how old a
// connection may grow, and the enforcement policy, which says how often a
// client may ping. A client that pings more often is sent GOAWAY with
// too_many_pings, and its connection is closed.
func ServerKeepalive() (keepalive.ServerParameters, keepalive.EnforcementPolicy) {
	// TODO(step 3): a maximum connection age of some minutes with a grace
	// period, so that clients move onto replicas added later; and a policy
	// that allows the pings ClientKeepalive sends (grpc-go's default
	// MinTime is 5 minutes, and refuses pings without a call).
	return keepalive.ServerParameters{}, keepalive.EnforcementPolicy{}
}
