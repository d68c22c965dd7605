package hellocmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"grpcworkshop/finished/internal/helloclient"
	hellov1 "grpcworkshop/proto/hello/v1"
)

// Client is what helloclient calls for each streaming rpc: a lesson's
// program sets the function the lesson writes, and the others, left nil,
// are the finished package's.
type Client struct {
	Replies       func(ctx context.Context, client hellov1.HelloServiceClient, greeting string) iter.Seq2[string, error]
	SendGreetings func(ctx context.Context, client hellov1.HelloServiceClient, greetings iter.Seq[string]) (string, error)
	Chat          func(ctx context.Context, client hellov1.HelloServiceClient, mode string, greetings iter.Seq[string], each func(reply string)) error
}

const clientUsage = `usage: helloclient [flags] METHOD GREETING...

  hello GREETING          SayHello: one greeting, one reply
  replies GREETING        LotsOfReplies: one greeting, many replies
  greetings GREETING...   LotsOfGreetings: many greetings, one reply
  bidi GREETING...        BidiHello: replies while it sends (-mode all: after the last)

flags:`

// ClientMain is helloclient's main: it makes the call the command line asks
// for with c and exits with Run's status. Ctrl-C cancels the call; the
// server sees it canceled.
func ClientMain(c Client) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr, c)
	stop()
	os.Exit(code)
}

// Run runs helloclient with args, the command line without the program's
// name. It prints each reply on its own line of stdout as it arrives. It
// returns the exit status: 0 when the call ends with OK, 1 when it fails
// (after a line on stderr with the status code and message), 2 for bad
// arguments (with the reason and the usage, and no call).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, c Client) int {
	fs := flag.NewFlagSet("helloclient", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, clientUsage)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", defaultAddr, "address of the server, host:port")
	timeout := fs.Duration("timeout", 10*time.Second, "deadline of the whole call, every message of the stream included")
	maxReplies := fs.Int("max", 0, "replies: stop after this many replies, which cancels the call (0 reads them all)")
	mode := fs.String("mode", "", "bidi: each (answer each greeting as it arrives) or all (answer after the last); empty leaves it to the server")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "helloclient: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	method, greetings := fs.Arg(0), fs.Args()
	if len(greetings) > 0 {
		greetings = greetings[1:]
	}
	switch {
	case fs.NArg() == 0:
		return usageError("no method: want hello, replies, greetings or bidi")
	case !slices.Contains([]string{"hello", "replies", "greetings", "bidi"}, method):
		return usageError("unknown method %q: want hello, replies, greetings or bidi", method)
	case len(greetings) == 0:
		return usageError("%s: no greeting", method)
	case len(greetings) > 1 && (method == "hello" || method == "replies"):
		return usageError("%s takes one greeting, not %d (quote it if it has spaces)", method, len(greetings))
	case *timeout <= 0:
		return usageError("-timeout %v: want a positive duration, such as 10s", *timeout)
	case *maxReplies < 0:
		return usageError("-max %d: want 0 (all the replies) or more", *maxReplies)
	}
	if err := checkAddr(*addr); err != nil {
		return usageError("%v", err)
	}
	c = c.withDefaults()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintf(stderr, "helloclient: %v\n", err)
		return 1
	}
	defer conn.Close()
	client := hellov1.NewHelloServiceClient(conn)
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	show := func(reply string) { fmt.Fprintln(stdout, reply) }
	switch method {
	case "hello":
		var resp *hellov1.HelloResponse
		if resp, err = client.SayHello(ctx, &hellov1.HelloRequest{Greeting: greetings[0]}); err == nil {
			show(resp.GetReply())
		}
	case "replies":
		n := 0
		for reply, e := range c.Replies(ctx, client, greetings[0]) {
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
		if reply, err = c.SendGreetings(ctx, client, slices.Values(greetings)); err == nil {
			show(reply)
		}
	case "bidi":
		err = c.Chat(ctx, client, *mode, slices.Values(greetings), show)
	}
	if err != nil {
		fmt.Fprintf(stderr, "helloclient: %s: %s\n", method, explain(err, *addr))
		return 1
	}
	return 0
}

// explain is the line helloclient prints for a failed call: the status
// code and message, and for a server that is not there, what to do.
func explain(err error, addr string) string {
	st := status.Convert(err)
	if st.Code() == codes.Unavailable && strings.Contains(st.Message(), "connection refused") {
		start := "go run ./cmd/helloserver"
		if addr != defaultAddr {
			start += " -addr " + addr
		}
		return fmt.Sprintf("%s: nothing is listening on %s; start the server first, in another terminal, from this lesson's folder: %s", st.Code(), addr, start)
	}
	return fmt.Sprintf("%s: %s", st.Code(), st.Message())
}

// withDefaults fills in the finished package's functions for those c leaves
// nil.
func (c Client) withDefaults() Client {
	if c.Replies == nil {
		c.Replies = helloclient.Replies
	}
	if c.SendGreetings == nil {
		c.SendGreetings = helloclient.SendGreetings
	}
	if c.Chat == nil {
		c.Chat = helloclient.Chat
	}
	return c
}
