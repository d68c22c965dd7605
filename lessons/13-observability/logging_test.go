package observe

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"grpcworkshop/testkit/grpctest"
)

func TestLogsCarryTraceID(t *testing.T) {
	const todo = "add the span's trace_id and span_id to the record in TraceHandler (see TODO(step 3) in logging.go)"

	t.Run("a line written in a span", func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(TraceHandler(slog.NewTextHandler(&buf, nil)))
		tp := sdktrace.NewTracerProvider()
		t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		ctx, span := tp.Tracer("lesson13").Start(t.Context(), "work")
		defer span.End()
		sc := span.SpanContext()

		logger.InfoContext(ctx, "working")
		logger.With("user", "ana").InfoContext(ctx, "still working")
		logger.Info("no context")
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != 3 {
			t.Fatalf("the logger wrote %d lines; want 3:\n%s", len(lines), buf.String())
		}
		want := "trace_id=" + sc.TraceID().String() + " span_id=" + sc.SpanID().String()
		for i, line := range lines[:2] {
			if !strings.Contains(line, want) {
				t.Errorf("line %d, written with a ctx in a span, is\n\t%s\nwant it to contain %q: %s", i+1, line, want, todo)
			}
		}
		if !strings.Contains(lines[1], "user=ana") {
			t.Errorf("line 2, written through logger.With(\"user\", \"ana\"), is\n\t%s\nwant user=ana in it too", lines[1])
		}
		if strings.Contains(lines[2], "trace_id") {
			t.Errorf("line 3, written without a ctx, is\n\t%s\nwant no trace_id: there is no span to name", lines[2])
		}
	})

	t.Run("each server's line names its own span", func(t *testing.T) {
		grpctest.NoLeaks(t, "logging.go")
		s := startSystem(t)
		greet, err := s.greet(t, "hi")
		if err != nil {
			t.Fatalf("SayHello(\"hi\") through the relay: %v; want a reply", err)
		}
		for _, p := range []*process{s.relay, s.server} {
			span := p.ended(t, sayHelloSpan, trace.SpanKindServer, 1, "see TODO(step 1) in telemetry.go")[0]
			line := callLine(p.log.String())
			if line == "" {
				t.Fatalf("%s logged no line msg=call; its log:\n%s", p.name, p.log.String())
			}
			want := "trace_id=" + greet.TraceID().String() + " span_id=" + span.SpanContext().SpanID().String()
			if !strings.Contains(line, want) {
				t.Errorf("%s logged\n\t%s\nwant %q in it, the caller's trace and %s's own server span: %s", p.name, line, want, p.name, todo)
			}
		}
	})
}

// callLine returns the first line of log with msg=call, or "".
func callLine(log string) string {
	for line := range strings.Lines(log) {
		if strings.Contains(line, "msg=call") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}
