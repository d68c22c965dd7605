package shellwords

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"go tool grpcurl list", []string{"go", "tool", "grpcurl", "list"}},
		{"a  b\tc", []string{"a", "b", "c"}},
		{`-d '{"value1": 3}' x`, []string{"-d", `{"value1": 3}`, "x"}},
		{`-d "{\"a\": 1}"`, []string{"-d", `{"a": 1}`}},
		{`a\ b`, []string{"a b"}},
		{`x'y'"z"`, []string{"xyz"}},
		{`''`, []string{""}},
	}
	for _, tt := range tests {
		got, err := Split(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"a | b", "a > f", "echo $HOME", `"$x"`, "'open", `"open`, `end\`, "ls *.go"} {
		if got, err := Split(bad); err == nil {
			t.Errorf("Split(%q) = %q, want an error: it needs a shell or is not closed", bad, got)
		}
	}
}
