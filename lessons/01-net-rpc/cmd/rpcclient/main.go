// Command rpcclient calls lesson 01's Calculator server over Go's net/rpc.
//
//	rpcclient sum 3 4           prints 3 + 4 = 7
//	rpcclient multiply 3 4      prints 3 * 4 = 12
//	rpcclient -trace sum 3 4    prints the eight steps of the call first
//
// Start the server first: go run ./cmd/rpcserver
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	calc "grpcworkshop/lessons/01-net-rpc"
)

const defaultAddr = "localhost:1234"

var (
	addr    = flag.String("addr", defaultAddr, "address of the rpcserver")
	timeout = flag.Duration("timeout", 5*time.Second, "give up if connecting and answering take longer than this")
	trace   = flag.Bool("trace", false, "print the eight steps of the call, with the bytes on the wire (runs its own server in this process; -addr is not used)")
)

const usage = "usage: rpcclient [-addr host:port] [-timeout 5s] [-trace] sum|multiply A B"

// symbols maps each operation to the sign the result line uses.
var symbols = map[string]string{"sum": "+", "multiply": "*"}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, usage)
		flag.PrintDefaults()
	}
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("rpcclient: ")

	op, a, b, err := parseArgs(flag.Args())
	if err != nil {
		fmt.Fprintf(os.Stderr, "rpcclient: %v\n%s\n", err, usage)
		os.Exit(2)
	}

	var value int32
	if *trace {
		fmt.Println("(with -trace the server runs inside this process too, so that its steps show here; -addr is not used)")
		value, err = calc.Trace(os.Stdout, op, a, b)
	} else {
		value, err = call(op, a, b)
	}
	if err != nil {
		log.Fatal(explain(err))
	}
	fmt.Printf("%d %s %d = %d\n", a, symbols[op], b, value)
}

// parseArgs checks the arguments: an operation and two int32 operands.
func parseArgs(args []string) (op string, a, b int32, err error) {
	if len(args) != 3 {
		return "", 0, 0, fmt.Errorf("want 3 arguments, got %d", len(args))
	}
	op = args[0]
	if _, ok := symbols[op]; !ok {
		return "", 0, 0, fmt.Errorf("unknown operation %q: want sum or multiply", op)
	}
	var n [2]int32
	for i, s := range args[1:] {
		v, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return "", 0, 0, fmt.Errorf("%q is not an int32 (from %d to %d)", s, -1<<31, 1<<31-1)
		}
		n[i] = int32(v)
	}
	return op, n[0], n[1], nil
}

// call makes the call through the typed stub, the way any program would.
func call(op string, a, b int32) (int32, error) {
	client, err := calc.Dial(*addr, *timeout)
	if err != nil {
		return 0, err
	}
	defer client.Close()
	stub := calc.NewCalculatorClient(client)
	if op == "multiply" {
		return stub.Multiply(a, b)
	}
	return stub.Sum(a, b)
}

// explain turns an error into one line that says what to do about it.
func explain(err error) string {
	if errors.Is(err, syscall.ECONNREFUSED) {
		start := "go run ./cmd/rpcserver"
		if *addr != defaultAddr {
			start += " -addr " + *addr
		}
		return fmt.Sprintf("nothing is listening on %s; start the server first, from lessons/01-net-rpc: %s", *addr, start)
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return fmt.Sprintf("no answer from %s within %v (-timeout): %v", *addr, *timeout, err)
	}
	return err.Error()
}
