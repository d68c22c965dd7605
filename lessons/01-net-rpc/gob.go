package calc

import (
	"bufio"
	"encoding/gob"
	"io"
	"net/rpc"
)

// gobCodec marshals calls and replies with encoding/gob, the way net/rpc
// does by default. net/rpc keeps its own gob codecs private, so Trace cannot
// wrap them; this one puts the same bytes on the wire, so a client that uses
// it can talk to a plain rpc.Server (and a plain rpc.Client to a server that
// uses it).
//
// Every message is a header (rpc.Request or rpc.Response) followed by a body
// (the args or the reply), both gob values on one gob stream per connection.
// It is both an rpc.ClientCodec and an rpc.ServerCodec.
type gobCodec struct {
	conn io.ReadWriteCloser
	out  *bufio.Writer // collects header and body, so they leave in one write
	enc  *gob.Encoder
	dec  *gob.Decoder
}

func newGobCodec(conn io.ReadWriteCloser) *gobCodec {
	out := bufio.NewWriter(conn)
	return &gobCodec{conn: conn, out: out, enc: gob.NewEncoder(out), dec: gob.NewDecoder(conn)}
}

func (c *gobCodec) write(header, body any) error {
	if err := c.enc.Encode(header); err != nil {
		return err
	}
	if err := c.enc.Encode(body); err != nil {
		return err
	}
	return c.out.Flush()
}

// The client writes requests and reads responses.

func (c *gobCodec) WriteRequest(r *rpc.Request, args any) error { return c.write(r, args) }
func (c *gobCodec) ReadResponseHeader(r *rpc.Response) error    { return c.dec.Decode(r) }
func (c *gobCodec) ReadResponseBody(reply any) error            { return c.dec.Decode(reply) } // nil reply: skip it

// The server reads requests and writes responses.

func (c *gobCodec) ReadRequestHeader(r *rpc.Request) error         { return c.dec.Decode(r) }
func (c *gobCodec) ReadRequestBody(args any) error                 { return c.dec.Decode(args) } // nil args: skip them
func (c *gobCodec) WriteResponse(r *rpc.Response, reply any) error { return c.write(r, reply) }

func (c *gobCodec) Close() error { return c.conn.Close() }
