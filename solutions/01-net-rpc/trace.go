package calc

import (
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"reflect"
	"strings"
	"sync"
)

// Trace makes one real call, op(a, b) with op "sum" or "multiply", and
// prints each of the eight steps of the call to w as it happens, with the
// bytes that cross the connection in hex. It returns what the stub returned.
//
// To show the server's steps as well as the client's, Trace runs both ends
// in this process, joined by a real TCP connection on the loopback
// interface. Each end wraps its connection (traceConn: the bytes that go
// into and come out of the OS) and its codec (traceClientCodec and
// traceServerCodec: marshalling and unmarshalling). The rpc.Client and
// rpc.Server themselves are the ordinary ones.
func Trace(w io.Writer, op string, a, b int32) (int32, error) {
	name, ok := map[string]string{"sum": "Sum", "multiply": "Multiply"}[op]
	if !ok {
		return 0, fmt.Errorf("unknown operation %q: want sum or multiply", op)
	}
	t := &tracer{w: w}

	// The server: accept one connection and serve it until the client hangs up.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer lis.Close()
	srv := rpc.NewServer()
	if err := srv.Register(new(Calculator)); err != nil {
		return 0, err
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		conn, err := lis.Accept()
		if err != nil {
			return
		}
		tc := &traceConn{Conn: conn, t: t, who: "server", peer: "client", readStep: 4, writeStep: 6}
		srv.ServeCodec(traceServerCodec{newGobCodec(tc), t})
	}()

	// The client.
	conn, err := net.Dial("tcp", lis.Addr().String())
	if err != nil {
		return 0, err
	}
	tc := &traceConn{Conn: conn, t: t, who: "client", peer: "server", readStep: 7, writeStep: 3}
	client := rpc.NewClientWithCodec(traceClientCodec{newGobCodec(tc), t})
	stub := NewCalculatorClient(client)

	t.step(1, "client", "the program calls the stub: %s(%d, %d)", name, a, b)
	var value int32
	if op == "sum" {
		value, err = stub.Sum(a, b)
	} else {
		value, err = stub.Multiply(a, b)
	}
	if err == nil {
		t.step(8, "client", "the stub returns %d to the program", value)
	}
	client.Close()
	<-served // the server has printed its last step and stopped
	return value, err
}

// tracer prints the steps. The client and the server print from different
// goroutines, so it holds a lock while it prints.
type tracer struct {
	mu sync.Mutex
	w  io.Writer
}

// step prints one line: the step number, who acts ("client" or "server")
// and what happens.
func (t *tracer) step(n int, who, format string, args ...any) {
	t.dump(n, who, fmt.Sprintf(format, args...), nil)
}

// dump prints a step line and, below it, data in hex.
func (t *tracer) dump(n int, who, msg string, data []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "step %d  %-6s  %s\n", n, who, msg)
	for line := range strings.Lines(hex.Dump(data)) {
		fmt.Fprintf(t.w, "                %s", line)
	}
}

// show formats v like %+v, without the & of a pointer.
func show(v any) string {
	return fmt.Sprintf("%+v", reflect.Indirect(reflect.ValueOf(v)))
}

// traceConn is a net.Conn that prints every write (the message goes down
// into the OS, towards the other machine) and every read (a message comes up
// out of the OS).
type traceConn struct {
	net.Conn
	t                   *tracer
	who, peer           string // "client" and "server", or the other way round
	readStep, writeStep int
}

func (c *traceConn) Write(p []byte) (int, error) {
	c.t.dump(c.writeStep, c.who, fmt.Sprintf("the OS sends %d bytes to the %s:", len(p), c.peer), p)
	return c.Conn.Write(p)
}

func (c *traceConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.t.step(c.readStep, c.who, "the OS hands %d bytes from the %s to the %s stub", n, c.peer, c.who)
	}
	return n, err
}

// traceClientCodec wraps the client's codec. It prints step 2 when the stub
// marshals a request, and step 8 when it unmarshals the reply.
type traceClientCodec struct {
	rpc.ClientCodec
	t *tracer
}

func (c traceClientCodec) WriteRequest(r *rpc.Request, args any) error {
	c.t.step(2, "client", "the stub marshals request #%d with gob: %s %s", r.Seq, r.ServiceMethod, show(args))
	return c.ClientCodec.WriteRequest(r, args)
}

func (c traceClientCodec) ReadResponseHeader(r *rpc.Response) error {
	if err := c.ClientCodec.ReadResponseHeader(r); err != nil {
		return err
	}
	if r.Error != "" {
		c.t.step(8, "client", "the stub unmarshals the reply to request #%d: error %q", r.Seq, r.Error)
	} else {
		c.t.step(8, "client", "the stub unmarshals the reply to request #%d: no error", r.Seq)
	}
	return nil
}

func (c traceClientCodec) ReadResponseBody(reply any) error {
	if err := c.ClientCodec.ReadResponseBody(reply); err != nil {
		return err
	}
	if reply != nil { // net/rpc passes nil to skip the body of an error reply
		c.t.step(8, "client", "the stub unmarshals the result %s", show(reply))
	}
	return nil
}

// traceServerCodec wraps the server's codec. It prints step 5 when the stub
// unmarshals a request, and step 6 when it marshals the reply.
type traceServerCodec struct {
	rpc.ServerCodec
	t *tracer
}

func (c traceServerCodec) ReadRequestHeader(r *rpc.Request) error {
	if err := c.ServerCodec.ReadRequestHeader(r); err != nil {
		return err // io.EOF when the client hangs up: nothing to print
	}
	c.t.step(5, "server", "the stub unmarshals request #%d: %s", r.Seq, r.ServiceMethod)
	return nil
}

func (c traceServerCodec) ReadRequestBody(args any) error {
	if err := c.ServerCodec.ReadRequestBody(args); err != nil {
		return err
	}
	if args != nil {
		c.t.step(5, "server", "the stub unmarshals the args %s and calls the method", show(args))
	}
	return nil
}

func (c traceServerCodec) WriteResponse(r *rpc.Response, reply any) error {
	if r.Error != "" {
		c.t.step(6, "server", "%s failed: %s; the stub marshals the error text with gob", r.ServiceMethod, r.Error)
	} else {
		c.t.step(6, "server", "%s returned %s; the stub marshals it with gob", r.ServiceMethod, show(reply))
	}
	return c.ServerCodec.WriteResponse(r, reply)
}
