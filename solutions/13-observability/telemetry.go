package observe

import (
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// Telemetry is where one process sends what it observes: its spans, its
// metrics, and how it passes the trace context on to the next process. A
// program makes one at start (the tests make one per server, each with its
// own recorder, as if each were its own process).
type Telemetry struct {
	// Tracers makes the spans; the SDK's sdktrace.TracerProvider exports them.
	Tracers trace.TracerProvider
	// Meters makes the instruments; the SDK's sdkmetric.MeterProvider
	// aggregates and exports them.
	Meters metric.MeterProvider
	// Propagator writes the trace context into a call's metadata on the
	// client and reads it back on the server: propagation.TraceContext{},
	// the W3C header "traceparent".
	Propagator propagation.TextMapPropagator
}

// ServerOption returns the server option that observes every call the
// server gets: a server span per call, a child of the caller's span when the
// call's metadata carries one, and the call's duration in the metric
// rpc.server.call.duration.
func (t Telemetry) ServerOption() grpc.ServerOption {
	// START server OMIT
	return grpc.StatsHandler(otelgrpc.NewServerHandler(
		otelgrpc.WithTracerProvider(t.Tracers),
		otelgrpc.WithPropagators(t.Propagator), // without it, a no-op: each hop starts a new trace
		otelgrpc.WithMeterProvider(t.Meters),
	))
	// END server OMIT
}

// DialOption returns the dial option that observes every call the client
// makes: a client span per call, a child of the span in the call's ctx, its
// trace context written into the call's metadata for the server, and the
// call's duration in the metric rpc.client.call.duration.
func (t Telemetry) DialOption() grpc.DialOption {
	// START client OMIT
	return grpc.WithStatsHandler(otelgrpc.NewClientHandler(
		otelgrpc.WithTracerProvider(t.Tracers),
		otelgrpc.WithPropagators(t.Propagator),
		otelgrpc.WithMeterProvider(t.Meters),
	))
	// END client OMIT
}
