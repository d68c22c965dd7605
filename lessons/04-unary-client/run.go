package aggclient

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"grpcworkshop/proto/aggfuncpb"
)

const usage = "usage: aggclient [-addr host:port] [-timeout 2s] [-async] sum|multiply A B [sum|multiply A B ...]"

// symbols are how the results print: "3 + 4 = 7".
var symbols = map[string]string{"sum": "+", "multiply": "*"}

// Run is the aggclient command. It parses args (without the program name),
// makes the calls, prints one line per result on stdout and one line per
// error on stderr, and returns the exit status: 0 when every call worked, 1
// when one failed, 2 for bad arguments.
//
// The flags live here rather than in main, unlike grpc-go's examples, so
// that tests can run the whole command as a function.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("aggclient", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:50051", "address of the server, host:port (several, separated by commas, take the calls in turn: see replicas.go)")
	timeout := fs.Duration("timeout", 2*time.Second, "deadline of each call")
	async := fs.Bool("async", false, "make all calls at once, each from its own goroutine")
	fs.Usage = func() { fmt.Fprintln(stderr, usage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.PrintDefaults()
			return 0
		}
		return 2 // fs.Parse printed the error and the usage line
	}
	ops, err := parseOps(fs.Args())
	addrs := strings.Split(*addr, ",")
	for _, a := range addrs {
		if err == nil {
			err = checkAddr(a)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "aggclient: %v\n%s\n", err, usage)
		return 2
	}

	conn, err := dial(addrs)
	if err != nil {
		fmt.Fprintf(stderr, "aggclient: %v\n", err)
		return 1
	}
	defer conn.Close()
	client := aggfuncpb.NewGRPCRouteFuncsClient(conn)

	status := 0
	report := func(op Op, r Result) {
		if r.Err != nil {
			fmt.Fprintf(stderr, "aggclient: %s: %s\n", op, Explain(r.Err))
			status = 1
			return
		}
		fmt.Fprintf(stdout, "%d %s %d = %d\n", op.A, symbols[op.Method], op.B, r.Value)
	}
	if *async {
		// All calls at once; the results print when the last one is in.
		for i, r := range CallAll(ctx, client, ops, *timeout) {
			report(ops[i], r)
		}
	} else {
		// One call after another: each blocks until its answer is in.
		for _, op := range ops {
			v, err := Call(ctx, client, op, *timeout)
			report(op, Result{Value: v, Err: err})
		}
	}
	return status
}

// checkAddr rejects an address that cannot be a server's: grpc.NewClient
// would accept "bogus" and fail only at the first call, with a message
// ("produced zero addresses") that does not say the port is missing.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q has no port; want host:port, such as localhost:50051", addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("address %q has port %s; want a port from 1 to 65535, such as localhost:50051", addr, port)
	}
	return nil
}

// parseOps reads operations of three words each, such as "sum 3 4".
func parseOps(args []string) ([]Op, error) {
	if len(args) == 0 {
		return nil, errors.New("no operation given")
	}
	var ops []Op
	for len(args) > 0 {
		method := args[0]
		if _, ok := symbols[method]; !ok {
			return nil, fmt.Errorf("unknown operation %q, want sum or multiply", method)
		}
		if len(args) < 3 {
			return nil, fmt.Errorf("%s needs two numbers", method)
		}
		a, err := parseInt32(args[1])
		if err != nil {
			return nil, err
		}
		b, err := parseInt32(args[2])
		if err != nil {
			return nil, err
		}
		ops = append(ops, Op{Method: method, A: a, B: b})
		args = args[3:]
	}
	return ops, nil
}

func parseInt32(s string) (int32, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not an int32 (a whole number from -2147483648 to 2147483647)", s)
	}
	return int32(n), nil
}
