package calc

import "net/rpc"

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
	var reply Reply
	if err := c.client.Call("Calculator.Sum", Args{a, b}, &reply); err != nil {
		return 0, err
	}
	return reply.Value, nil
}

// Multiply asks the server for a * b and waits for the answer.
func (c *CalculatorClient) Multiply(a, b int32) (int32, error) {
	var reply Reply
	if err := c.client.Call("Calculator.Multiply", Args{a, b}, &reply); err != nil {
		return 0, err
	}
	return reply.Value, nil
}

// Divide asks the server for a / b and waits for the answer.
func (c *CalculatorClient) Divide(a, b int32) (int32, error) {
	var reply Reply
	if err := c.client.Call("Calculator.Divide", Args{a, b}, &reply); err != nil {
		return 0, err
	}
	return reply.Value, nil
}

// Pending is an asynchronous call: sent, but perhaps not answered yet.
type Pending struct {
	call  *rpc.Call
	reply Reply
}

// SumAsync sends a Sum call and returns at once, without waiting for the
// answer. The caller goes on with its own work and calls Wait when it needs
// the result.
func (c *CalculatorClient) SumAsync(a, b int32) *Pending {
	p := new(Pending)
	p.call = c.client.Go("Calculator.Sum", Args{a, b}, &p.reply, nil)
	return p
}

// Wait blocks until the answer has arrived, then returns it. Call it once.
func (p *Pending) Wait() (int32, error) {
	<-p.call.Done // net/rpc sends on Done when the reply, or an error, is in
	return p.reply.Value, p.call.Error
}
