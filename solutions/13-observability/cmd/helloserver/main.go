// Command helloserver serves lesson 13's HelloService: lesson 9's server,
// or with -next its relay, observed with OpenTelemetry, with a log line per
// call that names the call's trace, reflection for grpcurl and channelz.
// It serves until Ctrl-C or SIGTERM.
//
//	helloserver -otel stdout                                          # the server: spans as JSON on stdout
//	helloserver -addr localhost:50052 -next localhost:50051 -otel stdout # a relay in front of it
//
// Its first line on stderr is "listening on HOST:PORT"; then one log line
// per SayHello call, with its status code, duration, trace_id and span_id.
// With -otel stdout each span is written to stdout as JSON when it ends,
// and the metrics every 10s and at the end; with -otel otlp both go to the
// OpenTelemetry collector at OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP,
// default http://localhost:4318). Without -otel no span is made, but a
// caller's traceparent still reaches the log line: the propagator reads it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"grpcworkshop/finished"
	hellov1 "grpcworkshop/proto/hello/v1"
	observe "grpcworkshop/solutions/13-observability"
)

var (
	addr  = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	delay = flag.Duration("delay", 0, "how long SayHello works before it answers (or, with -next, before it calls the next server)")
	next  = flag.String("next", "", "relay: the address of the HelloService to call, host:port; empty serves SayHello here")
	otel  = finished.OTelOff
)

func init() { otel.AddFlag(flag.CommandLine) }

func main() {
	flag.Parse()
	if flag.NArg() > 0 || *delay < 0 {
		fmt.Fprintln(os.Stderr, "helloserver: takes only flags, and a -delay of 0s or more")
		flag.Usage()
		os.Exit(2)
	}
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)

	name := "hello-server"
	if *next != "" {
		name = "hello-relay"
	}
	tel, shutdown, err := telemetry(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helloserver:", err)
		os.Exit(2)
	}
	defer shutdown()

	var hs hellov1.HelloServiceServer = observe.HelloServer{Delay: *delay}
	if *next != "" {
		conn, err := grpc.NewClient(*next, grpc.WithTransportCredentials(insecure.NewCredentials()), tel.DialOption())
		if err != nil {
			fmt.Fprintf(os.Stderr, "helloserver: -next %s: %v\n", *next, err)
			os.Exit(2)
		}
		defer conn.Close()
		hs = observe.Relay{Next: hellov1.NewHelloServiceClient(conn), Delay: *delay}
	}

	lis, err := finished.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "listening on %s\n", lis.Addr())

	logger := slog.New(observe.TraceHandler(slog.NewTextHandler(os.Stderr, nil)))
	srv, cleanup, err := observe.NewServer(tel, logger, hs)
	if err != nil {
		logger.Error("building the server failed", "err", err)
		os.Exit(1)
	}
	defer cleanup()
	if err := finished.Serve(srv, lis, signals, logger); err != nil {
		logger.Error("serving failed", "err", err)
		os.Exit(1)
	}
	logger.Info("stopped")
}

// telemetry returns the Telemetry that -otel asks for, made by the finished
// server's StartTelemetry, and the function that sends what it still holds
// at the end. With -otel off, its providers make no spans and no metrics,
// and the propagator still passes a caller's trace context on.
func telemetry(service string) (observe.Telemetry, func(), error) {
	tel, err := finished.StartTelemetry(otel, service, os.Stdout)
	if err != nil || tel == nil {
		return observe.Telemetry{Tracers: tracenoop.NewTracerProvider(), Meters: noop.NewMeterProvider(), Propagator: propagation.TraceContext{}}, func() {}, err
	}
	shutdown := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tel.Shutdown(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "helloserver: OpenTelemetry:", err)
		}
	}
	return observe.Telemetry{Tracers: tel.Tracers, Meters: tel.Meters, Propagator: tel.Propagator}, shutdown, nil
}
