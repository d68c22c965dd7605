package finished

import (
	"cmp"
	"context"
	"flag"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
)

// Config is the finished server's configuration as cmd/server's flags give
// it: one field per flag. Flags declares the flags and Build makes the
// server from them, so that cmd/server and the tests that measure it (see
// BenchmarkServeVsHealthCheck) build the very same server: a flag added
// here, with its default, is in both.
//
// (The workshop's other programs declare their flags in main, as grpc-go's
// examples do. This one's live here because the benchmark must see them.)
type Config struct {
	// Addr is the address to listen on (see Listen).
	Addr string
	// Reflection serves the reflection service (see Options.Reflection).
	Reflection bool
	// TLS names the files of the server's TLS (see TLSFiles); empty is
	// plaintext, for loopback.
	TLS TLSFiles
	// Log logs one line per call (see calls); without it, only the
	// server's own lines (starting, stopping, panics) are logged.
	Log bool
	// Limits are the server's limits (see Limits), one flag each.
	Limits Limits
	// ShutdownDeadline bounds the graceful stop (see Serve).
	ShutdownDeadline time.Duration
	// OTel says where the OpenTelemetry traces and metrics go (see OTel
	// and StartTelemetry); off by default. OTelOut is where -otel=stdout
	// writes them (not a flag; nil is os.Stdout).
	OTel    OTel
	OTelOut io.Writer
	// Register registers more services (see Options.Register); not a flag.
	Register func(s grpc.ServiceRegistrar)
}

// Flags declares cmd/server's flags on fs, with their defaults, and returns
// the Config that fs.Parse fills in.
func Flags(fs *flag.FlagSet) *Config {
	c := &Config{}
	fs.StringVar(&c.Addr, "addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	fs.BoolVar(&c.Reflection, "reflection", true, "serve the reflection API, so that tools such as grpcurl need no .proto files")
	fs.BoolVar(&c.Log, "log", true, "log one line per call, with its method, status code, duration and request id (-log=false leaves them out)")
	c.TLS.AddFlags(fs)
	c.Limits.AddFlags(fs)
	fs.DurationVar(&c.ShutdownDeadline, FlagShutdownDeadline, DefaultShutdownDeadline, "how long a graceful stop may wait for the calls in flight before it cuts them off")
	c.OTel.AddFlag(fs)
	return c
}

// A Server is the finished server that Build makes: the gRPC server, and
// the log it writes to.
type Server struct {
	// GRPC is the gRPC server, with every service registered.
	GRPC *grpc.Server
	// Logger is the server's log; its lines go through a LogWriter.
	Logger *slog.Logger

	log *LogWriter
	tel *Telemetry
}

// Build returns the server c describes, logging to logTo (cmd/server gives
// os.Stderr) through a LogWriter. Close it when done, to write out the last
// lines.
//
// extra go to New as Options.ServerOptions: cmd/server passes the TLS of
// c.TLS.ServerOptions, which it loads first to report a bad file.
func Build(c *Config, logTo io.Writer, extra ...grpc.ServerOption) *Server {
	lw := NewLogWriter(logTo)
	logger := NewLogger(lw)
	// OpenTelemetry, when -otel asks for it: a stats handler, and the
	// trace id in the log lines. Its exporters connect to nothing before
	// they export, so it fails only on a bad setting in the environment.
	tel, err := StartTelemetry(c.OTel, TelemetryService, cmp.Or[io.Writer](c.OTelOut, os.Stdout))
	if err != nil {
		logger.Error("OpenTelemetry is off", "err", err)
	}
	if tel != nil {
		logger = slog.New(withRequestID(withTraceID(newTextHandler(lw))))
	}
	opts := Options{Logger: logger, Quiet: !c.Log, Reflection: c.Reflection, ServerOptions: append(tel.ServerOptions(), extra...), Limits: c.Limits, ShutdownDeadline: c.ShutdownDeadline, Register: c.Register}
	return &Server{GRPC: New(opts), Logger: logger, log: lw, tel: tel}
}

// Serve serves s on lis until a signal stops it (see the function Serve),
// and logs each connection that does not speak gRPC (see LogNonGRPC).
func (s *Server) Serve(lis net.Listener, signals <-chan os.Signal) error {
	return Serve(s.GRPC, LogNonGRPC(lis, s.Logger), signals, s.Logger)
}

// Close sends what the telemetry still holds (for at most 5s) and writes
// out what the log still holds, and stops its timer.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.tel.Shutdown(ctx); err != nil {
		s.Logger.Error("OpenTelemetry: shutdown", "err", err)
	}
	return s.log.Close()
}
