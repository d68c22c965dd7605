package hello

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// failing is a HelloService whose SayHello fails with err, details and all.
type failing struct {
	hellov1.UnimplementedHelloServiceServer
	err error
}

func (f failing) SayHello(context.Context, *hellov1.HelloRequest) (*hellov1.HelloResponse, error) {
	return nil, f.err
}

// withDetails returns a status error with details, or fails the test.
func withDetails(t *testing.T, code codes.Code, msg string, details ...*errdetails.BadRequest) error {
	t.Helper()
	st := status.New(code, msg)
	// An ErrorInfo first, so that the BadRequest is not always details[0].
	st, err := st.WithDetails(&errdetails.ErrorInfo{Reason: "TEST", Domain: "grpcworkshop"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range details {
		if st, err = st.WithDetails(d); err != nil {
			t.Fatal(err)
		}
	}
	return st.Err()
}

func TestFieldErrors(t *testing.T) {
	const todo = "see the TODO in FieldErrors in client.go"
	violation := func(field, desc string) *errdetails.BadRequest_FieldViolation {
		return &errdetails.BadRequest_FieldViolation{Field: field, Description: desc}
	}
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"two violations after another detail", withDetails(t, codes.InvalidArgument, "bad",
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
				violation("greeting", "must not be empty"),
				violation("metadata hello-mode", "want each or all"),
			}}),
			[]string{"greeting: must not be empty", "metadata hello-mode: want each or all"}},
		{"two BadRequests", withDetails(t, codes.InvalidArgument, "bad",
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{violation("a", "one")}},
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{violation("b", "two")}}),
			[]string{"a: one", "b: two"}},
		{"no BadRequest", withDetails(t, codes.InvalidArgument, "bad"), nil},
		{"no details", status.Error(codes.Unavailable, "down"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grpctest.NoLeaks(t, "client.go")
			// Through a real call, so the details are marshalled and back.
			client, _ := grpctest.StartHello(t, failing{err: tt.err})
			_, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: "hi"})
			if got := FieldErrors(err); !slices.Equal(got, tt.want) {
				t.Errorf("FieldErrors(%v) = %q; want %q: one \"FIELD: DESCRIPTION\" line per field violation of every *errdetails.BadRequest in status.Convert(err).Details(), other details skipped (%s)", err, got, tt.want, todo)
			}
		})
	}

	t.Run("not a gRPC error", func(t *testing.T) {
		for _, err := range []error{nil, errors.New("plain")} {
			if got := FieldErrors(err); got != nil {
				t.Errorf("FieldErrors(%v) = %q; want nil (%s)", err, got, todo)
			}
		}
	})

	t.Run("from this lesson's SayHello", func(t *testing.T) {
		client, _ := grpctest.StartHello(t, HelloServer{})
		_, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: strings.Repeat("a", MaxGreeting) + "\n"})
		got := FieldErrors(err)
		if len(got) != 2 || !strings.HasPrefix(got[0], "greeting: ") || !strings.HasPrefix(got[1], "greeting: ") {
			t.Errorf("FieldErrors after a greeting too long and with a newline = %q; want two lines \"greeting: ...\" (%s)", got, todo)
		}
	})
}
