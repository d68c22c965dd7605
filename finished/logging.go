package finished

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// NewLogger returns the finished server's logger: log/slog's text format,
// one line per record with its time, on w. Every line logged with the
// context of a call (logger.InfoContext(ctx, ...), or LogAttrs) ends with
// that call's request_id, so that all the lines of one call can be found
// with one grep.
func NewLogger(w io.Writer) *slog.Logger {
	return slog.New(withRequestID(slog.NewTextHandler(w, nil)))
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
