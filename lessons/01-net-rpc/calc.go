// Package calc is lesson 01 of the workshop: a remote procedure call built by
// hand with Go's standard net/rpc, before any gRPC.
//
// The server side is Calculator (calc.go). The client side is a typed stub,
// CalculatorClient (stub.go), with a synchronous call, an asynchronous call
// and a batch (batch.go), plus a broadcast to several servers (broadcast.go).
// Trace (trace.go) runs one call and prints each of its eight steps.
package calc

import "errors"

// Args holds the two operands of a call. It mirrors the message
// InputArgsOfBinaryFunc of the aggfunc API that later lessons serve with gRPC.
type Args struct {
	Value1, Value2 int32
}

// Reply holds the result of a call. It mirrors the message ReturnValue.
type Reply struct {
	Value int32
}

// Calculator is the service. net/rpc publishes every method that has the
// shape
//
//	func (t *T) Name(args A, reply *R) error
//
// under the name "Calculator.Name". The method fills in *reply; the error it
// returns travels back to the client as text.
type Calculator struct{}

// Sum stores args.Value1 + args.Value2 in reply.Value. A sum that does not fit
// in an int32 is an error, never a number that silently wrapped around.
func (c *Calculator) Sum(args Args, reply *Reply) error {
	// TODO(step 1): store the sum in reply.Value and return nil. In Go an
	// int32 sum wraps around without a word (2147483647 + 1 is
	// -2147483648), so compute it in a type where no sum of two int32s can
	// wrap, and when the true sum does not fit in an int32 (see
	// math.MinInt32 and math.MaxInt32), return an error instead, with the
	// words "overflows int32": the test shows the exact text.
	return errors.New("TODO: implement Calculator.Sum in calc.go")
}

// Multiply stores args.Value1 * args.Value2 in reply.Value. A product that
// does not fit in an int32 is an error.
func (c *Calculator) Multiply(args Args, reply *Reply) error {
	// TODO(step 1): the same as Sum, for the product. Which integer type
	// holds every product of two int32s?
	return errors.New("TODO: implement Calculator.Multiply in calc.go")
}
