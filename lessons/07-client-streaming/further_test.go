//go:build further

package hello

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/testkit/grpctest"
)

// Going further (README): MaxGreetings, a limit on what one call may send.

func TestFurtherMaxGreetings(t *testing.T) {
	tests := []struct {
		name      string
		max       int
		greetings []string
		code      codes.Code
	}{
		{"up to the limit", 2, []string{"hi", "hey"}, codes.OK},
		{"one past it", 2, []string{"hi", "hey", "hello"}, codes.ResourceExhausted},
		{"far past it", 2, strings.Fields(strings.Repeat("hi ", 10_000)), codes.ResourceExhausted},
		{"zero is no limit", 0, strings.Fields(strings.Repeat("hi ", 1000)), codes.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, ends := grpctest.StartHello(t, HelloServer{MaxGreetings: tt.max})
			_, err := greet(t, client, tt.greetings)
			st := status.Convert(err)
			if st.Code() != tt.code {
				t.Fatalf("with MaxGreetings %d, %d greetings ended with %v; want code %v", tt.max, len(tt.greetings), err, tt.code)
			}
			if tt.code == codes.ResourceExhausted && !strings.Contains(st.Message(), "2") {
				t.Errorf("the error %q does not name the limit, 2: a client needs it to know how much to send", st.Message())
			}
			ends.Ended(t, "it answered", "LotsOfGreetings in greetings.go")
		})
	}
}
