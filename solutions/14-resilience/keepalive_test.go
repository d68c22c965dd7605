package resilience

import (
	"io"
	"net"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"google.golang.org/grpc"

	"grpcworkshop/finished"
	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

func TestKeepalive(t *testing.T) {
	const todo = "TODO(step 3) in keepalive.go"
	server, policy := ServerKeepalive()
	for _, problem := range finished.CheckKeepalive(ClientKeepalive(), server, policy) {
		t.Errorf("%s (see %s)", problem, todo)
	}
	if t.Failed() {
		return
	}
	// A client with ClientKeepalive is served by a server with
	// ServerKeepalive.
	srv := grpc.NewServer(grpc.KeepaliveParams(server), grpc.KeepaliveEnforcementPolicy(policy))
	aggfuncpb.RegisterGRPCRouteFuncsServer(srv, aggfunc.Server{})
	conn := grpctest.Dial(t, grpctest.Start(t, srv), grpc.WithKeepaliveParams(ClientKeepalive()))
	if err := sum(t.Context(), aggfuncpb.NewGRPCRouteFuncsClient(conn)); err != nil {
		t.Fatalf("a call with ClientKeepalive to a server with ServerKeepalive: %v", err)
	}
}

// TestTooManyPings shows what a client that pings too often gets: it sends
// HTTP/2 PING frames by hand, back to back, to a server with
// ServerKeepalive's enforcement policy (grpc-go's own client would not ping
// this often). After three strikes the server sends GOAWAY with
// ENHANCE_YOUR_CALM and "too_many_pings", and closes the connection.
func TestTooManyPings(t *testing.T) {
	server, policy := ServerKeepalive()
	addr := grpctest.Start(t, grpc.NewServer(grpc.KeepaliveParams(server), grpc.KeepaliveEnforcementPolicy(policy)))
	var d net.Dialer
	conn, err := d.DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	// An HTTP/2 connection starts with the client's preface and SETTINGS.
	if _, err := io.WriteString(conn, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	fr := http2.NewFramer(conn, conn)
	if err := fr.WriteSettings(); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := fr.WritePing(false, [8]byte{byte(i)}); err != nil {
			t.Fatalf("ping %d: %v", i+1, err)
		}
	}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			t.Fatalf("reading the server's frames: %v; want a GOAWAY frame after 5 pings", err)
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				if err := fr.WriteSettingsAck(); err != nil {
					t.Fatal(err)
				}
			}
		case *http2.GoAwayFrame:
			if f.ErrCode != http2.ErrCodeEnhanceYourCalm || string(f.DebugData()) != "too_many_pings" {
				t.Fatalf("GOAWAY %v %q, want ENHANCE_YOUR_CALM \"too_many_pings\"", f.ErrCode, f.DebugData())
			}
			return
		}
	}
}
