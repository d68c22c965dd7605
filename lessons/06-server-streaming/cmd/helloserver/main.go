// Command helloserver serves this lesson's HelloService, with reflection for
// grpcurl, until Ctrl-C or SIGTERM. It logs how each streaming call ended:
//
//	/hello.v1.HelloService/LotsOfReplies Canceled 1.502s
//
// Its first line on stderr is "listening on HOST:PORT".
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	hello "grpcworkshop/lessons/06-server-streaming"
)

var (
	addr     = flag.String("addr", "localhost:50051", "address to listen on, host:port (127.0.0.1:0 picks a free port)")
	replies  = flag.Int("replies", 3, "how many replies LotsOfReplies sends, unless the call's metadata hello-replies asks for another number")
	interval = flag.Duration("interval", 0, "pause between two replies of LotsOfReplies, unless the call's metadata hello-interval asks for another")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", lis.Addr())

	hs := hello.HelloServer{Replies: *replies, Interval: *interval}
	srv := hello.NewGRPCServer(hs, grpc.ChainStreamInterceptor(logStreams))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	select {
	case err := <-served:
		log.Fatal(err)
	case <-ctx.Done():
		// A second Ctrl-C ends the program at once, cutting off any stream
		// that is still running.
		stop()
		log.Print("stopping: waiting for the calls in flight (Ctrl-C again cuts them off)")
		srv.GracefulStop()
		// Serve returned nil as soon as GracefulStop closed the listener.
		if err := <-served; err != nil {
			log.Fatal(err)
		}
	}
	log.Print("stopped")
}

// logStreams logs how each streaming call of HelloService ended, and after
// how long. (grpcurl's calls to the reflection service are streams too;
// they are left out.)
func logStreams(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	start := time.Now()
	err := handler(srv, ss)
	if strings.HasPrefix(info.FullMethod, "/hello.v1.HelloService/") {
		log.Printf("%s %s %s", info.FullMethod, status.Code(err), time.Since(start).Round(time.Millisecond))
	}
	return err
}
