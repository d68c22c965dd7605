// Package calc is lesson 01 of the workshop: a remote procedure call built by
// hand with Go's standard net/rpc, before any gRPC.
//
// The server side is Calculator (calc.go). The client side is a typed stub,
// CalculatorClient (stub.go), with a synchronous call, an asynchronous call
// and a batch (batch.go), plus a broadcast to several servers (broadcast.go).
// Trace (trace.go) runs one call and prints each of its eight steps.
package calc

import (
	"fmt"
	"math"
)

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
	sum := int64(args.Value1) + int64(args.Value2) // int64 holds any sum of two int32s
	if sum < math.MinInt32 || sum > math.MaxInt32 {
		return fmt.Errorf("%d + %d overflows int32", args.Value1, args.Value2)
	}
	reply.Value = int32(sum)
	return nil
}

// Multiply stores args.Value1 * args.Value2 in reply.Value. A product that
// does not fit in an int32 is an error.
func (c *Calculator) Multiply(args Args, reply *Reply) error {
	product := int64(args.Value1) * int64(args.Value2) // int64 holds any product of two int32s
	if product < math.MinInt32 || product > math.MaxInt32 {
		return fmt.Errorf("%d * %d overflows int32", args.Value1, args.Value2)
	}
	reply.Value = int32(product)
	return nil
}

// Divide stores args.Value1 / args.Value2 in reply.Value, rounded toward
// zero as Go's / does. Dividing by zero is an error, and so is the one
// quotient that does not fit in an int32, math.MinInt32 / -1. It is the
// README's "Going further" exercise.
func (c *Calculator) Divide(args Args, reply *Reply) error {
	if args.Value2 == 0 {
		return fmt.Errorf("%d / 0: division by zero", args.Value1)
	}
	quotient := int64(args.Value1) / int64(args.Value2)
	if quotient > math.MaxInt32 {
		return fmt.Errorf("%d / %d overflows int32", args.Value1, args.Value2)
	}
	reply.Value = int32(quotient)
	return nil
}
