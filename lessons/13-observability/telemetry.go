package observe

import (
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
	// TODO(step 1): return grpc.StatsHandler with otelgrpc's server handler,
	// given t's tracer provider and t's propagator as options: otelgrpc's
	// defaults are the global ones, which make nothing until a program
	// sets them. See "Stats handlers" in the README.
	// TODO(step 4): give it t's meter provider too, for the metrics.
	return grpc.EmptyServerOption{}
}

// DialOption returns the dial option that observes every call the client
// makes: a client span per call, a child of the span in the call's ctx, its
// trace context written into the call's metadata for the server, and the
// call's duration in the metric rpc.client.call.duration.
func (t Telemetry) DialOption() grpc.DialOption {
	// TODO(step 2): return grpc.WithStatsHandler with otelgrpc's client
	// handler, with the same options as the server's: without the
	// propagator, the trace stops at the network. See "A trace across the
	// relay" in the README.
	// TODO(step 4): the meter provider too.
	return grpc.EmptyDialOption{}
}
