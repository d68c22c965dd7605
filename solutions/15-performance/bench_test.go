package perf

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"grpcworkshop/finished"
	"grpcworkshop/finished/aggfunc"
	"grpcworkshop/proto/aggfuncpb"
	calc "grpcworkshop/solutions/01-net-rpc"
	"grpcworkshop/testkit"
	"grpcworkshop/testkit/grpctest"
)

// Every benchmark here measures two ways of doing the same work in the
// same run, against servers on loopback, and reports the ratio of their
// rates (testkit.Compare): "shared/new" above 1 means the shared
// connection answers more calls per second. The ways take turns in chunks,
// and the ratio is the median over the chunks, so that a burst of load from
// elsewhere on the machine slows both alike. The README's "Measure"
// section gives the commands and what this machine printed.

// BenchmarkSharedConnVsNewConn measures step 1: sum calls on the Client's
// one connection against a new connection for each call (grpc.NewClient,
// the call, Close), from 8 goroutines each.
func BenchmarkSharedConnVsNewConn(b *testing.B) {
	const callers, chunk = 8, 50
	srv := startServer(b)
	c := newClient(b, srv.addr)
	shared := testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
		_, err := c.Sum(ctx, 3, 4)
		return err
	})
	newConn := testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
		conn, err := grpc.NewClient(srv.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer conn.Close() // TCP handshake, HTTP/2 settings, then the call, then goodbye
		_, err = aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
		return err
	})
	testkit.Compare(b, chunk, "shared/new", shared, newConn, "calls-shared", "calls-new")
}

// BenchmarkStreamVsUnary measures step 2: greetings answered by GreetAll
// against the same greetings sent with SayHello by 2 goroutines (GreetAll
// has 2 too: one sends, one receives).
func BenchmarkStreamVsUnary(b *testing.B) {
	const chunk = 1000
	srv := startServer(b)
	c := newClient(b, srv.addr)
	greetings := make([]string, chunk)
	for i := range greetings {
		greetings[i] = fmt.Sprintf("hi %d", i)
	}
	stream := func(n int) (time.Duration, error) {
		start := time.Now()
		replies, err := c.GreetAll(b.Context(), greetings[:n])
		if err == nil && len(replies) != n {
			err = fmt.Errorf("GreetAll(%d greetings) returned %d replies", n, len(replies))
		}
		return time.Since(start), err
	}
	unary := testkit.Callers(b.Context(), 2, func(ctx context.Context) error {
		_, err := c.Greet(ctx, "hi")
		return err
	})
	testkit.Compare(b, chunk, "stream/unary", stream, unary, "greetings-stream", "greetings-unary")
}

// BenchmarkGzipVsPlain measures step 3: SayHello calls with a 16 KiB
// greeting that repeats itself, with WithGzip and without, from 4
// goroutines each. On loopback the bytes cost next to nothing, so the
// ratio shows gzip's CPU: below 1. It also reports the bytes on the wire
// per call (request and reply, with gRPC's framing), which is what gzip
// saves on a real network.
func BenchmarkGzipVsPlain(b *testing.B) {
	const callers, chunk = 4, 100
	srv := startServer(b)
	var gz, plain wireBytes
	gzClient := newClient(b, srv.addr, WithGzip(), grpc.WithStatsHandler(&gz))
	plainClient := newClient(b, srv.addr, grpc.WithStatsHandler(&plain))
	greeting := strings.Repeat("hello, gRPC! ", 16<<10/13)
	way := func(c *Client) testkit.Way {
		return testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
			_, err := c.Greet(ctx, greeting)
			return err
		})
	}
	testkit.Compare(b, chunk, "gzip/plain", way(gzClient), way(plainClient), "calls-gzip", "calls-plain")
	b.ReportMetric(gz.perMessage(), "wire-B/call-gzip")
	b.ReportMetric(plain.perMessage(), "wire-B/call-plain")
}

// BenchmarkNetRPCVsGRPC compares lesson 1's net/rpc Calculator with gRPC's
// sum on a bare grpc.Server (no interceptors, no log), at equal
// concurrency: 8 goroutines share one client connection in each.
// "netrpc/grpc" above 1 means net/rpc answers more calls per second: what
// HTTP/2 (streams, headers, flow control) and protobuf cost over gob on a
// bare TCP connection.
func BenchmarkNetRPCVsGRPC(b *testing.B) {
	const callers, chunk = 8, 1000
	sum := bareGRPCSum(b, callers)

	lis := testkit.Listen(b)
	rpcServer := rpc.NewServer()
	if err := rpcServer.Register(&calc.Calculator{}); err != nil {
		b.Fatal(err)
	}
	go calc.Serve(lis, rpcServer)
	client, err := calc.Dial(lis.Addr().String(), time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { client.Close() })
	netrpc := testkit.Callers(b.Context(), callers, func(context.Context) error {
		var reply calc.Reply
		return client.Call("Calculator.Sum", calc.Args{Value1: 3, Value2: 4}, &reply)
	})
	testkit.Compare(b, chunk, "netrpc/grpc", netrpc, sum, "calls-netrpc", "calls-grpc")
}

// BenchmarkTCPVsGRPC compares gRPC's sum with the least a sum over the
// network can cost: 8 bytes to the server, 4 back, on a plain TCP
// connection, no framing, no names, no errors. 8 goroutines each, one
// connection per goroutine for TCP (it has no way to tell two answers
// apart on one).
func BenchmarkTCPVsGRPC(b *testing.B) {
	const callers, chunk = 8, 1000
	sum := bareGRPCSum(b, callers)
	addr := tcpSumServer(b)
	conns := make(chan net.Conn, callers)
	for range callers {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { conn.Close() })
		conns <- conn
	}
	tcp := testkit.Callers(b.Context(), callers, func(context.Context) error {
		conn := <-conns
		defer func() { conns <- conn }()
		var buf [8]byte
		binary.BigEndian.PutUint32(buf[0:], 3)
		binary.BigEndian.PutUint32(buf[4:], 4)
		if _, err := conn.Write(buf[:]); err != nil {
			return err
		}
		if _, err := io.ReadFull(conn, buf[:4]); err != nil {
			return err
		}
		if got := int32(binary.BigEndian.Uint32(buf[:4])); got != 7 {
			return fmt.Errorf("tcp sum: %d, want 7", got)
		}
		return nil
	})
	testkit.Compare(b, chunk, "tcp/grpc", tcp, sum, "calls-tcp", "calls-grpc")
}

// bareGRPCSum returns the Way that makes sum calls from the given number of
// goroutines over one connection, to a bare grpc.Server that serves only
// the finished aggfunc.Server.
func bareGRPCSum(b *testing.B, callers int) testkit.Way {
	bare := grpc.NewServer()
	aggfuncpb.RegisterGRPCRouteFuncsServer(bare, aggfunc.Server{})
	client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(b, grpctest.Start(b, bare)))
	req := &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4}
	return testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
		_, err := client.Sum(ctx, req)
		return err
	})
}

// tcpSumServer serves a sum over plain TCP until the benchmark ends: it
// reads two big-endian int32s and writes their sum back, again and again.
func tcpSumServer(b *testing.B) string {
	lis := testkit.Listen(b)
	go func() {
		for {
			conn, err := lis.Accept()
			if err != nil {
				return // the listener is closed
			}
			go func() {
				defer conn.Close()
				var buf [8]byte
				for {
					if _, err := io.ReadFull(conn, buf[:]); err != nil {
						return // the client hung up
					}
					sum := int32(binary.BigEndian.Uint32(buf[0:])) + int32(binary.BigEndian.Uint32(buf[4:]))
					binary.BigEndian.PutUint32(buf[:4], uint32(sum))
					if _, err := conn.Write(buf[:4]); err != nil {
						return
					}
				}
			}()
		}
	}()
	return lis.Addr().String()
}

// BenchmarkFinishedLogVsQuiet loads the finished server, built from
// cmd/server's flags as `go tool task serve` builds it, with sum calls from
// 32 goroutines over one connection: with its line per call in the log
// (-log, the default, written to a file) against -log=false. Run it with
// -cpuprofile to see where the finished server spends its time under
// load: the README's "Profile the finished server".
func BenchmarkFinishedLogVsQuiet(b *testing.B) {
	const callers, chunk = 32, 1000
	way := func(args ...string) testkit.Way {
		client := aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(b, startFinished(b, args...)))
		req := &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4}
		return testkit.Callers(b.Context(), callers, func(ctx context.Context) error {
			_, err := client.Sum(ctx, req)
			return err
		})
	}
	testkit.Compare(b, chunk, "log/quiet", way(), way("-log=false"), "calls-log", "calls-quiet")
}

// startFinished starts the finished server as cmd/server does, from its
// flags (with -addr 127.0.0.1:0 and args), logging to a file, and stops it
// with SIGTERM when the benchmark ends.
func startFinished(b *testing.B, args ...string) string {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	config := finished.Flags(fs)
	if err := fs.Parse(append([]string{"-addr", "127.0.0.1:0"}, args...)); err != nil {
		b.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(b.TempDir(), "server.log"))
	if err != nil {
		b.Fatal(err)
	}
	srv := finished.Build(config, logFile)
	lis, err := finished.Listen(config.Addr)
	if err != nil {
		b.Fatal(err)
	}
	signals, served := make(chan os.Signal, 1), make(chan error, 1)
	go func() { served <- srv.Serve(lis, signals) }()
	b.Cleanup(func() {
		signals <- syscall.SIGTERM
		if err := <-served; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			b.Errorf("Serve: %v", err)
		}
		if err := srv.Close(); err != nil {
			b.Errorf("writing the log: %v", err)
		}
		logFile.Close()
	})
	return lis.Addr().String()
}
