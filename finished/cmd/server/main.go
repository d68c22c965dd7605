// Command server is the workshop's finished gRPC server: the blog post's
// gRPCRouteFuncs service (sum and multiply) and hello.v1.HelloService (all
// four kinds of rpc), with health checks, reflection, a request id and a log
// line for every call, recovery from a handler's panic, keepalive with a
// policy for its clients' pings (finished/keepalive.go), and a graceful stop
// on Ctrl-C or SIGTERM.
//
// Its first line on stderr is exactly "listening on HOST:PORT", with the
// address it really got, so that scripts can start it with -addr
// 127.0.0.1:0 and read the port. The log that follows is log/slog's text
// format, one line per call (-log=false leaves those out), written out in
// batches at least every 100ms (see finished.LogWriter).
//
// OpenTelemetry is off unless -otel asks for it (lesson 13): -otel=stdout
// writes each span as JSON to stdout, and the metrics every 10s; -otel=otlp
// sends both to the collector at OTEL_EXPORTER_OTLP_ENDPOINT over OTLP/HTTP.
// Either way the log lines carry trace_id and span_id.
//
// Run it from anywhere in the repository with `go tool task serve` or
// `go tool server` (it is a tool of the finished module). `go tool` passes
// the signals it gets on to the server, so `kill` of the `go tool server`
// process stops the server gracefully. Task keeps the first two signals to
// itself and exits on the third (see the README); a server whose parent has
// gone, as when Task exits or is killed, stops as if it had got SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"grpcworkshop/finished"
)

// The flags are declared by finished.Flags, so that the benchmark that
// measures this server builds it from the very same flags.
var config = finished.Flags(flag.CommandLine)

func main() {
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "server: unexpected argument %q: the server takes only flags\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	// From now on, Ctrl-C (SIGINT) and SIGTERM come to this channel rather
	// than ending the process; Serve turns them into a graceful stop.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go finished.StopWhenOrphaned(signals)

	// TLS (and mutual TLS) when -tls-cert and -tls-key are set.
	tlsOpts, err := config.TLS.ServerOptions()
	if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(2)
	}

	lis, err := finished.Listen(config.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())
	if !config.TLS.On() {
		if warning := finished.PlaintextWarning(lis.Addr()); warning != "" {
			fmt.Fprintln(os.Stderr, warning)
		}
	}

	srv := finished.Build(config, os.Stderr, tlsOpts...)
	if err := srv.Serve(lis, signals); err != nil {
		srv.Logger.Error("serving failed", "err", err)
		srv.Close()
		os.Exit(1)
	}
	srv.Logger.Info("stopped")
	srv.Close() // writes out the log's last lines
}
