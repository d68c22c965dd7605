// Command aggclient calls sum and multiply on the gRPCRouteFuncs service of
// lesson 3 and prints the results:
//
//	aggclient sum 3 4                           # 3 + 4 = 7
//	aggclient -addr 127.0.0.1:4321 multiply 6 7 # 6 * 7 = 42
//	aggclient -async sum 1 2 multiply 3 4       # both calls at once
//
// It exits 0 when every call worked, 1 when one failed and 2 for bad
// arguments. aggclient.Run does the work, so that tests can run it as a
// function.
package main

import (
	"context"
	"os"
	"os/signal"

	aggclient "grpcworkshop/lessons/04-unary-client"
)

func main() {
	// Ctrl-C cancels ctx, which cancels the calls in flight.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := aggclient.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
