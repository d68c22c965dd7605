//go:build further

package calc

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Going further: a third method, Calculator.Divide, and its stub method,
// CalculatorClient.Divide. Go's integer division: 7 / 2 = 3, -7 / 2 = -3.
// Dividing by zero is an error that says "division by zero", and the one
// quotient that does not fit, math.MinInt32 / -1, an error that says
// "overflows int32".
func TestFurtherDivide(t *testing.T) {
	stub := NewCalculatorClient(dial(t, startServer(t, "Calculator", new(Calculator))))
	divide, ok := any(stub).(interface {
		Divide(a, b int32) (int32, error)
	})
	if !ok {
		t.Fatal("CalculatorClient has no method Divide(a, b int32) (int32, error): add it to stub.go, like Sum")
	}
	tests := []struct {
		a, b    int32
		want    int32
		wantErr string // a part of the error's text, when the call must fail
	}{
		{a: 7, b: 2, want: 3},
		{a: -7, b: 2, want: -3},
		{a: 0, b: 5, want: 0},
		{a: math.MaxInt32, b: 1, want: math.MaxInt32},
		{a: 1, b: 0, wantErr: "division by zero"},
		{a: math.MinInt32, b: -1, wantErr: "overflows int32"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d / %d", tt.a, tt.b), func(t *testing.T) {
			got, err := divide.Divide(tt.a, tt.b)
			switch {
			case tt.wantErr == "" && (err != nil || got != tt.want):
				t.Errorf("stub.Divide(%d, %d) = %d, %v; want %d, <nil>", tt.a, tt.b, got, err, tt.want)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("stub.Divide(%d, %d) = %d, %v; want an error that says %q", tt.a, tt.b, got, err, tt.wantErr)
			}
		})
	}
}
