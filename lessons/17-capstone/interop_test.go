package capstone

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/interop"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"

	"grpcworkshop/finished"
	"grpcworkshop/finished/devcerts"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// The official interop client, built (or found in the build cache) once
// per test binary, in TestMain: its first build takes a minute, and no
// step test should pay for it.
var client struct {
	path string
	err  error
}

func TestMain(m *testing.M) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	client.path, client.err = InteropClient(ctx, "")
	cancel()
	os.Exit(m.Run())
}

// interopClient returns the official client's path, or stops the test.
func interopClient(t *testing.T) string {
	t.Helper()
	require.NoError(t, client.err, "the official interop client must build: check your network and go.mod, then run go mod download")
	return client.path
}

// started is a capstone server that a test started, and its log.
type started struct {
	Target
	log *grpctest.LockedBuffer
}

// serve starts the capstone server (Build) on a free loopback port, with
// TLS when useTLS (certificates of a fresh development CA, for localhost),
// and stops it gracefully when the test ends.
func serve(t *testing.T, useTLS bool) started {
	t.Helper()
	c := &finished.Config{Reflection: true, Log: true}
	s := started{log: &grpctest.LockedBuffer{}}
	var opts []grpc.ServerOption
	if useTLS {
		dir := t.TempDir()
		require.NoError(t, devcerts.WriteDir(dir))
		c.TLS = finished.TLSFiles{Cert: filepath.Join(dir, devcerts.ServerCert), Key: filepath.Join(dir, devcerts.ServerKey)}
		s.CAFile = filepath.Join(dir, devcerts.CAFile)
		var err error
		opts, err = c.TLS.ServerOptions()
		require.NoError(t, err)
	}
	lis := testkit.Listen(t)
	s.Addr = lis.Addr().String()
	srv := Build(c, s.log, opts...)
	signals := make(chan os.Signal, 1)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis, signals) }()
	t.Cleanup(func() {
		signals <- os.Interrupt
		assert.NoError(t, <-served, "Serve")
		assert.NoError(t, srv.Close())
	})
	return s
}

// suite runs cases with the official client against the capstone server,
// plaintext and then over TLS, and fails with one line per case when any
// fails; todo says where to look.
func suite(t *testing.T, todo string, cases ...string) {
	t.Helper()
	grpctest.NoLeaks(t, "server.go: every handler returns once its call has ended")
	path := interopClient(t)
	var lines []string
	failed := 0
	for _, useTLS := range []bool{false, true} {
		s := serve(t, useTLS)
		for _, r := range RunAll(t.Context(), path, s.Target, cases, 4) {
			lines = append(lines, r.String())
			if r.Err != nil {
				failed++
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d interop cases fail (%s):\n%s", failed, len(lines), todo, strings.Join(lines, "\n"))
		return
	}
	t.Logf("all %d interop cases pass:\n%s", len(lines), strings.Join(lines, "\n"))
}

// Step 1: empty and large unary calls, and the soak tests made of them.
func TestUnary(t *testing.T) {
	suite(t, "see the TODOs of step 1 in server.go: EmptyCall and UnaryCall",
		"empty_unary", "large_unary", "rpc_soak", "channel_soak")
}

// Step 2: streams of each kind, cancelled, and past their deadline.
func TestStreaming(t *testing.T) {
	suite(t, "see the TODOs of step 2 in server.go: StreamingOutputCall, StreamingInputCall, FullDuplexCall",
		"client_streaming", "server_streaming", "ping_pong", "empty_stream",
		"timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response")
}

// Step 3: the status a request asks for, and the metadata echoed.
func TestStatusAndMetadata(t *testing.T) {
	suite(t, "see the TODOs of step 3 in server.go: requested and echo",
		"status_code_and_message", "special_status_message", "custom_metadata")
}

// Step 4: the learner's client, against grpc-go's reference server.
func TestClient(t *testing.T) {
	clientSuite(t, "see the TODO of step 4 in client.go", ClientCases...)
}

// TestUnimplemented needs no work: a method the server does not implement
// and a service it does not have are UNIMPLEMENTED, which grpc-go answers
// by itself (the Unimplemented server Server embeds, and the finished
// server's handler of unknown services).
func TestUnimplemented(t *testing.T) {
	suite(t, "the finished server answers these by itself: did Server stop embedding testpb.UnimplementedTestServiceServer?",
		"unimplemented_method", "unimplemented_service")
}

// reference starts grpc-go's reference interop server (the one grpc-go's
// own interop tests run) on a free loopback port, with TLS when useTLS.
func reference(t *testing.T, useTLS bool) Target {
	t.Helper()
	var target Target
	var opts []grpc.ServerOption
	if useTLS {
		dir := t.TempDir()
		require.NoError(t, devcerts.WriteDir(dir))
		creds, err := credentials.NewServerTLSFromFile(filepath.Join(dir, devcerts.ServerCert), filepath.Join(dir, devcerts.ServerKey))
		require.NoError(t, err)
		opts = append(opts, grpc.Creds(creds))
		target.CAFile = filepath.Join(dir, devcerts.CAFile)
	}
	srv := grpc.NewServer(opts...)
	testpb.RegisterTestServiceServer(srv, interop.NewTestServer())
	target.Addr = grpctest.Start(t, srv)
	return target
}

// dial returns a client connection to t, over TLS when t has a CA.
func dial(t *testing.T, target Target) *grpc.ClientConn {
	t.Helper()
	creds := insecure.NewCredentials()
	if target.CAFile != "" {
		var err error
		creds, err = credentials.NewClientTLSFromFile(target.CAFile, "localhost")
		require.NoError(t, err)
	}
	return grpctest.Dial(t, target.Addr, grpc.WithTransportCredentials(creds))
}

// clientSuite runs cases with RunCase against grpc-go's reference server
// and against the capstone server, each plaintext and over TLS, and fails
// with one line per case when any fails; todo says where to look.
func clientSuite(t *testing.T, todo string, cases ...string) {
	t.Helper()
	grpctest.NoLeaks(t, "client.go: every stream RunCase opens ends, or its context is cancelled")
	var lines []string
	failed := 0
	for _, useTLS := range []bool{false, true} {
		for _, server := range []string{"reference", "capstone"} {
			target := reference(t, useTLS)
			if server == "capstone" {
				target = serve(t, useTLS).Target
			}
			conn := dial(t, target)
			for _, name := range cases {
				r := Result{Case: name + " against the " + server + " server", TLS: useTLS}
				start := time.Now()
				r.Err = RunCase(t.Context(), conn, name)
				r.Took = time.Since(start)
				lines = append(lines, r.String())
				if r.Err != nil {
					failed++
				}
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d cases of your client fail (%s):\n%s", failed, len(lines), todo, strings.Join(lines, "\n"))
		return
	}
	t.Logf("all %d cases of your client pass:\n%s", len(lines), strings.Join(lines, "\n"))
}

// TestCases checks that the steps run every case of Cases, each once.
func TestCases(t *testing.T) {
	steps := [][]string{
		{"empty_unary", "large_unary", "rpc_soak", "channel_soak"},
		{"client_streaming", "server_streaming", "ping_pong", "empty_stream", "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response"},
		{"status_code_and_message", "special_status_message", "custom_metadata"},
		{"unimplemented_method", "unimplemented_service"},
	}
	assert.ElementsMatch(t, Cases, append(append(append(steps[0], steps[1]...), steps[2]...), steps[3]...))
}

// TestFoundations needs no work either: the capstone server is the
// finished server, so it answers health checks and reflection, and its log
// has a line for every call, with the request id the client sent.
func TestFoundations(t *testing.T) {
	grpctest.NoLeaks(t, "capstone.go")
	s := serve(t, false)
	conn := dial(t, s.Target)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	for _, service := range []string{"", "grpc.testing.TestService"} {
		h, err := healthgrpc.NewHealthClient(conn).Check(ctx, &healthgrpc.HealthCheckRequest{Service: service})
		require.NoError(t, err, "health check of %q", service)
		assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, h.GetStatus(), "health of %q", service)
	}

	services, err := grpctest.ListServices(ctx, conn)
	require.NoError(t, err, "reflection")
	assert.Contains(t, services, "grpc.testing.TestService", "reflection lists the services")

	// A unary and a stream call, answered or not: the finished server's
	// layer logs each, with its request id.
	client := testpb.NewTestServiceClient(conn)
	_, _ = client.EmptyCall(metadata.AppendToOutgoingContext(ctx, finished.RequestIDKey, "capstone-41"), &testpb.Empty{})
	stream, err := client.FullDuplexCall(metadata.AppendToOutgoingContext(ctx, finished.RequestIDKey, "capstone-42"))
	require.NoError(t, err)
	require.NoError(t, stream.CloseSend())
	_, _ = stream.Recv()
	for method, id := range map[string]string{
		testpb.TestService_EmptyCall_FullMethodName:      "capstone-41",
		testpb.TestService_FullDuplexCall_FullMethodName: "capstone-42",
	} {
		want := regexp.MustCompile(fmt.Sprintf(`method=%s .*request_id=%s`, regexp.QuoteMeta(method), id))
		assert.Eventually(t, func() bool { return want.MatchString(s.log.String()) },
			2*time.Second, 10*time.Millisecond, "the log has a line for %s, with its request id %s:\n%s", method, id, s.log.String())
	}
}
