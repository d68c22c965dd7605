package finished

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestTextHandler checks that textHandler writes what slog.TextHandler
// writes, byte for byte: the records it formats itself, and the ones it
// leaves to slog's.
func TestTextHandler(t *testing.T) {
	at := time.Date(2026, 12, 3, 10, 30, 0, 120_000_000, time.UTC)
	tests := []struct {
		name  string
		msg   string
		attrs []slog.Attr
	}{
		{"call", "call", []slog.Attr{slog.String("method", "/proto.gRPCRouteFuncs/sum"), slog.String("code", "OK"), slog.Duration("duration", 41200*time.Nanosecond), slog.String("request_id", "d575c484-2")}},
		{"quoted message", "not a gRPC connection", []slog.Attr{slog.String("start", "GET / HTTP/1.1")}},
		{"strings", "m", []slog.Attr{slog.String("empty", ""), slog.String("eq", "a=b"), slog.String("quote", `say "hi"`), slog.String("back", `a\b`), slog.String("tab", "a\tb"), slog.String("del", "a\x7fb"), slog.String("ü", "grüß"), slog.String("nbsp", "a\u00a0b"), slog.String("bad", "a\xffb"), slog.String("", "no key")}},
		{"numbers", "m", []slog.Attr{slog.Int("i", -42), slog.Uint64("u", math.MaxUint64), slog.Float64("f", 0.1), slog.Float64("inf", math.Inf(1)), slog.Bool("b", true), slog.Duration("d", 0), slog.Duration("h", 90*time.Minute)}},
		{"empty attr", "m", []slog.Attr{{}, slog.Int("after", 1)}},
		{"error", "serving failed", []slog.Attr{slog.Any("err", errors.New("boom"))}},
		{"group", "m", []slog.Attr{slog.Group("g", slog.Int("a", 1))}},
		{"time", "m", []slog.Attr{slog.Time("at", at)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, tm := range []time.Time{at, at.Add(7 * time.Millisecond), {}} {
				for _, level := range []slog.Level{slog.LevelInfo, slog.LevelError, slog.LevelInfo + 2} {
					var want, got bytes.Buffer
					r := slog.NewRecord(tm, level, tt.msg, 0)
					r.AddAttrs(tt.attrs...)
					assert.NoError(t, slog.NewTextHandler(&want, nil).Handle(context.Background(), r))
					assert.NoError(t, newTextHandler(&got).Handle(context.Background(), r))
					assert.Equal(t, want.String(), got.String())
				}
			}
		})
	}
	t.Run("with attrs", func(t *testing.T) {
		var want, got bytes.Buffer
		slog.New(slog.NewTextHandler(&want, nil)).With("a", 1).WithGroup("g").Info("m", "b", 2)
		slog.New(newTextHandler(&got)).With("a", 1).WithGroup("g").Info("m", "b", 2)
		assert.Equal(t, stripTime(want.String()), stripTime(got.String()))
	})
}

func stripTime(line string) string {
	if len(line) > len("time=2006-01-02T15:04:05.000Z ") {
		return line[len("time=2006-01-02T15:04:05.000Z "):]
	}
	return line
}

// BenchmarkLogLine measures one line of a call through the server's logger
// into a LogWriter: slog's text handler, and this package's.
func BenchmarkLogLine(b *testing.B) {
	for _, h := range []struct {
		name string
		new  func(w *LogWriter) slog.Handler
	}{
		{"slog", func(w *LogWriter) slog.Handler { return slog.NewTextHandler(w, nil) }},
		{"textHandler", func(w *LogWriter) slog.Handler { return newTextHandler(w) }},
	} {
		b.Run(h.name, func(b *testing.B) {
			lw := NewLogWriter(discard{})
			defer lw.Close()
			l := calls{log: slog.New(withRequestID(h.new(lw)))}
			c := &call{Context: context.Background(), method: "/proto.gRPCRouteFuncs/sum", id: "d575c484-2"}
			start := time.Now()
			b.ReportAllocs()
			for b.Loop() {
				l.end(c, start, nil)
			}
		})
	}
}

// discard is io.Discard, but for a LogWriter, which cannot tell.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
