package finished

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// OTel says where the server sends its OpenTelemetry traces and metrics:
// the flag -otel (lesson 13).
type OTel string

const (
	// OTelOff, the default, observes nothing: no stats handler runs, and a
	// call costs what it costs without OpenTelemetry.
	OTelOff OTel = "off"
	// OTelStdout writes each span as JSON to standard output as it ends,
	// and the metrics every StdoutMetricsEvery: for a demo.
	OTelStdout OTel = "stdout"
	// OTelOTLP sends spans and metrics to an OpenTelemetry collector over
	// OTLP/HTTP, configured by the standard environment variables
	// (OTEL_EXPORTER_OTLP_ENDPOINT, default http://localhost:4318;
	// OTEL_EXPORTER_OTLP_HEADERS; OTEL_TRACES_SAMPLER; ...).
	OTelOTLP OTel = "otlp"
)

// StdoutMetricsEvery is how often -otel=stdout writes the metrics.
const StdoutMetricsEvery = 10 * time.Second

// String implements flag.Value.
func (o *OTel) String() string {
	if o == nil || *o == "" {
		return string(OTelOff)
	}
	return string(*o)
}

// Set implements flag.Value: it takes off, stdout or otlp.
func (o *OTel) Set(s string) error {
	switch v := OTel(s); v {
	case OTelOff, OTelStdout, OTelOTLP:
		*o = v
		return nil
	}
	return fmt.Errorf("want off, stdout or otlp")
}

// AddFlag declares the flag -otel on fs, into o; off by default.
func (o *OTel) AddFlag(fs *flag.FlagSet) {
	fs.Var(o, "otel", "OpenTelemetry traces and metrics, by `mode`: off (the default), stdout (JSON on standard output, for a demo) or otlp (to a collector over OTLP/HTTP at OTEL_EXPORTER_OTLP_ENDPOINT, default http://localhost:4318)")
}

// Telemetry is a process's OpenTelemetry: the SDK's providers, with their
// exporters, and the propagator that passes the trace context on in a
// call's metadata (W3C traceparent, and baggage).
type Telemetry struct {
	Tracers    *sdktrace.TracerProvider
	Meters     *sdkmetric.MeterProvider
	Propagator propagation.TextMapPropagator
}

// StartTelemetry starts the telemetry mode asks for, for the service named
// service (the resource attribute service.name), or returns nil for
// OTelOff. OTelStdout writes to out. Shut it down when the program ends, to
// send what is still buffered.
func StartTelemetry(mode OTel, service string, out io.Writer) (*Telemetry, error) {
	var (
		spans   sdktrace.TracerProviderOption
		metrics sdkmetric.Reader
	)
	switch mode {
	case "", OTelOff:
		return nil, nil
	case OTelStdout:
		se, err := stdouttrace.New(stdouttrace.WithWriter(out))
		if err != nil {
			return nil, fmt.Errorf("-otel=stdout: %w", err)
		}
		me, err := stdoutmetric.New(stdoutmetric.WithWriter(out))
		if err != nil {
			return nil, fmt.Errorf("-otel=stdout: %w", err)
		}
		// Each span as it ends: a demo shows it at once.
		spans = sdktrace.WithSyncer(se)
		metrics = sdkmetric.NewPeriodicReader(me, sdkmetric.WithInterval(StdoutMetricsEvery))
	case OTelOTLP:
		ctx := context.Background() // New connects to nothing yet
		se, err := otlptracehttp.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("-otel=otlp: %w", err)
		}
		me, err := otlpmetrichttp.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("-otel=otlp: %w", err)
		}
		// In batches, from a goroutine: a call never waits for the
		// collector, and a collector that is down costs the calls nothing.
		spans = sdktrace.WithBatcher(se)
		metrics = sdkmetric.NewPeriodicReader(me)
	default:
		return nil, fmt.Errorf("-otel=%s: want off, stdout or otlp", mode)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(attribute.String("service.name", service)))
	if err != nil {
		return nil, fmt.Errorf("-otel: resource: %w", err)
	}
	return &Telemetry{
		Tracers:    sdktrace.NewTracerProvider(spans, sdktrace.WithResource(res)),
		Meters:     sdkmetric.NewMeterProvider(sdkmetric.WithReader(metrics), sdkmetric.WithResource(res)),
		Propagator: propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
	}, nil
}

// options are the otelgrpc options of t's stats handlers.
func (t *Telemetry) options() []otelgrpc.Option {
	return []otelgrpc.Option{
		otelgrpc.WithTracerProvider(t.Tracers),
		otelgrpc.WithMeterProvider(t.Meters),
		otelgrpc.WithPropagators(t.Propagator),
	}
}

// ServerOptions returns the server option that observes every call with
// otelgrpc's server stats handler, or none when t is nil (off).
func (t *Telemetry) ServerOptions() []grpc.ServerOption {
	if t == nil {
		return nil
	}
	return []grpc.ServerOption{grpc.StatsHandler(otelgrpc.NewServerHandler(t.options()...))}
}

// DialOptions returns the dial option that observes every call of a client
// with otelgrpc's client stats handler, or none when t is nil (off).
func (t *Telemetry) DialOptions() []grpc.DialOption {
	if t == nil {
		return nil
	}
	return []grpc.DialOption{grpc.WithStatsHandler(otelgrpc.NewClientHandler(t.options()...))}
}

// Shutdown exports what t still holds and stops its exporters, within ctx.
// A nil t has nothing to do.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	return errors.Join(t.Tracers.Shutdown(ctx), t.Meters.Shutdown(ctx))
}

// withTraceID wraps h so that a record logged in a call's context gets the
// attributes trace_id and span_id of the call's span, as lesson 13's
// TraceHandler does: a log line leads to its trace.
func withTraceID(h slog.Handler) slog.Handler {
	return traceIDHandler{h}
}

// traceIDHandler is the slog.Handler of withTraceID.
type traceIDHandler struct{ slog.Handler }

func (h traceIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h traceIDHandler) WithGroup(name string) slog.Handler {
	return traceIDHandler{h.Handler.WithGroup(name)}
}

// TelemetryService is the finished server's service.name in its telemetry.
const TelemetryService = "grpcworkshop-server"
