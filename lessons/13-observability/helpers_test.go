package observe

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// A process is one program of the test's system, with its own telemetry
// and its own recorders: what each program would export, in memory.
type process struct {
	name   string
	tel    Telemetry
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	log    *grpctest.LockedBuffer
}

// newProcess returns a process whose telemetry records spans and metrics in
// memory, with the W3C trace context propagator, as a real program sets up
// its SDK (only the exporters differ).
func newProcess(t *testing.T, name string) *process {
	t.Helper()
	p := &process{name: name, spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader(), log: &grpctest.LockedBuffer{}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(p.reader))
	t.Cleanup(func() {
		ctx := context.Background()
		_ = tp.Shutdown(ctx)
		_ = mp.Shutdown(ctx)
	})
	p.tel = Telemetry{Tracers: tp, Meters: mp, Propagator: propagation.TraceContext{}}
	return p
}

// serve starts hs as this process's server, with NewServer on a loopback
// port, and returns its address.
func (p *process) serve(t *testing.T, hs hellov1.HelloServiceServer) string {
	t.Helper()
	logger := slog.New(TraceHandler(slog.NewTextHandler(p.log, nil)))
	srv, cleanup, err := NewServer(p.tel, logger, hs)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	t.Cleanup(func() {
		if cleanup != nil {
			cleanup()
		}
	})
	return grpctest.Start(t, srv)
}

// client returns a HelloService client of addr that observes its calls with
// this process's telemetry.
func (p *process) client(t *testing.T, addr string) hellov1.HelloServiceClient {
	t.Helper()
	return hellov1.NewHelloServiceClient(grpctest.Dial(t, addr, p.tel.DialOption()))
}

// system is lesson 9's relay in front of its HelloService, and a caller:
// three processes, each observed on its own.
type system struct {
	caller, relay, server *process
	relayAddr, serverAddr string
	// client is the caller's client of the relay.
	client hellov1.HelloServiceClient
}

// startSystem starts the server and the relay, and connects the caller.
func startSystem(t *testing.T) *system {
	t.Helper()
	s := &system{caller: newProcess(t, "the caller"), relay: newProcess(t, "the relay"), server: newProcess(t, "the server")}
	s.serverAddr = s.server.serve(t, HelloServer{})
	s.relayAddr = s.relay.serve(t, Relay{Next: s.relay.client(t, s.serverAddr)})
	s.client = s.caller.client(t, s.relayAddr)
	return s
}

// greet calls SayHello through the relay inside a span of the caller's,
// "greet", as a program does around the work that needs the call, and
// returns that span's context and the call's error.
func (s *system) greet(t *testing.T, greeting string, opts ...grpc.CallOption) (trace.SpanContext, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	ctx, span := s.caller.tel.Tracers.Tracer("lesson13").Start(ctx, "greet")
	defer span.End()
	_, err := s.client.SayHello(ctx, &hellov1.HelloRequest{Greeting: greeting}, opts...)
	return span.SpanContext(), err
}

// sayHelloSpan is the name otelgrpc gives the span of a SayHello call, on
// both sides: the full method without its leading slash.
const sayHelloSpan = "hello.v1.HelloService/SayHello"

// ended waits until p has recorded n ended spans named name, at most a
// second (a server's span ends just after its answer has gone, so the
// caller can see the answer first), and returns them. It fails the test at
// once when p has started no such span at all: then nothing is coming.
func (p *process) ended(t *testing.T, name string, kind trace.SpanKind, n int, todo string) []sdktrace.ReadOnlySpan {
	t.Helper()
	if len(named(started(p.spans), name, kind)) == 0 {
		t.Fatalf("%s recorded no %v span %q (spans: %s); want one per call: %s", p.name, kind, name, names(started(p.spans)), todo)
	}
	deadline := time.Now().Add(time.Second)
	for {
		got := named(p.spans.Ended(), name, kind)
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%s ended %d %v spans %q; want %d, one per call", p.name, len(got), kind, name, n)
			}
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// started returns the spans rec has seen start, ended or not.
func started(rec *tracetest.SpanRecorder) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range rec.Started() {
		out = append(out, s)
	}
	return out
}

// named returns the spans of spans with this name and kind.
func named(spans []sdktrace.ReadOnlySpan, name string, kind trace.SpanKind) []sdktrace.ReadOnlySpan {
	var got []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == name && s.SpanKind() == kind {
			got = append(got, s)
		}
	}
	return got
}

// names lists spans as "name (kind)", for a failure message.
func names(spans []sdktrace.ReadOnlySpan) string {
	if len(spans) == 0 {
		return "none"
	}
	var out []string
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%s (%v)", s.Name(), s.SpanKind()))
	}
	return strings.Join(out, ", ")
}

// attr returns the value of the span attribute key, as a string, or "".
func attr(s sdktrace.ReadOnlySpan, key string) string {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.String()
		}
	}
	return ""
}

// collect returns what p's meters hold now.
func (p *process) collect(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := p.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatalf("%s: ManualReader.Collect: %v", p.name, err)
	}
	return rm
}

// findMetric returns the metric named name from rm, and whether there is one.
func findMetric(rm metricdata.ResourceMetrics, name string) (metricdata.Metrics, bool) {
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m, true
			}
		}
	}
	return metricdata.Metrics{}, false
}

// metricNames lists the metrics in rm, for a failure message.
func metricNames(rm metricdata.ResourceMetrics) string {
	var out []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out = append(out, m.Name)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
