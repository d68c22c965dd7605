package observe

import (
	"context"
	"strings"
	"testing"
	"time"

	channelzgrpc "google.golang.org/grpc/channelz/grpc_channelz_v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/testkit/grpctest"
)

func TestChannelz(t *testing.T) {
	const todo = "register grpc's admin services on the server, admin.Register (see TODO(step 5) in server.go)"
	grpctest.NoLeaks(t, "server.go")
	s := startSystem(t)
	if _, err := s.greet(t, "hi"); err != nil {
		t.Fatalf("SayHello(\"hi\") through the relay: %v; want a reply", err)
	}
	// channelz, asked at the relay, tells about the relay's process: its
	// server, and the channel it calls the server on.
	channelz := channelzgrpc.NewChannelzClient(grpctest.Dial(t, s.relayAddr))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	servers, err := channelz.GetServers(ctx, &channelzgrpc.GetServersRequest{})
	if status.Code(err) == codes.Unimplemented {
		t.Fatalf("GetServers at the relay = %v; want the process's servers: %s", err, todo)
	}
	if err != nil {
		t.Fatalf("GetServers at the relay: %v", err)
	}
	var relay *channelzgrpc.Server
	for _, srv := range servers.GetServer() {
		for _, sock := range srv.GetListenSocket() {
			if sock.GetName() == s.relayAddr {
				relay = srv
			}
		}
	}
	if relay == nil {
		t.Fatalf("GetServers lists %d servers, none listening on the relay's address %s", len(servers.GetServer()), s.relayAddr)
	}
	if got := relay.GetData().GetCallsSucceeded(); got < 1 {
		t.Errorf("the relay's server counts %d calls succeeded; want at least 1, the test's SayHello", got)
	}

	channels, err := channelz.GetTopChannels(ctx, &channelzgrpc.GetTopChannelsRequest{})
	if err != nil {
		t.Fatalf("GetTopChannels at the relay: %v", err)
	}
	var next *channelzgrpc.Channel
	for _, ch := range channels.GetChannel() {
		if strings.HasSuffix(ch.GetData().GetTarget(), s.serverAddr) {
			next = ch
		}
	}
	if next == nil {
		t.Fatalf("GetTopChannels lists %d channels, none to the server behind the relay, %s", len(channels.GetChannel()), s.serverAddr)
	}
	if got := next.GetData().GetCallsSucceeded(); got < 1 {
		t.Errorf("the relay's channel to %s counts %d calls succeeded; want at least 1, the relayed SayHello", s.serverAddr, got)
	}
	if got := next.GetData().GetState().GetState(); got != channelzgrpc.ChannelConnectivityState_READY {
		t.Errorf("the relay's channel to %s is %v; want READY", s.serverAddr, got)
	}
}
