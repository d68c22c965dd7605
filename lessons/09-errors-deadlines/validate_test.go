package hello

import (
	"fmt"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	hellov1 "grpcworkshop/proto/hello/v1"
	"grpcworkshop/testkit/grpctest"
)

// short quotes s, cut after 40 bytes, for a failure message.
func short(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%q...", s[:40])
	}
	return fmt.Sprintf("%q", s)
}

// badRequest returns the BadRequest details of err, and a description of
// every detail, for a failure message.
func badRequest(err error) (found []*errdetails.BadRequest, all []string) {
	for _, d := range status.Convert(err).Details() {
		all = append(all, fmt.Sprintf("%T", d))
		if br, ok := d.(*errdetails.BadRequest); ok {
			found = append(found, br)
		}
	}
	return found, all
}

func TestValidate(t *testing.T) {
	const todo = "see the TODO in validate in validate.go"
	tests := []struct {
		name     string
		greeting string
		problems int // field violations wanted; 0: a good greeting
	}{
		{"a greeting", "hello", 0},
		{"100 characters, not bytes", strings.Repeat("é", MaxGreeting), 0},
		{"empty", "", 1},
		{"too long", strings.Repeat("a", MaxGreeting+1), 1},
		{"a newline", "hello\nworld", 1},
		{"a tab", "hello\tworld", 1},
		{"too long and a newline: both", strings.Repeat("a", MaxGreeting) + "\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grpctest.NoLeaks(t, "validate.go")
			client, _ := grpctest.StartHello(t, HelloServer{})
			resp, err := client.SayHello(t.Context(), &hellov1.HelloRequest{Greeting: tt.greeting})
			if tt.problems == 0 {
				if want := "hello, you said: " + tt.greeting; err != nil || resp.GetReply() != want {
					t.Fatalf("SayHello(%s) = %s, %v; want %s, nil: it is a good greeting (%s)", short(tt.greeting), short(resp.GetReply()), err, short(want), todo)
				}
				return
			}
			if code := status.Code(err); code != codes.InvalidArgument {
				t.Fatalf("SayHello(%s) = %s, %v; want code InvalidArgument: the client must fix its request (%s)", short(tt.greeting), short(resp.GetReply()), err, todo)
			}
			if msg := status.Convert(err).Message(); msg == "" {
				t.Errorf("the status has an empty message; want one that says what is wrong, for clients that do not read details (%s)", todo)
			}
			found, all := badRequest(err)
			if len(found) != 1 {
				t.Fatalf("SayHello(%s) failed with details %v; want exactly one *errdetails.BadRequest: build the status with status.New and add it with WithDetails (%s)", short(tt.greeting), all, todo)
			}
			violations := found[0].GetFieldViolations()
			if len(violations) != tt.problems {
				t.Fatalf("the BadRequest has %d field violations, %v; want %d, one for each problem, not only the first (%s)", len(violations), violations, tt.problems, todo)
			}
			for _, v := range violations {
				if v.GetField() != "greeting" || v.GetDescription() == "" {
					t.Errorf("field violation %v; want Field \"greeting\" (the field's name in the .proto) and a Description that says what to change (%s)", v, todo)
				}
			}
		})
	}
}
