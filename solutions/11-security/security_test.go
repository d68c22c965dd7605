package security

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/devcerts"
	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// pki makes a development PKI for one test: a CA, a server certificate for
// localhost, 127.0.0.1 and ::1, and client certificates for alice and bob.
func pki(t *testing.T) *devcerts.Set {
	t.Helper()
	set, err := devcerts.NewSet()
	require.NoError(t, err)
	return set
}

// serve serves NewServer(creds, DevTokens) on a loopback port and returns
// its address.
func serve(t *testing.T, creds credentials.TransportCredentials) string {
	t.Helper()
	srv, err := NewServer(creds, DevTokens)
	require.NoError(t, err, "NewServer")
	return grpctest.Start(t, srv)
}

// call makes one call of method ("sum" or "multiply") of 6 and 7 to addr with
// the client credentials creds and the options opts. It returns the
// result, what the client knows of the connection, and the call's error.
func call(t *testing.T, addr, method string, creds credentials.TransportCredentials, opts ...grpc.CallOption) (int32, credentials.AuthInfo, error) {
	t.Helper()
	client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, addr, grpc.WithTransportCredentials(creds)))
	var p peer.Peer
	opts = append(opts, grpc.Peer(&p))
	in := &aggfuncpb.InputArgsOfBinaryFunc{Value1: 6, Value2: 7}
	f := client.Sum
	if method == "multiply" {
		f = client.Multiply
	}
	resp, err := f(t.Context(), in, opts...)
	return resp.GetValue(), p.AuthInfo, err
}

// refused checks that err ended the call with want, and that its message
// contains each of the texts.
func refused(t *testing.T, err error, want codes.Code, what, todo string, texts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: the call succeeded, want it refused with %v: %s", what, want, todo)
		return
	}
	assert.Equal(t, want, status.Code(err), "%s: %v (%s)", what, err, todo)
	for _, text := range texts {
		assert.ErrorContains(t, err, text, "%s (%s)", what, todo)
	}
}

// token is a bearer token as a test sends it, with
// RequireTransportSecurity false so that it can be sent over plaintext too:
// what a careless client would do.
type token string

func (t token) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

func (token) RequireTransportSecurity() bool { return false }

func TestTLS(t *testing.T) {
	const todo = "see the TODOs of ServerTLS and ClientTLS in creds.go"
	set := pki(t)
	addr := serve(t, ServerTLS(set.Server.TLS()))
	alice := grpc.PerRPCCredentials(token("alice-token"))

	t.Run("a TLS client", func(t *testing.T) {
		got, info, err := call(t, addr, "sum", ClientTLS(set.CA.Pool(), nil), alice)
		require.NoError(t, err, "sum over TLS (%s)", todo)
		assert.Equal(t, int32(13), got)
		tlsInfo, ok := info.(credentials.TLSInfo)
		if !ok {
			t.Fatalf("the connection is not TLS (its AuthInfo is %T), want TLS: %s", info, todo)
		}
		assert.Equal(t, uint16(tls.VersionTLS13), tlsInfo.State.Version, "the TLS version, want TLS 1.3 (tls.Config's MinVersion; %s)", todo)
	})
	t.Run("a plaintext client is refused", func(t *testing.T) {
		_, _, err := call(t, addr, "sum", insecure.NewCredentials(), alice)
		refused(t, err, codes.Unavailable, "a plaintext client against a TLS server", todo)
	})
	t.Run("a client that trusts another CA refuses the server", func(t *testing.T) {
		_, _, err := call(t, addr, "sum", ClientTLS(pki(t).CA.Pool(), nil), alice)
		refused(t, err, codes.Unavailable, "a client with another CA as its roots", todo,
			"transport: authentication handshake failed", "x509: certificate signed by unknown authority")
	})
	t.Run("a client checks the server's name", func(t *testing.T) {
		client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, addr,
			grpc.WithTransportCredentials(ClientTLS(set.CA.Pool(), nil)), grpc.WithAuthority("wrong.example")))
		_, err := client.Sum(t.Context(), &aggfuncpb.InputArgsOfBinaryFunc{Value1: 6, Value2: 7}, alice)
		refused(t, err, codes.Unavailable, "a server whose certificate does not name the host the client dials", todo,
			"x509: certificate is valid for localhost, not wrong.example")
	})
}

func TestMutualTLS(t *testing.T) {
	const todo = "see the TODO of ServerMutualTLS in creds.go"
	set := pki(t)
	addr := serve(t, ServerMutualTLS(set.Server.TLS(), set.CA.Pool()))
	aliceCert := set.Alice.TLS()

	t.Run("a client with a certificate", func(t *testing.T) {
		got, info, err := call(t, addr, "sum", ClientTLS(set.CA.Pool(), &aliceCert))
		require.NoError(t, err, "sum with alice's certificate (%s, and ClientTLS's cert)", todo)
		assert.Equal(t, int32(13), got)
		_, ok := info.(credentials.TLSInfo)
		assert.True(t, ok, "the connection is not TLS (its AuthInfo is %T), want TLS (%s)", info, todo)
	})
	t.Run("a client without a certificate is refused", func(t *testing.T) {
		_, _, err := call(t, addr, "sum", ClientTLS(set.CA.Pool(), nil), grpc.PerRPCCredentials(token("alice-token")))
		refused(t, err, codes.Unavailable, "a client without a certificate under mutual TLS", todo+": tls.RequireAndVerifyClientCert")
		// The server's alert usually arrives first; sometimes the client's
		// first write meets the closed connection before it reads it.
		if err != nil {
			assert.Regexp(t, "tls: certificate required|broken pipe|connection reset by peer", err.Error(), todo)
		}
	})
	t.Run("a certificate from another CA is refused", func(t *testing.T) {
		stranger := pki(t).Alice.TLS()
		_, _, err := call(t, addr, "sum", ClientTLS(set.CA.Pool(), &stranger))
		refused(t, err, codes.Unavailable, "a client certificate that another CA signed", todo+": ClientCAs")
	})
}

func TestToken(t *testing.T) {
	const todo = "see the TODOs in token.go"
	md, err := Token("alice-token").GetRequestMetadata(t.Context())
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"authorization": "Bearer alice-token"}, md, "Token's metadata (%s)", todo)
	require.True(t, Token("alice-token").RequireTransportSecurity(), "a Token must refuse plaintext: RequireTransportSecurity (%s)", todo)

	set := pki(t)
	t.Run("sent over TLS", func(t *testing.T) {
		addr := serve(t, ServerTLS(set.Server.TLS()))
		got, _, err := call(t, addr, "sum", ClientTLS(set.CA.Pool(), nil), grpc.PerRPCCredentials(Token("bob-token")))
		require.NoError(t, err, "sum with bob's token over TLS (%s)", todo)
		assert.Equal(t, int32(13), got)
	})
	t.Run("never sent in plaintext", func(t *testing.T) {
		// A plaintext server, which the token must never reach.
		srv, err := NewServer(insecure.NewCredentials(), DevTokens)
		require.NoError(t, err)
		addr := grpctest.Start(t, srv)

		_, _, err = call(t, addr, "sum", insecure.NewCredentials(), grpc.PerRPCCredentials(Token("alice-token")))
		refused(t, err, codes.Unauthenticated, "a call with a Token over plaintext", todo, "cannot send secure credentials on an insecure connection")

		_, err = grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(Token("alice-token")))
		assert.Error(t, err, "grpc.NewClient with a Token for every call of a plaintext connection must fail (%s)", todo)
	})
}

// tlsPeer is what grpc-go puts in a call's context for a client whose
// certificate chain the handshake verified (verified true) or only received.
func tlsPeer(ctx context.Context, cert *x509.Certificate, verified bool) context.Context {
	state := tls.ConnectionState{PeerCertificates: []*x509.Certificate{cert}}
	if verified {
		state.VerifiedChains = [][]*x509.Certificate{{cert}}
	}
	return peer.NewContext(ctx, &peer.Peer{AuthInfo: credentials.TLSInfo{State: state}})
}

func TestCaller(t *testing.T) {
	const todo = "see the TODO of Caller in auth.go"
	set := pki(t)
	bearer := func(ctx context.Context, value string) context.Context {
		return metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", value))
	}
	ctx := t.Context()
	tests := []struct {
		name string
		ctx  context.Context
		want string // "" for UNAUTHENTICATED
	}{
		{"a verified client certificate", tlsPeer(ctx, set.Alice.Leaf, true), "alice"},
		{"a certificate beats a token", bearer(tlsPeer(ctx, set.Bob.Leaf, true), "Bearer alice-token"), "bob"},
		{"a token", bearer(ctx, "Bearer alice-token"), "alice"},
		{"another token", bearer(tlsPeer(ctx, set.Alice.Leaf, false), "Bearer bob-token"), "bob"},
		{"nothing", ctx, ""},
		{"an unverified certificate proves nothing", tlsPeer(ctx, set.Alice.Leaf, false), ""},
		{"an unknown token", bearer(ctx, "Bearer mallory-token"), ""},
		{"a token without Bearer", bearer(ctx, "alice-token"), ""},
		{"a password", bearer(ctx, "Basic YWxpY2U6c2VjcmV0"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Caller(tt.ctx, DevTokens)
			if tt.want == "" {
				assert.Equal(t, codes.Unauthenticated, status.Code(err), "Caller = %q, %v; want UNAUTHENTICATED (%s)", got, err, todo)
				return
			}
			assert.NoError(t, err, todo)
			assert.Equal(t, tt.want, got, "the caller (%s)", todo)
		})
	}
}

func TestAuthenticate(t *testing.T) {
	const todo = "see the TODO of Authenticate in auth.go"
	intercept := Authenticate(DevTokens)
	var seen []string // what the handler sees under CallerKey
	handler := func(ctx context.Context, req any) (any, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		seen = md.Get(CallerKey)
		return "ok", nil
	}
	info := &grpc.UnaryServerInfo{FullMethod: "/proto.gRPCRouteFuncs/sum"}

	t.Run("a known caller", func(t *testing.T) {
		seen = nil
		// bob claims to be alice: the interceptor must replace his claim.
		ctx := metadata.NewIncomingContext(t.Context(), metadata.Pairs("authorization", "Bearer bob-token", CallerKey, "alice"))
		resp, err := intercept(ctx, nil, info, handler)
		require.NoError(t, err, todo)
		assert.Equal(t, "ok", resp, "the handler's answer (%s)", todo)
		assert.Equal(t, []string{"bob"}, seen, "the handler's %s metadata, for bob's token with a forged %s: alice (%s)", CallerKey, CallerKey, todo)
	})
	t.Run("no caller", func(t *testing.T) {
		seen = []string{"not called"}
		resp, err := intercept(t.Context(), nil, info, handler)
		assert.Equal(t, codes.Unauthenticated, status.Code(err), "a call without a token: %v (%s)", err, todo)
		assert.Nil(t, resp)
		assert.Equal(t, []string{"not called"}, seen, "the handler must not run for an unknown caller (%s)", todo)
	})
	t.Run("through the server", func(t *testing.T) {
		set := pki(t)
		addr := serve(t, ServerTLS(set.Server.TLS()))
		_, _, err := call(t, addr, "sum", ClientTLS(set.CA.Pool(), nil))
		refused(t, err, codes.Unauthenticated, "sum over TLS without a token", todo)
	})
}

func TestPolicy(t *testing.T) {
	const todo = "see the TODO of Policy in policy.go"
	set := pki(t)
	roots := set.CA.Pool()
	t.Run("client certificates", func(t *testing.T) {
		addr := serve(t, ServerMutualTLS(set.Server.TLS(), roots))
		alice, bob := set.Alice.TLS(), set.Bob.TLS()

		got, _, err := call(t, addr, "multiply", ClientTLS(roots, &alice))
		require.NoError(t, err, "alice (certificate) calls multiply: %s", todo)
		assert.Equal(t, int32(42), got)
		_, _, err = call(t, addr, "sum", ClientTLS(roots, &bob))
		assert.NoError(t, err, "bob (certificate) calls sum: %s", todo)
		_, _, err = call(t, addr, "multiply", ClientTLS(roots, &bob))
		refused(t, err, codes.PermissionDenied, "bob (certificate) calls multiply", todo)
	})
	t.Run("tokens", func(t *testing.T) {
		addr := serve(t, ServerTLS(set.Server.TLS()))
		creds := ClientTLS(roots, nil)

		got, _, err := call(t, addr, "multiply", creds, grpc.PerRPCCredentials(Token("alice-token")))
		require.NoError(t, err, "alice (token) calls multiply: %s", todo)
		assert.Equal(t, int32(42), got)
		_, _, err = call(t, addr, "sum", creds, grpc.PerRPCCredentials(Token("bob-token")))
		assert.NoError(t, err, "bob (token) calls sum: %s", todo)
		_, _, err = call(t, addr, "multiply", creds, grpc.PerRPCCredentials(Token("bob-token")))
		refused(t, err, codes.PermissionDenied, "bob (token) calls multiply", todo)

		forged := metadata.AppendToOutgoingContext(t.Context(), CallerKey, "alice")
		client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, addr, grpc.WithTransportCredentials(creds)))
		_, err = client.Multiply(forged, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 6, Value2: 7}, grpc.PerRPCCredentials(Token("bob-token")))
		refused(t, err, codes.PermissionDenied, "bob (token) calls multiply with a forged "+CallerKey+": alice", todo)
	})
}
