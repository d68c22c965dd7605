package observe

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

func TestServerSpans(t *testing.T) {
	const todo = "put otelgrpc's server stats handler on the server, with the tracer provider and the propagator (see TODO(step 1) in telemetry.go)"
	for _, tc := range []struct {
		name     string
		hs       hellov1.HelloServiceServer
		greeting string
		code     string     // the span's attribute rpc.response.status_code
		status   codes.Code // the span's status
		why      string
	}{
		{"OK", HelloServer{}, "hi", "OK", codes.Unset, "a call that succeeds leaves it unset"},
		{"the client's mistake", HelloServer{}, "", "INVALID_ARGUMENT", codes.Unset, "INVALID_ARGUMENT is the client's fault, not the server's"},
		{"the server's failure", hellov1.UnimplementedHelloServiceServer{}, "hi", "UNIMPLEMENTED", codes.Error, "UNIMPLEMENTED is the server's failure, as UNKNOWN, DEADLINE_EXCEEDED, INTERNAL, UNAVAILABLE and DATA_LOSS are"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			grpctest.NoLeaks(t, "telemetry.go")
			server := newProcess(t, "the server")
			// A client without telemetry: only the server observes the call.
			client := hellov1.NewHelloServiceClient(grpctest.Dial(t, server.serve(t, tc.hs)))
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			_, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: tc.greeting})
			if status.Code(err) == 0 && tc.code != "OK" {
				t.Fatalf("SayHello(%q) succeeded; want %s: the test's server is lesson 9's, unchanged", tc.greeting, tc.code)
			}

			span := server.ended(t, sayHelloSpan, trace.SpanKindServer, 1, todo)[0]
			if got := attr(span, "rpc.method"); got != sayHelloSpan {
				t.Errorf("the server span's attribute rpc.method = %q; want %q, set by otelgrpc's server handler (%s)", got, sayHelloSpan, todo)
			}
			if got := attr(span, "rpc.response.status_code"); got != tc.code {
				t.Errorf("the server span's attribute rpc.response.status_code = %q; want %q", got, tc.code)
			}
			if got := span.Status().Code; got != tc.status {
				t.Errorf("the server span's status = %v; want %v: %s", got, tc.status, tc.why)
			}
			if span.Parent().IsValid() {
				t.Errorf("the server span has a parent, %v; want none: the client sent no trace context", span.Parent().SpanID())
			}
		})
	}
}

func TestTraceAcrossRelay(t *testing.T) {
	const todo = "put otelgrpc's client stats handler on the client, with the tracer provider and the propagator (see TODO(step 2) in telemetry.go)"
	grpctest.NoLeaks(t, "telemetry.go")
	s := startSystem(t)
	greet, err := s.greet(t, "hi")
	if err != nil {
		t.Fatalf("SayHello(\"hi\") through the relay: %v; want a reply", err)
	}

	// caller: greet -> SayHello (client) ==> relay: SayHello (server) ->
	// SayHello (client) ==> server: SayHello (server). An arrow ==> crosses
	// a network hop: only the metadata carries the parent there.
	callerSpan := s.caller.ended(t, sayHelloSpan, trace.SpanKindClient, 1, todo)[0]
	relayIn := s.relay.ended(t, sayHelloSpan, trace.SpanKindServer, 1, "see TODO(step 1) in telemetry.go")[0]
	relayOut := s.relay.ended(t, sayHelloSpan, trace.SpanKindClient, 1, todo)[0]
	serverIn := s.server.ended(t, sayHelloSpan, trace.SpanKindServer, 1, "see TODO(step 1) in telemetry.go")[0]

	const lost = "the trace context did not travel in the call's metadata: give both stats handlers the propagator, otelgrpc.WithPropagators (see the TODOs in telemetry.go)"
	for _, link := range []struct {
		child, parent string
		got           trace.SpanContext
		want          trace.SpanContext
		hop           bool
	}{
		{"the caller's client span", "its span greet", callerSpan.Parent(), greet, false},
		{"the relay's server span", "the caller's client span", relayIn.Parent(), callerSpan.SpanContext(), true},
		{"the relay's client span", "the relay's server span", relayOut.Parent(), relayIn.SpanContext(), false},
		{"the server's server span", "the relay's client span", serverIn.Parent(), relayOut.SpanContext(), true},
	} {
		if link.got.SpanID() != link.want.SpanID() || link.got.TraceID() != link.want.TraceID() {
			msg := "pass the handler's ctx on"
			if link.hop {
				msg = lost
			}
			t.Fatalf("%s has parent span %v in trace %v; want %s, span %v in trace %v: %s", link.child, link.got.SpanID(), link.got.TraceID(), link.parent, link.want.SpanID(), link.want.TraceID(), msg)
		}
		if link.got.IsRemote() != link.hop {
			t.Errorf("%s: its parent is remote = %v; want %v (remote: it came over the network)", link.child, link.got.IsRemote(), link.hop)
		}
	}

	t.Logf("one trace, %v, across three processes:", greet.TraceID())
	for i, row := range []struct {
		who  string
		span sdktrace.ReadOnlySpan
	}{{"caller", s.caller.ended(t, "greet", trace.SpanKindInternal, 1, "")[0]}, {"caller", callerSpan}, {"relay", relayIn}, {"relay", relayOut}, {"server", serverIn}} {
		t.Logf("  %-6s  %s%s (%v), span %v", row.who, strings.Repeat("  ", i), row.span.Name(), row.span.SpanKind(), row.span.SpanContext().SpanID())
	}

	t.Run("a failed call", func(t *testing.T) {
		if _, err := s.greet(t, ""); status.Code(err).String() != "InvalidArgument" {
			t.Fatalf("SayHello(\"\") through the relay = %v; want InvalidArgument", err)
		}
		clientSpan := s.caller.ended(t, sayHelloSpan, trace.SpanKindClient, 2, todo)[1]
		serverSpan := s.server.ended(t, sayHelloSpan, trace.SpanKindServer, 2, todo)[1]
		if got := clientSpan.Status().Code; got != codes.Error {
			t.Errorf("the caller's client span of a call that failed INVALID_ARGUMENT has status %v; want Error: for a client, every code but OK is an error", got)
		}
		if got := serverSpan.Status().Code; got != codes.Unset {
			t.Errorf("the server's span of a call it answered INVALID_ARGUMENT has status %v; want Unset: the server did its job", got)
		}
	})
}

func TestServerMetrics(t *testing.T) {
	const todo = "give both stats handlers the meter provider, otelgrpc.WithMeterProvider (see TODO(step 4) in telemetry.go)"
	grpctest.NoLeaks(t, "telemetry.go")
	caller, server := newProcess(t, "the caller"), newProcess(t, "the server")
	client := caller.client(t, server.serve(t, HelloServer{}))
	for _, greeting := range []string{"hi", "", "hey"} {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		_, _ = client.SayHello(ctx, &hellov1.HelloRequest{Greeting: greeting})
		cancel()
	}
	// A server span ends, and its call's duration is recorded, just after
	// the answer has gone.
	server.ended(t, sayHelloSpan, trace.SpanKindServer, 3, "see TODO(step 1) in telemetry.go")

	for _, tc := range []struct {
		p      *process
		metric string
		want   map[string]uint64 // count of calls by rpc.response.status_code
		errors bool              // whether INVALID_ARGUMENT carries error.type
	}{
		{server, "rpc.server.call.duration", map[string]uint64{"OK": 2, "INVALID_ARGUMENT": 1}, false},
		{caller, "rpc.client.call.duration", map[string]uint64{"OK": 2, "INVALID_ARGUMENT": 1}, true},
	} {
		t.Run(tc.metric, func(t *testing.T) {
			// The last call's duration is recorded just after its span
			// ends: wait for all three, at most a second.
			var m metricdata.Metrics
			var rm metricdata.ResourceMetrics
			for start := time.Now(); ; time.Sleep(5 * time.Millisecond) {
				rm = tc.p.collect(t)
				var ok bool
				m, ok = findMetric(rm, tc.metric)
				if ok && count(m) >= 3 || time.Since(start) > time.Second {
					break
				}
			}
			if m.Name == "" {
				t.Fatalf("%s has no metric %s (metrics: %s); want a histogram of call durations: %s", tc.p.name, tc.metric, metricNames(rm), todo)
			}
			if m.Unit != "s" {
				t.Errorf("%s has unit %q; want \"s\", seconds", tc.metric, m.Unit)
			}
			hist, ok := m.Data.(metricdata.Histogram[float64])
			if !ok {
				t.Fatalf("%s is a %T; want a metricdata.Histogram[float64]", tc.metric, m.Data)
			}
			got := map[string]uint64{}
			for _, dp := range hist.DataPoints {
				method, _ := dp.Attributes.Value("rpc.method")
				if method.AsString() != sayHelloSpan {
					t.Errorf("a data point of %s has rpc.method %q; want %q", tc.metric, method.AsString(), sayHelloSpan)
				}
				code, _ := dp.Attributes.Value("rpc.response.status_code")
				got[code.AsString()] += dp.Count
				if _, hasErr := dp.Attributes.Value("error.type"); hasErr != (tc.errors && code.AsString() != "OK") {
					t.Errorf("%s's data point for %s has error.type = %v; want %v: for a client, every code but OK is an error", tc.metric, code.AsString(), hasErr, tc.errors && code.AsString() != "OK")
				}
				if dp.Sum <= 0 {
					t.Errorf("%s's data point for %s sums %v seconds; want the calls' durations, more than 0", tc.metric, code.AsString(), dp.Sum)
				}
			}
			for code, n := range tc.want {
				if got[code] != n {
					t.Errorf("%s counts %d calls with rpc.response.status_code %s; want %d (all counts: %v)", tc.metric, got[code], code, n, got)
				}
			}
		})
	}
}

// count is the number of calls a histogram of call durations has counted.
func count(m metricdata.Metrics) uint64 {
	var n uint64
	if hist, ok := m.Data.(metricdata.Histogram[float64]); ok {
		for _, dp := range hist.DataPoints {
			n += dp.Count
		}
	}
	return n
}
