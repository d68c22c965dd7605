package calc

import (
	"errors"
	"fmt"
	"math"
	"net/rpc"
	"strings"
	"testing"
)

// These tests call the server with the raw rpc.Client, by method name: no
// stub yet. They check the Calculator, the server side.

func TestSum(t *testing.T) {
	client := dial(t, startServer(t, "Calculator", new(Calculator)))
	stopIfTODO(t, client, "Calculator.Sum", "Sum(3, 4)", "7")
	tests := []struct {
		name     string
		a, b     int32
		want     int32
		overflow bool
	}{
		{name: "small", a: 3, b: 4, want: 7},
		{name: "negative", a: -5, b: 2, want: -3},
		{name: "zero", a: 0, b: 0, want: 0},
		{name: "largest int32", a: math.MaxInt32 - 1, b: 1, want: math.MaxInt32},
		{name: "smallest int32", a: math.MinInt32 + 1, b: -1, want: math.MinInt32},
		{name: "too big", a: math.MaxInt32, b: 1, overflow: true},
		{name: "too small", a: math.MinInt32, b: -1, overflow: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reply Reply
			err := client.Call("Calculator.Sum", Args{tt.a, tt.b}, &reply)
			call := fmt.Sprintf("Sum(%d, %d)", tt.a, tt.b)
			checkAnswer(t, call, reply.Value, err, tt.want, tt.overflow, "TODO(step 1) in calc.go")
			if want := fmt.Sprintf("%d + %d overflows int32", tt.a, tt.b); tt.overflow && err != nil && strings.Contains(err.Error(), "overflows int32") && err.Error() != want {
				t.Errorf("%s error = %q, want exactly %q: the later steps print this text (see TODO(step 1) in calc.go)", call, err, want)
			}
		})
	}
}

func TestMultiply(t *testing.T) {
	client := dial(t, startServer(t, "Calculator", new(Calculator)))
	stopIfTODO(t, client, "Calculator.Multiply", "Multiply(3, 4)", "12")
	tests := []struct {
		name     string
		a, b     int32
		want     int32
		overflow bool
	}{
		{name: "small", a: 3, b: 4, want: 12},
		{name: "negative", a: -3, b: 4, want: -12},
		{name: "zero", a: 0, b: math.MaxInt32, want: 0},
		{name: "large but fits", a: 46340, b: 46340, want: 2147395600},
		{name: "smallest int32", a: math.MinInt32, b: 1, want: math.MinInt32},
		{name: "too big", a: 65536, b: 65536, overflow: true},
		{name: "minus smallest int32", a: math.MinInt32, b: -1, overflow: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reply Reply
			err := client.Call("Calculator.Multiply", Args{tt.a, tt.b}, &reply)
			call := fmt.Sprintf("Multiply(%d, %d)", tt.a, tt.b)
			checkAnswer(t, call, reply.Value, err, tt.want, tt.overflow, "TODO(step 1) in calc.go")
			if want := fmt.Sprintf("%d * %d overflows int32", tt.a, tt.b); tt.overflow && err != nil && strings.Contains(err.Error(), "overflows int32") && err.Error() != want {
				t.Errorf("%s error = %q, want exactly %q: the later steps print this text (see TODO(step 1) in calc.go)", call, err, want)
			}
		})
	}
}

// stopIfTODO makes one call and ends the test with one message when the
// method still returns the starter's TODO error: every case of the table
// would fail the same way.
func stopIfTODO(t *testing.T, client *rpc.Client, method, call, want string) {
	t.Helper()
	var reply Reply
	if err := client.Call(method, Args{3, 4}, &reply); err != nil && strings.Contains(err.Error(), "TODO") {
		t.Fatalf("%s error = %q, want %s (see TODO(step 1) in calc.go)", call, err, want)
	}
}

// checkAnswer checks what a call returned: want, or else, if overflow is
// set, an error that says the result overflows int32.
func checkAnswer(t *testing.T, call string, got int32, err error, want int32, overflow bool, file string) {
	t.Helper()
	switch {
	case overflow && err == nil:
		t.Errorf("%s = %d, want an error that says it overflows int32 (see %s)", call, got, file)
	case overflow && !strings.Contains(err.Error(), "overflows int32"):
		t.Errorf("%s error = %q, want one that says \"overflows int32\" (see %s)", call, err, file)
	case !overflow && err != nil:
		t.Errorf("%s error = %q, want %d (see %s)", call, err, want, file)
	case !overflow && got != want:
		t.Errorf("%s = %d, want %d (see %s)", call, got, want, file)
	}
}

// picky is a service for TestServerErrorIsAString: its only method fails,
// with an error that wraps errPicky.
type picky struct{}

var errPicky = errors.New("picky says no")

// Refuse always fails.
func (picky) Refuse(args Args, reply *Reply) error {
	return fmt.Errorf("refusing %d and %d: %w", args.Value1, args.Value2, errPicky)
}

// TestServerErrorIsAString shows what becomes of an error on its way from
// the server to the client: only its text arrives, as an rpc.ServerError.
// Its Go type and what it wraps stay on the server. (gRPC sends a status
// code beside the text, so that clients can tell errors apart.)
func TestServerErrorIsAString(t *testing.T) {
	client := dial(t, startServer(t, "Picky", picky{}))
	err := client.Call("Picky.Refuse", Args{3, 4}, new(Reply))

	var serverErr rpc.ServerError
	if !errors.As(err, &serverErr) {
		t.Fatalf("error = %#v, want an rpc.ServerError, net/rpc's string type for errors from the server", err)
	}
	if want := "refusing 3 and 4: picky says no"; err.Error() != want {
		t.Errorf("error text = %q, want %q: the text should arrive unchanged", err, want)
	}
	if errors.Is(err, errPicky) {
		t.Errorf("errors.Is(err, errPicky) = true, want false: only the text crosses the network")
	}
}

// TestMisspelledMethodFailsAtRunTime shows the weak spot of calling by name:
// the compiler cannot check the string, so a typo only shows when the call
// runs. A typed stub moves the typo to compile time: stub.Summ(3, 4) does not
// build.
func TestMisspelledMethodFailsAtRunTime(t *testing.T) {
	client := dial(t, startServer(t, "Calculator", new(Calculator)))
	tests := []struct {
		method  string
		wantErr string
	}{
		{method: "Calculator.Summ", wantErr: "rpc: can't find method Calculator.Summ"},
		{method: "Calculater.Sum", wantErr: "rpc: can't find service Calculater.Sum"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			err := client.Call(tt.method, Args{3, 4}, new(Reply))
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Call(%q) error = %v, want %q", tt.method, err, tt.wantErr)
			}
		})
	}
}
