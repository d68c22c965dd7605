package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// cmdDemos runs a live demo. Without arguments it is the full tour of the
// finished system (cmdDemo, demo.go). With a lesson number it runs that
// lesson's finished programs with commentary an instructor can read out or
// paraphrase: `go tool workshop demo 3`, or `go tool task demo-3`.
//
// Every demo builds what it needs into a temporary folder, starts its
// servers on free loopback ports, and stops them before it returns, also
// when a step fails.
func cmdDemos(c *Course, args []string) error {
	if len(args) == 0 {
		return cmdDemo(c)
	}
	if len(args) != 1 {
		return errors.New("usage: go tool workshop demo [N]")
	}
	l, err := c.lesson(args[0])
	if err != nil {
		return err
	}
	run := lessonDemos[l.Dir]
	if run == nil {
		return fmt.Errorf("%s has no live demo yet; go tool workshop demo (no number) is the full tour", l.label())
	}
	d := &demo{c: c, l: l}
	defer d.cleanup()
	defer onSignal(func() { d.cleanup() })()
	say("== Lesson %d: %s", l.Number, l.Title)
	say("From the post: %s", l.Seed)
	say("It teaches: %s\n", l.Teaches)
	if err := run(d); err != nil {
		return err
	}
	if err := d.cleanup(); err != nil {
		return err
	}
	say("\nThe demo of lesson %d is over: every server it started has stopped.", l.Number)
	return nil
}

// lesson3Server is lesson 3's finished server, which demos 3 to 5 call. (The
// full tour's finishedServer may be a later, bigger server; demo 3 shows
// that the streaming rpcs are not written yet.)
const lesson3Server = "./solutions/03-unary-server/cmd/aggserver"

// lessonDemos maps a lesson's folder to its demo. A lesson without an entry
// has no demo; TestDemos runs every entry.
var lessonDemos = map[string]func(d *demo) error{
	"01-net-rpc":          demoNetRPC,
	"02-protobuf":         demoProtobuf,
	"03-unary-server":     demoUnaryServer,
	"04-unary-client":     demoUnaryClient,
	"05-python-client":    demoPythonClient,
	"06-server-streaming": demoServerStreaming,
	"07-client-streaming": demoClientStreaming,
	"08-bidi-streaming":   demoBidiStreaming,
}

// A demo is one lesson's demo in progress: the folder of its programs and
// the servers it has started.
type demo struct {
	mu      sync.Mutex // guards servers and bin, which cleanup may use from a signal handler
	c       *Course
	l       Lesson
	bin     string
	servers []*server
}

// demoServers records every server a lesson demo starts, so that TestDemos
// can check that each one has exited when the demo returns.
var demoServers []*server

// note prints commentary for the instructor to read out: shell-comment
// lines, so that the terminal reads like a script.
func note(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	for strings.HasPrefix(text, "\n") {
		fmt.Println()
		text = text[1:]
	}
	for _, line := range strings.Split(text, "\n") {
		fmt.Println("# " + line)
	}
}

// build compiles the given packages (paths relative to the root, or tools
// pinned in tools/go.mod) into the demo's folder.
func (d *demo) build(pkgs ...string) error {
	d.mu.Lock()
	if d.bin == "" {
		dir, err := os.MkdirTemp("", "workshop-demo-")
		if err != nil {
			d.mu.Unlock()
			return err
		}
		d.bin = dir
	}
	d.mu.Unlock()
	say("(building %s ...)", strings.Join(baseNames(pkgs), ", "))
	args := append([]string{"build", "-o", d.bin + string(filepath.Separator)}, pkgs...)
	if out, err := runQuiet(d.c.Root, "go", args...); err != nil {
		return fmt.Errorf("cannot build the finished programs:\n%s", indent(out, "  "))
	}
	return nil
}

func baseNames(pkgs []string) []string {
	var names []string
	for _, p := range pkgs {
		names = append(names, filepath.Base(p))
	}
	return names
}

// start starts a built server program on a free loopback port.
func (d *demo) start(name string, args ...string) (*server, error) {
	s, err := startServer(filepath.Join(d.bin, exeName(name)), append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.servers = append(d.servers, s)
	demoServers = append(demoServers, s)
	d.mu.Unlock()
	say("$ %s", strings.Join(append([]string{name, "-addr", "127.0.0.1:0"}, args...), " "))
	say("listening on %s   (port 0 asks the system for a free port)", s.addr)
	return s, nil
}

// cleanup stops every server the demo started and removes its programs.
func (d *demo) cleanup() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for _, s := range d.servers {
		errs = append(errs, s.stop())
	}
	if d.bin != "" {
		os.RemoveAll(d.bin)
		d.bin = ""
	}
	return errors.Join(errs...)
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr() (string, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := lis.Addr().String()
	return addr, lis.Close()
}

// demoNetRPC: lesson 01, a remote call by hand, and its eight steps.
func demoNetRPC(d *demo) error {
	if err := d.build("./solutions/01-net-rpc/cmd/rpcserver", "./solutions/01-net-rpc/cmd/rpcclient"); err != nil {
		return err
	}
	note("A net/rpc server: it publishes Calculator.Sum and Calculator.Multiply.")
	srv, err := d.start("rpcserver")
	if err != nil {
		return err
	}
	note("\nThe client calls stub.Sum(3, 4), an ordinary Go method. The stub turns it\ninto a message, sends it, waits, and unpacks the answer.")
	for _, args := range [][]string{{"sum", "3", "4"}, {"multiply", "6", "7"}} {
		if err := show(d.bin, 0, "rpcclient", append([]string{"-addr", srv.addr}, args...)...); err != nil {
			return err
		}
	}
	note("\nAn error from the server arrives as text only (rpc.ServerError): its Go type\nis lost on the way. gRPC adds a status code for this (lesson 03).")
	if err := show(d.bin, 1, "rpcclient", "-addr", srv.addr, "sum", "2147483647", "1"); err != nil {
		return err
	}
	note("\nA remote call can fail in ways a local call cannot. Stop the server and call again:")
	if err := srv.stop(); err != nil {
		return err
	}
	if err := show(d.bin, 1, "rpcclient", "-addr", srv.addr, "sum", "3", "4"); err != nil {
		return err
	}
	note("\nNow one call, step by step. With -trace the client also runs the server\ninside its own process, so that both halves print here. Point out:\n  step 2: the stub marshals the call with gob;\n  step 3: 116 bytes leave, most of them gob's description of the types;\n  step 5: the server stub unmarshals and calls the real method;\n  step 8: the stub hands back 7, as if the call had been local.")
	return show(d.bin, 0, "rpcclient", "-trace", "sum", "3", "4")
}

// demoProtobuf: lesson 02, the .proto file, what protoc makes of it, and the
// bytes on the wire.
func demoProtobuf(d *demo) error {
	dir := filepath.Join(d.c.Root, "solutions", "02-protobuf")
	note("The contract, solutions/02-protobuf/proto/aggfunc.proto, without its comments:")
	src, err := os.ReadFile(filepath.Join(dir, "proto", "aggfunc.proto"))
	if err != nil {
		return err
	}
	blank := false
	for _, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "//") {
			continue
		}
		if t == "" {
			if !blank {
				fmt.Println()
			}
			blank = true
			continue
		}
		blank = false
		fmt.Println("  " + line)
	}
	note("\nprotoc and its two Go plugins turned it into package agg. Its API, short form\n(run in solutions/02-protobuf):")
	if err := showCmd(0, "go doc", []string{"go", "-C", dir, "doc"}, "-short", "./agg"); err != nil {
		return err
	}
	note("\nThe client stub that lesson 01 wrote by hand is now generated. Note the names:\nthe rpc sum became the Go method Sum; the wire name stays /proto.gRPCRouteFuncs/sum.")
	if err := showCmd(0, "go doc", []string{"go", "-C", dir, "doc"}, "./agg", "GRPCRouteFuncsClient"); err != nil {
		return err
	}
	note("\nThe same two numbers on the wire, value1 = 3 and value2 = 4: protobuf sends\nfield numbers and values (08 03 10 04); gob also sends names and types.")
	return showCmd(0, "go test", []string{"go", "-C", dir, "test"}, "-count=1", "-run", "TestWireBytes", "-v", "./agg")
}

// demoUnaryServer: lesson 03, the gRPC server, explored with grpcurl.
func demoUnaryServer(d *demo) error {
	if err := d.build(lesson3Server, "github.com/fullstorydev/grpcurl/cmd/grpcurl"); err != nil {
		return err
	}
	note("The finished gRPC server: sum and multiply, SayHello, health checks and reflection.")
	srv, err := d.start("aggserver")
	if err != nil {
		return err
	}
	a := srv.addr
	note("\ngrpcurl is curl for gRPC. Reflection lets it ask the server what it serves:")
	if err := show(d.bin, 0, "grpcurl", "-plaintext", a, "list"); err != nil {
		return err
	}
	if err := show(d.bin, 0, "grpcurl", "-plaintext", a, "describe", "proto.gRPCRouteFuncs"); err != nil {
		return err
	}
	note("\nA call: the request as JSON, the method as package.Service/method.")
	if err := show(d.bin, 0, "grpcurl", "-plaintext", "-d", `{"value1": 3, "value2": 4}`, a, "proto.gRPCRouteFuncs/sum"); err != nil {
		return err
	}
	note("\nEvery call ends with a status. The sum does not fit in an int32, so the\nhandler returns OUT_OF_RANGE (grpcurl exits 64 + 11 = 75):")
	if err := show(d.bin, 75, "grpcurl", "-plaintext", "-d", `{"value1": 2147483647, "value2": 1}`, a, "proto.gRPCRouteFuncs/sum"); err != nil {
		return err
	}
	note("\nBad input is INVALID_ARGUMENT (exit 67):")
	if err := show(d.bin, 67, "grpcurl", "-plaintext", "-d", `{}`, a, "hello.v1.HelloService/SayHello"); err != nil {
		return err
	}
	note("\nAn rpc we have not written yet: the embedded UnimplementedHelloServiceServer\nanswers UNIMPLEMENTED (exit 76). Lesson 06 writes it.")
	if err := show(d.bin, 76, "grpcurl", "-plaintext", "-d", `{"greeting": "hi"}`, a, "hello.v1.HelloService/LotsOfReplies"); err != nil {
		return err
	}
	note("\nThe standard health check, for load balancers:")
	if err := show(d.bin, 0, "grpcurl", "-plaintext", a, "grpc.health.v1.Health/Check"); err != nil {
		return err
	}
	note("\nStopping: the demo sends an interrupt, as Ctrl-C does. Serve calls\nGracefulStop: calls in flight finish, new ones are refused.")
	return srv.stop()
}

// demoUnaryClient: lesson 04, the Go client, blocking and concurrent.
func demoUnaryClient(d *demo) error {
	if err := d.build(lesson3Server, "./solutions/04-unary-client/cmd/aggclient"); err != nil {
		return err
	}
	srv, err := d.start("aggserver")
	if err != nil {
		return err
	}
	a := srv.addr
	note("\nThe generated stub makes a remote call look local: client.Sum(ctx, req).\nEvery call carries a deadline (-timeout, 2s by default).")
	if err := show(d.bin, 0, "aggclient", "-addr", a, "sum", "3", "4"); err != nil {
		return err
	}
	note("\nSeveral calls, one after another, then all at once from goroutines over one\nconnection. The answers print in the order asked either way:")
	ops := []string{"sum", "1", "2", "multiply", "3", "4", "sum", "-5", "5"}
	if err := show(d.bin, 0, "aggclient", append([]string{"-addr", a}, ops...)...); err != nil {
		return err
	}
	if err := show(d.bin, 0, "aggclient", append([]string{"-addr", a, "-async"}, ops...)...); err != nil {
		return err
	}
	note("\nErrors come back with a status code; the client explains the common ones:")
	if err := show(d.bin, 1, "aggclient", "-addr", a, "sum", "2147483647", "1"); err != nil {
		return err
	}
	if err := show(d.bin, 1, "aggclient", "-addr", a, "-timeout", "1ns", "sum", "3", "4"); err != nil {
		return err
	}
	down, err := closedAddr()
	if err != nil {
		return err
	}
	if err := show(d.bin, 1, "aggclient", "-addr", down, "sum", "3", "4"); err != nil {
		return err
	}
	note("\nBad arguments are caught before any call (exit 2):")
	if err := show(d.bin, 2, "aggclient", "-addr", a, "divide", "6", "3"); err != nil {
		return err
	}
	return srv.stop()
}

// demoPythonClient: lesson 05, the same server called from Python.
func demoPythonClient(d *demo) error {
	if err := d.build(lesson3Server); err != nil {
		return err
	}
	python, err := ensureVenv(d.c.Root)
	if err != nil {
		return err
	}
	srv, err := d.start("aggserver")
	if err != nil {
		return err
	}
	a := srv.addr
	client := filepath.Join(d.c.Root, "solutions", "05-python-client", "aggclient.py")
	py := func(want int, args ...string) error {
		return showCmd(want, "python aggclient.py", []string{python, client}, append([]string{"--addr", a}, args...)...)
	}
	note("\nThe Go server, a Python client. They share only the .proto files and the\nbytes on the wire. The same call three ways: blocking, a future, asyncio:")
	for _, mode := range []string{"blocking", "future", "aio"} {
		if err := py(0, "--mode", mode, "sum", "3", "4"); err != nil {
			return err
		}
	}
	if err := py(0, "hello", "good morning"); err != nil {
		return err
	}
	note("\nA failed call raises grpc.RpcError; the client prints its code() and details().\nOUT_OF_RANGE here is the same status the Go client calls OutOfRange:")
	if err := py(1, "sum", "2147483647", "1"); err != nil {
		return err
	}
	down, err := closedAddr()
	if err != nil {
		return err
	}
	note("\nNothing listening: gRPC itself answers UNAVAILABLE.")
	if err := showCmd(1, "python aggclient.py", []string{python, client}, "--addr", down, "sum", "3", "4"); err != nil {
		return err
	}
	return srv.stop()
}

// buildHello builds a streaming lesson's helloserver and helloclient.
func (d *demo) buildHello() error {
	return d.build("./solutions/"+d.l.Dir+"/cmd/helloserver", "./solutions/"+d.l.Dir+"/cmd/helloclient")
}

// showQuoted runs a built program whose arguments include one that
// quoteArgs would not show (an empty string): label is the command line as
// a learner would type it.
func (d *demo) showQuoted(want int, label string, name string, args ...string) error {
	return showCmd(want, label, append([]string{filepath.Join(d.bin, exeName(name))}, args...))
}

// demoServerStreaming: lesson 06, one request and a stream of replies.
func demoServerStreaming(d *demo) error {
	if err := d.buildHello(); err != nil {
		return err
	}
	note("This lesson's server sends 5 replies per greeting, 300ms apart, so that the\nstream is visible.")
	srv, err := d.start("helloserver", "-replies", "5", "-interval", "300ms")
	if err != nil {
		return err
	}
	a := srv.addr
	note("\nOne request, then replies as they come. The client reads until the server\nends the stream (io.EOF).")
	if err := show(d.bin, 0, "helloclient", "-addr", a, "replies", "hi"); err != nil {
		return err
	}
	note("\nThe client may stop early: after 2 replies it cancels the call, and the\nserver, waiting on its context, stops sending.")
	if err := show(d.bin, 0, "helloclient", "-addr", a, "-max", "2", "replies", "hi"); err != nil {
		return err
	}
	note("\nA deadline covers the whole stream, not each message. The stream takes 1.2s;\nwith -timeout 1s the replies stop and the call ends with DeadlineExceeded.")
	if err := show(d.bin, 1, "helloclient", "-addr", a, "-timeout", "1s", "replies", "hi"); err != nil {
		return err
	}
	note("\nThe unary SayHello is still there, next to the stream:")
	if err := show(d.bin, 0, "helloclient", "-addr", a, "hello", "hi"); err != nil {
		return err
	}
	return srv.stop()
}

// demoClientStreaming: lesson 07, a stream of greetings and one reply.
func demoClientStreaming(d *demo) error {
	if err := d.buildHello(); err != nil {
		return err
	}
	srv, err := d.start("helloserver")
	if err != nil {
		return err
	}
	a := srv.addr
	note("\nThe client sends each greeting, then closes its side (CloseAndRecv). The\nserver reads until io.EOF and answers once:")
	if err := show(d.bin, 0, "helloclient", "-addr", a, "greetings", "hi", "hey", "hello"); err != nil {
		return err
	}
	note("\nThe server may fail in the middle. Its status reaches the client when the\nclient closes: here greeting 2 is empty.")
	if err := d.showQuoted(1, "helloclient -addr "+a+" greetings hi '' hello", "helloclient", "-addr", a, "greetings", "hi", "", "hello"); err != nil {
		return err
	}
	return srv.stop()
}

// demoBidiStreaming: lesson 08, two independent streams on one call.
func demoBidiStreaming(d *demo) error {
	if err := d.buildHello(); err != nil {
		return err
	}
	srv, err := d.start("helloserver")
	if err != nil {
		return err
	}
	a := srv.addr
	note("\nBoth sides stream. By default the server answers each greeting as it\narrives, while the client is still sending:")
	if err := show(d.bin, 0, "helloclient", "-addr", a, "bidi", "hi", "hey", "hello"); err != nil {
		return err
	}
	note("\nThe same rpc, served the other way the post describes: read every greeting\nfirst, then answer. Now the server knows how many there are.")
	if err := show(d.bin, 0, "helloclient", "-addr", a, "-mode", "all", "bidi", "hi", "hey", "hello"); err != nil {
		return err
	}
	note("\nAn error on one side ends the call for both: the reply to greeting 1 arrives,\nthen the status, and greeting 3 is never answered.")
	if err := d.showQuoted(1, "helloclient -addr "+a+" bidi hi '' hello", "helloclient", "-addr", a, "bidi", "hi", "", "hello"); err != nil {
		return err
	}
	return srv.stop()
}
