// Command sayhello calls SayHello once and prints the reply. When the call
// fails, it prints the status code and message, then one line per field
// violation of the error's google.rpc.BadRequest detail (FieldErrors), and
// exits with status 1:
//
//	sayhello hi                       # hello, you said: hi
//	sayhello -timeout 100ms hi        # fails with DeadlineExceeded against a slow server
//	sayhello ''                       # InvalidArgument, and the line "  greeting: must not be empty; ..."
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	hello "grpcworkshop/lessons/09-errors-deadlines"
	hellov1 "grpcworkshop/proto/hello/v1"
)

var (
	addr    = flag.String("addr", "localhost:50051", "address of the server, host:port")
	timeout = flag.Duration("timeout", 5*time.Second, "deadline of the call")
)

func main() {
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sayhello [-addr host:port] [-timeout 5s] GREETING (quote it if it has spaces; '' is empty)")
		os.Exit(2)
	}
	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "sayhello: %v\n", err)
		os.Exit(2)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	resp, err := hellov1.NewHelloServiceClient(conn).SayHello(ctx, &hellov1.HelloRequest{Greeting: flag.Arg(0)})
	if err != nil {
		st := status.Convert(err)
		msg := st.Message()
		if deadline, _ := ctx.Deadline(); !time.Now().Before(deadline) {
			// Our own deadline has passed. Whether this side noticed first
			// or the server's cancel arrived first is a race, and so is
			// the message: say what happened instead.
			msg = fmt.Sprintf("no answer within -timeout %v", *timeout)
		}
		fmt.Fprintf(os.Stderr, "sayhello: %s: %s\n", st.Code(), msg)
		for _, line := range hello.FieldErrors(err) {
			fmt.Fprintf(os.Stderr, "  %s\n", line)
		}
		conn.Close() // os.Exit skips the deferred calls
		cancel()
		os.Exit(1)
	}
	fmt.Println(resp.GetReply())
}
