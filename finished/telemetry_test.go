package finished

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	collectormetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"grpcworkshop/proto/aggfuncpb"
	"grpcworkshop/testkit/grpctest"
)

// sumOnce serves New with tel on a loopback port and calls sum(3, 4) once through
// a client observed by tel too.
func sumOnce(t *testing.T, tel *Telemetry) {
	t.Helper()
	srv := New(Options{ServerOptions: tel.ServerOptions()})
	addr := grpctest.Start(t, srv)
	conn := grpctest.Dial(t, addr, tel.DialOptions()...)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	require.NoError(t, err)
	// The client has its answer before the server's span ends; a graceful
	// stop waits for the handler, and so for the span.
	srv.GracefulStop()
}

func TestOTelFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want OTel
		err  bool
	}{
		{nil, OTelOff, false},
		{[]string{"-otel=stdout"}, OTelStdout, false},
		{[]string{"-otel", "otlp"}, OTelOTLP, false},
		{[]string{"-otel=jaeger"}, "", true},
	} {
		fs := flag.NewFlagSet("server", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := Flags(fs)
		err := fs.Parse(tc.args)
		if tc.err {
			assert.ErrorContains(t, err, "want off, stdout or otlp", "%v", tc.args)
			continue
		}
		require.NoError(t, err, "%v", tc.args)
		assert.Equal(t, tc.want.String(), c.OTel.String(), "%v", tc.args)
	}
}

func TestTelemetryOff(t *testing.T) {
	tel, err := StartTelemetry(OTelOff, "test", nil)
	require.NoError(t, err)
	assert.Nil(t, tel)
	assert.Empty(t, tel.ServerOptions(), "off adds no stats handler: the server costs what it did")
	assert.Empty(t, tel.DialOptions())
	assert.NoError(t, tel.Shutdown(t.Context()))
}

func TestTelemetryStdout(t *testing.T) {
	// The server cmd/server runs with -otel=stdout, writing to out.
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	c := Flags(fs)
	require.NoError(t, fs.Parse([]string{"-otel=stdout"}))
	var out, log grpctest.LockedBuffer
	c.OTelOut = &out
	srv := Build(c, &log)
	conn := grpctest.Dial(t, grpctest.Start(t, srv.GRPC))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	require.NoError(t, err)
	// The server records a call's duration just after its answer has gone;
	// GracefulStop returns once every handler has, that one too.
	srv.GRPC.GracefulStop()
	require.NoError(t, srv.Close(), "Close writes the metrics and the log out")

	got := out.String()
	for _, want := range []string{
		`"Name":"proto.gRPCRouteFuncs/sum"`, // the server's span
		`"SpanKind":2`,                      // server
		`"Value":"grpcworkshop-server"`,     // service.name
		`"Name":"rpc.server.call.duration"`, // the metrics, at Close
	} {
		assert.True(t, strings.Contains(got, want), "-otel=stdout wrote no %s (%d bytes written)", want, len(got))
	}
	line := log.String()
	assert.Contains(t, line, "msg=call", "the server's log line for the call")
	assert.Regexp(t, `request_id=\S+ trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}`, line, "the log line names the call's trace and span")
}

func TestTelemetryOTLP(t *testing.T) {
	// A collector's OTLP/HTTP receiver: it takes what the server sends.
	var mu sync.Mutex
	var spans, metrics []string
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if !assert.NoError(t, err) {
			return
		}
		assert.Equal(t, "application/x-protobuf", r.Header.Get("Content-Type"))
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/v1/traces":
			var req collectortrace.ExportTraceServiceRequest
			assert.NoError(t, proto.Unmarshal(body, &req))
			for _, rs := range req.GetResourceSpans() {
				for _, ss := range rs.GetScopeSpans() {
					for _, s := range ss.GetSpans() {
						spans = append(spans, s.GetName()+" "+s.GetKind().String())
					}
				}
			}
			_, _ = w.Write(mustMarshal(t, &collectortrace.ExportTraceServiceResponse{}))
		case "/v1/metrics":
			var req collectormetrics.ExportMetricsServiceRequest
			assert.NoError(t, proto.Unmarshal(body, &req))
			for _, rm := range req.GetResourceMetrics() {
				for _, sm := range rm.GetScopeMetrics() {
					for _, m := range sm.GetMetrics() {
						metrics = append(metrics, m.GetName())
					}
				}
			}
			_, _ = w.Write(mustMarshal(t, &collectormetrics.ExportMetricsServiceResponse{}))
		default:
			t.Errorf("the collector got a request for %s; want /v1/traces or /v1/metrics", r.URL.Path)
			http.NotFound(w, r)
		}
	}))
	defer collector.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)

	tel, err := StartTelemetry(OTelOTLP, "finished-test", nil)
	require.NoError(t, err)
	sumOnce(t, tel)
	require.NoError(t, tel.Shutdown(t.Context()), "Shutdown sends what is left to the collector")

	mu.Lock()
	defer mu.Unlock()
	assert.ElementsMatch(t, []string{"proto.gRPCRouteFuncs/sum SPAN_KIND_SERVER", "proto.gRPCRouteFuncs/sum SPAN_KIND_CLIENT"}, spans)
	assert.Contains(t, metrics, "rpc.server.call.duration")
	assert.Contains(t, metrics, "rpc.client.call.duration")
}

// mustMarshal is m in the protobuf wire format.
func mustMarshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	assert.NoError(t, err)
	return b
}
