// Package observe is lesson 13: lesson 9's relay and HelloService, seen
// from the outside while they run.
//
//   - telemetry.go: Telemetry puts OpenTelemetry's stats handlers (otelgrpc)
//     on a server and on a client: a span for every call, the trace context
//     passed on in the metadata, and the duration of every call as a metric.
//   - logging.go: TraceHandler writes the trace id and span id of the call
//     into every log line, so that a log line leads to its trace.
//   - server.go: NewServer serves a HelloService with the telemetry, a log
//     line per call, reflection and grpc's admin services (channelz).
//
// The HelloService and the Relay are lesson 9's finished ones, imported
// from grpcworkshop/solutions/09-errors-deadlines.
package observe
