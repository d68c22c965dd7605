package hello

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	finished "grpcworkshop/finished/hello"
	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// idServer answers every call with the request id its handler sees
// (RequestIDFrom), and records "handler" in order, if any.
type idServer struct {
	finished.HelloServer
	order *grpctest.Order
}

func (s idServer) SayHello(ctx context.Context, _ *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	if s.order != nil {
		s.order.Record("handler")
	}
	return &hellov1.HelloResponse{Reply: RequestIDFrom(ctx)}, nil
}

func (s idServer) BidiHello(stream finished.BidiStream) error {
	if s.order != nil {
		s.order.Record("handler")
	}
	return stream.Send(&hellov1.HelloResponse{Reply: RequestIDFrom(stream.Context())})
}

// bidiOnce makes a BidiHello call that sends nothing, and returns its first
// reply, its header and how it ended.
func bidiOnce(ctx context.Context, client hellov1.HelloServiceClient) (string, metadata.MD, error) {
	stream, err := client.BidiHello(ctx)
	if err != nil {
		return "", nil, err
	}
	if err := stream.CloseSend(); err != nil {
		return "", nil, err
	}
	header, _ := stream.Header()
	replies, err := grpctest.RecvReplies(stream.Recv)
	return firstOf(replies), header, err
}

func TestRequestID(t *testing.T) {
	conn := start(t, idServer{}, grpc.ChainUnaryInterceptor(UnaryRequestID), grpc.ChainStreamInterceptor(StreamRequestID))
	client := hellov1.NewHelloServiceClient(conn)
	tests := []struct {
		name, sent string
		kept       bool // whether the server keeps the client's id
	}{
		{"the client's id", "req-42", true},
		{"no id: the server makes one", "", false},
		{"an id longer than 64 bytes is replaced", strings.Repeat("x", 65), false},
	}
	for _, tt := range tests {
		for _, kind := range []string{"unary", "stream"} {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				var kv []string
				if tt.sent != "" {
					kv = []string{RequestIDKey, tt.sent}
				}
				var seen string
				var header metadata.MD
				var err error
				if kind == "unary" {
					var resp *hellov1.HelloResponse
					resp, err = client.SayHello(callCtx(t, kv...), &hellov1.HelloRequest{Greeting: "hi"}, grpc.Header(&header))
					seen = resp.GetReply()
				} else {
					seen, header, err = bidiOnce(callCtx(t, kv...), client)
				}
				require.NoError(t, err)
				echoed := header.Get(RequestIDKey)
				todo := "see TODO(step 4) in UnaryRequestID in interceptors.go"
				if kind == "stream" {
					todo = "see TODO(step 4) in StreamRequestID in interceptors.go: the handler gets the stream, so wrap it to change its Context"
				}
				switch {
				case len(echoed) != 1 || echoed[0] == "":
					t.Errorf("%s call with request id %.10q: response header %s: %q, want one id (%s)", kind, tt.sent, RequestIDKey, echoed, todo)
				case seen != echoed[0]:
					t.Errorf("%s call with request id %.10q: the handler's RequestIDFrom(ctx) is %q, the header says %q; want the same id (%s)", kind, tt.sent, seen, echoed[0], todo)
				case tt.kept && seen != tt.sent:
					t.Errorf("%s call with request id %q: the server used %q; want the client's id, kept (%s)", kind, tt.sent, seen, todo)
				case !tt.kept && (seen == tt.sent || len(seen) > 64):
					t.Errorf("%s call with request id %.10q (%d bytes): the server used %.10q (%d bytes); want a new id of at most 64 bytes (%s)", kind, tt.sent, len(tt.sent), seen, len(seen), todo)
				}
			})
		}
	}
}

func TestAuth(t *testing.T) {
	conn := start(t, finished.HelloServer{}, grpc.ChainUnaryInterceptor(UnaryAuth(testToken)), grpc.ChainStreamInterceptor(StreamAuth(testToken)))
	client := hellov1.NewHelloServiceClient(conn)
	tests := []struct {
		name string
		kv   []string
		code codes.Code
	}{
		{"no token", nil, codes.Unauthenticated},
		{"a wrong token", bearer("guess"), codes.Unauthenticated},
		{"another scheme", []string{"authorization", "basic " + testToken}, codes.Unauthenticated},
		{"the token", bearer(testToken), codes.OK},
		{"the token, scheme in capitals", []string{"authorization", "Bearer " + testToken}, codes.OK},
	}
	for _, tt := range tests {
		t.Run("unary/"+tt.name, func(t *testing.T) {
			_, err := client.SayHello(callCtx(t, tt.kv...), &hellov1.HelloRequest{Greeting: "hi"})
			if status.Code(err) != tt.code {
				t.Errorf("SayHello with metadata %q ended with %v; want code %v (see TODO(step 5) in checkToken in interceptors.go)", tt.kv, err, tt.code)
			}
		})
		t.Run("stream/"+tt.name, func(t *testing.T) {
			_, _, err := bidiOnce(callCtx(t, tt.kv...), client)
			if status.Code(err) != tt.code {
				t.Errorf("BidiHello with metadata %q ended with %v; want code %v (see TODO(step 5) in checkToken in interceptors.go)", tt.kv, err, tt.code)
			}
		})
	}
	t.Run("health needs no token", func(t *testing.T) {
		resp, err := healthgrpc.NewHealthClient(conn).Check(callCtx(t), &healthgrpc.HealthCheckRequest{})
		if err != nil || resp.GetStatus() != healthgrpc.HealthCheckResponse_SERVING {
			t.Errorf("a health check without a token got %v, %v; want SERVING: load balancers have no token (see Public in interceptors.go)", resp.GetStatus(), err)
		}
	})
	t.Run("reflection needs no token", func(t *testing.T) {
		names, err := grpctest.ListServices(callCtx(t), conn)
		if err != nil || !slices.Contains(names, "hello.v1.HelloService") {
			t.Errorf("listing the services by reflection without a token got %q, %v; want hello.v1.HelloService among them (see Public in interceptors.go)", names, err)
		}
	})
}

// withOrder returns chain with one of order's interceptors before each
// layer, named after it.
func withOrder(chain []Interceptor, order *grpctest.Order) []Interceptor {
	var out []Interceptor
	for _, layer := range chain {
		out = append(out, Interceptor{Name: "order", Unary: order.Unary(layer.Name), Stream: order.Stream(layer.Name)}, layer)
	}
	return out
}

// checkOrder makes a unary and a streaming call through chain, with and
// without the token, and checks the order in which they went through its
// layers, as recorded: want, then "handler" when the call has the token.
func checkOrder(t *testing.T, chain []Interceptor, want []string, todo string) {
	t.Helper()
	var names []string
	for _, layer := range chain {
		names = append(names, layer.Name)
	}
	if !slices.Equal(names, want) {
		t.Fatalf("the chain's layers are %q; want %q, outermost first (see %s)", names, want, todo)
	}
	order := &grpctest.Order{}
	client := hellov1.NewHelloServiceClient(start(t, idServer{order: order}, ServerOptions(withOrder(chain, order))...))
	calls := []struct {
		name string
		call func(ctx context.Context) (metadata.MD, error)
	}{
		{"SayHello", func(ctx context.Context) (metadata.MD, error) {
			var header metadata.MD
			_, err := client.SayHello(ctx, &hellov1.HelloRequest{Greeting: "hi"}, grpc.Header(&header))
			return header, err
		}},
		{"BidiHello", func(ctx context.Context) (metadata.MD, error) {
			_, header, err := bidiOnce(ctx, client)
			return header, err
		}},
	}
	for _, c := range calls {
		t.Run(c.name+" with the token", func(t *testing.T) {
			_, err := c.call(callCtx(t, bearer(testToken)...))
			require.NoError(t, err)
			if got, want := order.Take(), append(slices.Clone(want), "handler"); !slices.Equal(got, want) {
				t.Errorf("%s went through %q; want %q: the first layer outermost (see %s)", c.name, got, want, todo)
			}
		})
		t.Run(c.name+" without a token", func(t *testing.T) {
			header, err := c.call(callCtx(t, RequestIDKey, "req-9"))
			if status.Code(err) != codes.Unauthenticated {
				t.Errorf("%s without a token ended with %v, want code Unauthenticated (see %s)", c.name, err, todo)
			}
			if got := order.Take(); !slices.Equal(got, want) {
				t.Errorf("%s without a token went through %q; want %q, and no handler (see %s)", c.name, got, want, todo)
			}
			if got := header.Get(RequestIDKey); !slices.Equal(got, []string{"req-9"}) {
				t.Errorf("%s without a token came back with the header %s: %q; want [\"req-9\"]: the request id runs before the token check, so a refused call has its id too (see %s)", c.name, RequestIDKey, got, todo)
			}
		})
	}
}

func TestChainOrder(t *testing.T) {
	checkOrder(t, Chain(testToken), []string{"request-id", "auth"}, "TODO(step 6) in Chain and ServerOptions in interceptors.go")
}
