package evolution

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"grpcworkshop/testkit/grpctest"
)

// testNow is the clock of the tests' servers, so that an expiry is exact.
var testNow = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

// newServer is a HelloServer on the tests' clock.
func newServer() *HelloServer { return &HelloServer{Now: func() time.Time { return testNow }} }

// callCtx is a context for one call, with a deadline.
func callCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// serveAs serves impl, an implementation of desc's service, under the
// service name name instead of desc's, on bufconn, and returns a connection.
//
// In one program the old and the new version of a .proto cannot both keep
// their package (Go's protobuf registry refuses two messages with one full
// name), so v2 has its own. On the wire a call is a path and bytes: serving
// v2's code under v1's name is what a v1 client meets after the server
// moves to a new version of the same file, and the other way round.
func serveAs(t *testing.T, desc grpc.ServiceDesc, name string, impl any) *grpc.ClientConn {
	t.Helper()
	desc.ServiceName = name
	srv := grpc.NewServer()
	srv.RegisterService(&desc, impl)
	return grpctest.StartBufconn(t, srv)
}

// text is m on one line, for a failure message ("<nil>" for nil).
func text(m proto.Message) string {
	if m == nil || !m.ProtoReflect().IsValid() {
		return "<nil>"
	}
	return "{" + prototext.MarshalOptions{}.Format(m) + "}"
}

// remarshal encodes from and decodes the bytes into to, as a program built
// from another .proto does when from's bytes reach it.
func remarshal(t *testing.T, from, to proto.Message) {
	t.Helper()
	b, err := proto.Marshal(from)
	if err != nil {
		t.Fatalf("proto.Marshal(%s): %v", text(from), err)
	}
	if err := proto.Unmarshal(b, to); err != nil {
		t.Fatalf("proto.Unmarshal of %s as %T: %v", text(from), to, err)
	}
}

// start serves NewServer(newServer()) on bufconn and returns a
// connection.
func start(t *testing.T) *grpc.ClientConn {
	t.Helper()
	return grpctest.StartBufconn(t, NewServer(newServer()))
}
