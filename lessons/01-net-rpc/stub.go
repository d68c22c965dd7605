package calc

import (
	"errors"
	"net/rpc"
)

// CalculatorClient is the client stub of the Calculator service: a local
// object with one ordinary Go method per remote method. The caller writes
// stub.Sum(3, 4) and never sees method names as strings, Args, Reply or the
// network.
//
// With net/rpc we write the stub by hand. With gRPC, protoc writes it for us
// from the .proto file (lesson 02): the generated GRPCRouteFuncsClient is
// exactly this kind of type.
type CalculatorClient struct {
	client *rpc.Client
}

// NewCalculatorClient returns a stub that makes its calls over client.
func NewCalculatorClient(client *rpc.Client) *CalculatorClient {
	return &CalculatorClient{client: client}
}

// Sum asks the server for a + b and waits for the answer: a synchronous call.
func (c *CalculatorClient) Sum(a, b int32) (int32, error) {
	// TODO(step 2): ask the server's "Calculator.Sum" for a + b, wait for
	// the answer and return its value, or the error. The server's method
	// takes an Args and fills in a Reply (calc.go). Read "Stubs" in the
	// README and the godoc of rpc.Client.Call.
	return 0, errors.New("TODO: implement CalculatorClient.Sum in stub.go")
}

// Multiply asks the server for a * b and waits for the answer.
func (c *CalculatorClient) Multiply(a, b int32) (int32, error) {
	// TODO(step 2): the same as Sum, for the product.
	return 0, errors.New("TODO: implement CalculatorClient.Multiply in stub.go")
}

// Pending is an asynchronous call: sent, but perhaps not answered yet.
type Pending struct {
	// TODO(step 3): the fields Wait needs: the call in flight (what
	// rpc.Client.Go returns), and a Reply for net/rpc to fill in when the
	// answer arrives.
}

// SumAsync sends a Sum call and returns at once, without waiting for the
// answer. The caller goes on with its own work and calls Wait when it needs
// the result.
func (c *CalculatorClient) SumAsync(a, b int32) *Pending {
	// TODO(step 3): start the call to "Calculator.Sum" and return at once,
	// with what Wait needs kept in a Pending. Read "Kinds of calls" in the
	// README and the godoc of rpc.Client.Go: it is Call's nonblocking twin.
	return new(Pending)
}

// Wait blocks until the answer has arrived, then returns it. Call it once.
func (p *Pending) Wait() (int32, error) {
	// TODO(step 3): block until net/rpc says the call is done (the godoc
	// of rpc.Call says how it tells), then return the answer's value and
	// the call's error.
	return 0, errors.New("TODO: implement Pending.Wait in stub.go")
}
