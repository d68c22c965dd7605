// Command rpcserver serves lesson 01's Calculator over Go's net/rpc.
//
// Its first line on stderr is "listening on HOST:PORT", with the real
// address, so a script can start it with -addr 127.0.0.1:0 and read the port.
// Ctrl-C (SIGINT) or SIGTERM stops it.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net"
	"net/rpc"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	calc "grpcworkshop/solutions/01-net-rpc"
)

var (
	addr = flag.String("addr", "localhost:1234", "address to listen on, host:port (port 0 picks a free port)")
)

func main() {
	flag.Parse()
	log.SetFlags(0) // plain lines: the first one must be exactly "listening on HOST:PORT"

	// Publish the Calculator's methods as "Calculator.Sum" and "Calculator.Multiply".
	srv := rpc.NewServer()
	if err := srv.Register(new(calc.Calculator)); err != nil {
		log.Fatalf("cannot register Calculator: %v", err)
	}

	lis, err := net.Listen("tcp", *addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		host, port, _ := net.SplitHostPort(*addr)
		next, _ := strconv.Atoi(port)
		log.Fatalf("port %s is already in use (another rpcserver?): stop that program, or pick another port, e.g. -addr %s, and give rpcclient the same -addr",
			port, net.JoinHostPort(host, strconv.Itoa(next+1)))
	}
	if err != nil {
		log.Fatalf("cannot listen on %s: %v", *addr, err)
	}
	log.Printf("listening on %s", lis.Addr())

	// On Ctrl-C or SIGTERM, close the listener: Serve then returns.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		lis.Close()
	}()

	if err := calc.Serve(lis, srv); err != nil {
		log.Fatalf("serve: %v", err)
	}
	log.Print("stopped")
}
