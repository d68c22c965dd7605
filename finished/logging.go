package finished

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// NewLogger returns the finished server's logger: log/slog's text format,
// one line per record with its time, on w. Every line logged with the
// context of a call (logger.InfoContext(ctx, ...), or LogAttrs) ends with
// that call's request_id, so that all the lines of one call can be found
// with one grep.
func NewLogger(w io.Writer) *slog.Logger {
	return slog.New(withRequestID(newTextHandler(w)))
}

// textHandler writes what slog.TextHandler writes, byte for byte
// (TestTextHandler compares them), about three times as fast for the
// records it knows: flat ones whose values are strings, numbers, booleans
// and durations, such as the line of every call. Any other record (an
// error, a group, a logger's own attributes) goes to slog.TextHandler.
//
// Why: the line of every call is written on the path of the call. slog's
// handler is general, and at 0.7µs a line it cost the server several per
// cent of its calls per second (see BenchmarkServeVsHealthCheck).
type textHandler struct {
	w    io.Writer
	slow slog.Handler // slog.NewTextHandler(w, nil)
}

func newTextHandler(w io.Writer) textHandler {
	return textHandler{w: w, slow: slog.NewTextHandler(w, nil)}
}

func (h textHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.slow.Enabled(ctx, l) }

// WithAttrs and WithGroup return slog's handler: a logger with attributes
// of its own is slog's to format.
func (h textHandler) WithAttrs(attrs []slog.Attr) slog.Handler { return h.slow.WithAttrs(attrs) }
func (h textHandler) WithGroup(name string) slog.Handler       { return h.slow.WithGroup(name) }

var lines = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Handle writes r as one line, with one Write, as slog's handler does.
func (h textHandler) Handle(ctx context.Context, r slog.Record) error {
	bp := lines.Get().(*[]byte)
	defer lines.Put(bp)
	b := (*bp)[:0]
	if !r.Time.IsZero() {
		b = append(b, "time="...)
		b = appendRFC3339Millis(b, r.Time)
		b = append(b, ' ')
	}
	b = append(b, "level="...)
	b = appendString(b, r.Level.String())
	b = append(b, " msg="...)
	b = appendString(b, r.Message)
	known := true
	r.Attrs(func(a slog.Attr) bool {
		b, known = appendAttr(b, a)
		return known
	})
	if !known {
		return h.slow.Handle(ctx, r)
	}
	b = append(b, '\n')
	*bp = b
	_, err := h.w.Write(b)
	return err
}

// appendAttr appends " key=value", or reports that a has a kind of value
// this handler leaves to slog's.
func appendAttr(b []byte, a slog.Attr) ([]byte, bool) {
	if a.Value.Kind() == slog.KindLogValuer {
		return b, false
	}
	if a.Equal(slog.Attr{}) {
		return b, true // slog leaves empty attributes out
	}
	b = append(b, ' ')
	b = appendString(b, a.Key)
	b = append(b, '=')
	v := a.Value
	switch v.Kind() {
	case slog.KindString:
		return appendString(b, v.String()), true
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10), true
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10), true
	case slog.KindFloat64:
		return strconv.AppendFloat(b, v.Float64(), 'g', -1, 64), true
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool()), true
	case slog.KindDuration:
		return append(b, v.Duration().String()...), true
	}
	return b, false
}

// appendString appends s, quoted as Go quotes it when slog would quote it:
// when it is empty, or holds a space, '=', '"', or a character that is not
// printable.
func appendString(b []byte, s string) []byte {
	if needsQuoting(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func needsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '=' || c == '"' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}

// appendRFC3339Millis appends t as slog does: RFC 3339 with exactly three
// digits of milliseconds, 2026-12-03T10:30:00.120Z. (RFC3339Nano drops
// trailing zeros; a tenth of a millisecond added makes four digits, and
// the fourth is cut.)
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

// withRequestID wraps h so that it adds the request id of the call in the
// record's context, if any (see RequestID); unless h does it already.
func withRequestID(h slog.Handler) slog.Handler {
	if _, ok := h.(requestIDHandler); ok {
		return h
	}
	return requestIDHandler{h}
}

// requestIDHandler is a slog.Handler that adds request_id=ID to each
// record logged in a call's context, as its last attribute.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// FlushEvery is how long a line may wait in a LogWriter's buffer before it
// is written out: short enough for a person watching the log, long enough
// to gather the lines of thousands of calls into one write.
const FlushEvery = 100 * time.Millisecond

// A LogWriter buffers what is written to it and writes it out to the
// writer under it at least every FlushEvery, whenever its 64 KiB buffer
// fills, and on Flush and Close: nothing written before Close is lost.
//
// A log line per call, written straight to a file or a pipe, is a write
// system call per call; on a busy server those writes cost more than the
// calls themselves (see BenchmarkServeVsHealthCheck). Buffered, one write
// carries hundreds of lines. The price: a line reaches the file up to
// FlushEvery after the call, and a crash of the whole process loses what is
// still buffered (a handler's panic does not: Recover logs it and the
// process lives).
type LogWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// NewLogWriter returns a LogWriter on w; its timer runs until Close.
func NewLogWriter(w io.Writer) *LogWriter {
	lw := &LogWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go lw.flushEvery(FlushEvery)
	return lw
}

func (lw *LogWriter) flushEvery(d time.Duration) {
	defer close(lw.done)
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-lw.stop:
			return
		case <-tick.C:
			_ = lw.Flush() // an error here comes back from the next Write
		}
	}
}

// Write implements io.Writer. slog writes each line with one Write.
func (lw *LogWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.buf.Write(p)
}

// Flush writes out what the buffer holds.
func (lw *LogWriter) Flush() error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.buf.Buffered() == 0 {
		return nil
	}
	return lw.buf.Flush()
}

// Close stops the timer and writes out what is left. Writes after Close
// still work, but wait in the buffer until the next Flush.
func (lw *LogWriter) Close() error {
	select {
	case <-lw.stop:
	default:
		close(lw.stop)
	}
	<-lw.done
	return lw.Flush()
}
