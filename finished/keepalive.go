package finished

import (
	"fmt"
	"time"

	"google.golang.org/grpc/keepalive"
)

// Keepalive: HTTP/2 PING frames on a connection that carries no traffic,
// so that both ends find out when the other has gone (a crashed host, a NAT
// or proxy that dropped the connection without a word) before a call hangs
// on it. Each side pings after Time without traffic and closes the
// connection when no answer comes within Timeout.
//
// The server also polices its clients: its enforcement policy says how
// often a client may ping (MinTime) and whether it may ping with no call
// open (PermitWithoutStream). A client that pings more often is a strike;
// after three, the server sends GOAWAY with the code ENHANCE_YOUR_CALM and
// the text "too_many_pings", and closes the connection: every call on it
// fails with UNAVAILABLE. The cure is to agree on both sides: the client's
// Time at least the server's MinTime, and PermitWithoutStream on the
// server when the client has it. CheckKeepalive checks exactly that.

// Keepalive values every client of the finished server should use (see
// KeepaliveClient): a ping after 30 s of silence, also with no call open,
// and 10 s for its answer.
const (
	KeepaliveClientTime    = 30 * time.Second
	KeepaliveClientTimeout = 10 * time.Second
)

// KeepaliveClient is the keepalive a client of the finished server uses,
// with grpc.WithKeepaliveParams. It fits the server's enforcement policy
// (KeepalivePolicy): CheckKeepalive finds nothing wrong with the pair.
func KeepaliveClient() keepalive.ClientParameters {
	return keepalive.ClientParameters{
		Time:                KeepaliveClientTime,
		Timeout:             KeepaliveClientTimeout,
		PermitWithoutStream: true,
	}
}

// KeepaliveServer is the finished server's own keepalive (New sets it
// before Options.ServerOptions, which may override it):
//
//   - it pings a client after a minute of silence and drops it when no
//     answer comes in 20 s, so a vanished client's resources are freed;
//   - it ends each connection after 5 minutes (GOAWAY: the client opens a
//     new one at once), with 30 s for the calls on it to finish, so that
//     clients balancing over replicas spread onto replicas added since, and
//     a DNS name is looked up again. Streams longer than the grace period
//     are cut off with UNAVAILABLE: a long-lived stream's client must
//     reconnect and resume, which it must be able to do anyway.
func KeepaliveServer() keepalive.ServerParameters {
	return keepalive.ServerParameters{
		Time:                  time.Minute,
		Timeout:               20 * time.Second,
		MaxConnectionAge:      5 * time.Minute,
		MaxConnectionAgeGrace: 30 * time.Second,
	}
}

// KeepalivePolicy is the finished server's enforcement policy: a client
// may ping every 20 s (grpc-go's default is 5 minutes, which refuses the
// 30 s of KeepaliveClient and, worse, the 10 s many clients use), also
// with no call open.
func KeepalivePolicy() keepalive.EnforcementPolicy {
	return keepalive.EnforcementPolicy{
		MinTime:             20 * time.Second,
		PermitWithoutStream: true,
	}
}

// grpc-go's limits and defaults that CheckKeepalive applies.
const (
	// minClientPing is the shortest client ping interval grpc-go allows:
	// a smaller ClientParameters.Time is raised to it.
	minClientPing = 10 * time.Second
	// defaultPolicyMinTime is EnforcementPolicy.MinTime when it is zero.
	defaultPolicyMinTime = 5 * time.Minute
)

// CheckKeepalive returns what is wrong with a client's keepalive, the
// server's, and the server's enforcement policy taken together, one
// sentence each, or nothing when they fit: the client pings, and no more
// often than the policy allows (or its connections end in too_many_pings),
// and the server ages its connections out.
func CheckKeepalive(client keepalive.ClientParameters, server keepalive.ServerParameters, policy keepalive.EnforcementPolicy) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	minTime := policy.MinTime
	if minTime == 0 {
		minTime = defaultPolicyMinTime
	}
	switch ping := max(client.Time, minClientPing); {
	case client.Time <= 0:
		add("the client's keepalive Time is %v, which turns its pings off: a connection a NAT or proxy dropped silently goes unnoticed until a call hangs on it; want a ping every %v or more", client.Time, minClientPing)
	case ping < minTime:
		add("the client pings every %v but the server's enforcement policy allows one every %v (MinTime %v): the server answers GOAWAY too_many_pings and closes the connection; want the client's Time at least the policy's MinTime", ping, minTime, policy.MinTime)
	}
	if client.PermitWithoutStream && !policy.PermitWithoutStream {
		add("the client pings with no call open (PermitWithoutStream) but the server's policy does not permit it: its idle connections end in too_many_pings; want PermitWithoutStream in the policy too")
	}
	if server.MaxConnectionAge <= 0 {
		add("the server's MaxConnectionAge is %v, so a connection lives forever: a client balancing over replicas never spreads onto a replica added later; want a few minutes", server.MaxConnectionAge)
	} else if server.MaxConnectionAgeGrace <= 0 {
		add("the server's MaxConnectionAgeGrace is %v: when a connection reaches its age, the calls on it get no time to finish; want a grace period, such as 30s", server.MaxConnectionAgeGrace)
	}
	return problems
}
