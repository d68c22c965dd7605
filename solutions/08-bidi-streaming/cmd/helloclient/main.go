// Command helloclient calls HelloService and prints each reply on its own
// line as it arrives:
//
//	helloclient hello hi                   # SayHello: one greeting, one reply
//	helloclient replies hi                 # LotsOfReplies: one greeting, many replies
//	helloclient -max 2 replies hi          # ... and cancel the call after two
//	helloclient greetings hi hey hello     # LotsOfGreetings: many greetings, one reply
//	helloclient bidi hi hey hello          # BidiHello: replies while it sends
//	helloclient -mode all bidi hi hey      # BidiHello: replies after the last greeting
//
// -timeout is the deadline of the whole call, every message included. The
// exit status is 0 when the call ends with OK, 1 when it fails (after a line
// on stderr with the status code and message) and 2 for bad arguments.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	hello "grpcworkshop/solutions/08-bidi-streaming"
)

var (
	addr       = flag.String("addr", "localhost:50051", "address of the server, host:port")
	timeout    = flag.Duration("timeout", 10*time.Second, "deadline of the whole call, every message of the stream included")
	maxReplies = flag.Int("max", 0, "replies: stop after this many replies, which cancels the call (0 reads them all)")
	mode       = flag.String("mode", "", "bidi: each (answer each greeting as it arrives) or all (answer after the last); empty leaves it to the server")
)

const usage = "usage: helloclient [flags] hello|replies GREETING | greetings|bidi GREETING..."

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, usage)
		flag.PrintDefaults()
	}
	flag.Parse()
	args := flag.Args()
	if len(args) < 2 || (len(args) > 2 && (args[0] == "hello" || args[0] == "replies")) {
		flag.Usage()
		os.Exit(2)
	}
	os.Exit(run(args[0], args[1:]))
}

// run makes the call and returns the exit status.
func run(method string, greetings []string) int {
	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "helloclient: %v\n", err)
		return 1
	}
	defer conn.Close()
	client := hellov1.NewHelloServiceClient(conn)

	// Ctrl-C cancels the call; the server sees it canceled.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	show := func(reply string) { fmt.Println(reply) }
	switch method {
	case "hello":
		var resp *hellov1.HelloResponse
		if resp, err = client.SayHello(ctx, &hellov1.HelloRequest{Greeting: greetings[0]}); err == nil {
			show(resp.GetReply())
		}
	case "replies":
		n := 0
		for reply, e := range hello.Replies(ctx, client, greetings[0]) {
			if err = e; err != nil {
				break
			}
			show(reply)
			if n++; n == *maxReplies {
				break // leaving the loop cancels the call
			}
		}
	case "greetings":
		var reply string
		if reply, err = hello.SendGreetings(ctx, client, slices.Values(greetings)); err == nil {
			show(reply)
		}
	case "bidi":
		err = hello.Chat(ctx, client, *mode, slices.Values(greetings), show)
	default:
		fmt.Fprintf(os.Stderr, "helloclient: unknown method %q\n%s\n", method, usage)
		return 2
	}
	if err != nil {
		st := status.Convert(err)
		fmt.Fprintf(os.Stderr, "helloclient: %s: %s: %s\n", method, st.Code(), st.Message())
		return 1
	}
	return 0
}
