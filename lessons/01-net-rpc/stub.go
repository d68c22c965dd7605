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
	// TODO: make a Reply, then call c.client.Call("Calculator.Sum", Args{a, b}, &reply).
	// Call sends the request and blocks until the answer is in. Return the
	// error if there is one, else reply.Value.
	return 0, errors.New("TODO: implement CalculatorClient.Sum in stub.go")
}

// Multiply asks the server for a * b and waits for the answer.
func (c *CalculatorClient) Multiply(a, b int32) (int32, error) {
	// TODO: the same as Sum, for "Calculator.Multiply".
	return 0, errors.New("TODO: implement CalculatorClient.Multiply in stub.go")
}

// Pending is an asynchronous call: sent, but perhaps not answered yet.
type Pending struct {
	// TODO: add the two fields that Wait needs: call *rpc.Call (what
	// c.client.Go returns) and reply Reply (where net/rpc puts the answer
	// once it arrives).
}

// SumAsync sends a Sum call and returns at once, without waiting for the
// answer. The caller goes on with its own work and calls Wait when it needs
// the result.
func (c *CalculatorClient) SumAsync(a, b int32) *Pending {
	// TODO: make p := new(Pending), then start the call with
	// c.client.Go("Calculator.Sum", Args{a, b}, &p.reply, nil) and keep the
	// *rpc.Call it returns in p. Go sends the request and returns at once.
	return new(Pending)
}

// Wait blocks until the answer has arrived, then returns it. Call it once.
func (p *Pending) Wait() (int32, error) {
	// TODO: receive from the call's Done channel: net/rpc sends on it when
	// the reply, or an error, is in. Then return the reply's Value and the
	// call's Error.
	return 0, errors.New("TODO: implement Pending.Wait in stub.go")
}
