package aggclient

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"grpcworkshop/testkit/grpctest"
)

// These tests run the aggclient command (Run) against a fake server from
// grpcworkshop/testkit/grpctest, not against lesson 3's server: a client test
// should fail only for the client's own mistakes.

// run runs the command with args and returns its exit status and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	code = Run(t.Context(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRun(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		want  string
		calls []grpctest.FakeCall
	}{
		{"sum", []string{"sum", "3", "4"}, "3 + 4 = 7\n",
			[]grpctest.FakeCall{{Method: "sum", Value1: 3, Value2: 4}}},
		{"multiply", []string{"multiply", "3", "4"}, "3 * 4 = 12\n",
			[]grpctest.FakeCall{{Method: "multiply", Value1: 3, Value2: 4}}},
		{"negative numbers", []string{"sum", "-5", "2"}, "-5 + 2 = -3\n",
			[]grpctest.FakeCall{{Method: "sum", Value1: -5, Value2: 2}}},
		{"one after another", []string{"sum", "1", "2", "multiply", "6", "7"}, "1 + 2 = 3\n6 * 7 = 42\n",
			[]grpctest.FakeCall{{Method: "sum", Value1: 1, Value2: 2}, {Method: "multiply", Value1: 6, Value2: 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &grpctest.FakeAgg{}
			addr := grpctest.StartFakeAgg(t, fake)
			args := append([]string{"-addr", addr}, tt.args...)
			code, stdout, stderr := run(t, args...)
			if code != 0 || stdout != tt.want {
				t.Fatalf("aggclient %s\nexited %d, printed %q and on stderr %q\nwant exit 0 and %q (see the TODOs in client.go)",
					strings.Join(tt.args, " "), code, stdout, stderr, tt.want)
			}
			var got []string
			for _, c := range fake.Calls() {
				got = append(got, fmt.Sprintf("%s(%d, %d)", c.Method, c.Value1, c.Value2))
			}
			var want []string
			for _, c := range tt.calls {
				want = append(want, fmt.Sprintf("%s(%d, %d)", c.Method, c.Value1, c.Value2))
			}
			if !slices.Equal(got, want) {
				t.Errorf("the server received %v, want %v", got, want)
			}
		})
	}
}

// TestCallHasDeadline checks that every call carries the deadline of
// -timeout. Without one, a call to a stuck server would wait forever.
func TestCallHasDeadline(t *testing.T) {
	for name, flags := range map[string][]string{"one after another": {}, "async": {"-async"}} {
		t.Run(name, func(t *testing.T) {
			fake := &grpctest.FakeAgg{}
			addr := grpctest.StartFakeAgg(t, fake)
			args := append([]string{"-addr", addr, "-timeout", "1500ms"}, flags...)
			args = append(args, "sum", "3", "4", "multiply", "3", "4")
			if code, _, stderr := run(t, args...); code != 0 {
				t.Fatalf("aggclient exited %d with %q on stderr, want 0 (see the TODOs in client.go)", code, stderr)
			}
			calls := fake.Calls()
			if len(calls) != 2 {
				t.Fatalf("the server received %d calls, want 2", len(calls))
			}
			for _, c := range calls {
				if !c.HasDeadline {
					t.Errorf("%s reached the server without a deadline, want the 1.5s of -timeout: wrap ctx with context.WithTimeout (see the TODO in Call in client.go)", c.Method)
				} else if c.TimeLeft <= 0 || c.TimeLeft > 1500*time.Millisecond {
					t.Errorf("%s reached the server with %v left before its deadline, want at most the 1.5s of -timeout", c.Method, c.TimeLeft)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	t.Run("out of range", func(t *testing.T) {
		addr := grpctest.StartFakeAgg(t, &grpctest.FakeAgg{})
		code, stdout, stderr := run(t, "-addr", addr, "sum", "2147483647", "1")
		want := "aggclient: sum 2147483647 1: OutOfRange: 2147483647 + 1 = 2147483648 does not fit in an int32\n"
		if code != 1 || stdout != "" || stderr != want {
			t.Errorf("aggclient sum 2147483647 1\nexited %d, printed %q and on stderr %q\nwant exit 1, nothing on stdout and on stderr %q (see the TODO in errors.go)",
				code, stdout, stderr, want)
		}
	})

	t.Run("server down", func(t *testing.T) {
		addr := grpctest.ClosedAddr(t)
		code, stdout, stderr := run(t, "-addr", addr, "sum", "3", "4")
		want := "aggclient: sum 3 4: Unavailable: connection refused: is the server running? try `go tool task serve`\n"
		if code != 1 || stdout != "" || stderr != want {
			t.Errorf("aggclient sum 3 4 with no server at %s\nexited %d, printed %q and on stderr %q\nwant exit 1, nothing on stdout and on stderr %q (see the TODO in errors.go)",
				addr, code, stdout, stderr, want)
		}
	})

	t.Run("deadline", func(t *testing.T) {
		// The fake answers after a minute, far past the deadline.
		addr := grpctest.StartFakeAgg(t, &grpctest.FakeAgg{Delay: time.Minute})
		start := time.Now()
		code, stdout, stderr := run(t, "-addr", addr, "-timeout", "100ms", "sum", "3", "4")
		took := time.Since(start)
		want := "aggclient: sum 3 4: DeadlineExceeded: no answer before the deadline; is the server stuck, or is -timeout too short?\n"
		if code != 1 || stdout != "" || stderr != want {
			t.Errorf("aggclient -timeout 100ms sum 3 4 against a stuck server\nexited %d, printed %q and on stderr %q\nwant exit 1, nothing on stdout and on stderr %q (see the TODOs in client.go and errors.go)",
				code, stdout, stderr, want)
		}
		if took > 10*time.Second {
			t.Errorf("aggclient -timeout 100ms took %v to give up, want about 100ms (see the TODO in Call in client.go)", took)
		}
	})

	t.Run("one of several fails", func(t *testing.T) {
		addr := grpctest.StartFakeAgg(t, &grpctest.FakeAgg{})
		code, stdout, stderr := run(t, "-addr", addr, "multiply", "65536", "65536", "sum", "3", "4")
		wantOut := "3 + 4 = 7\n"
		wantErr := "aggclient: multiply 65536 65536: OutOfRange: 65536 * 65536 = 4294967296 does not fit in an int32\n"
		if code != 1 || stdout != wantOut || stderr != wantErr {
			t.Errorf("aggclient multiply 65536 65536 sum 3 4\nexited %d, printed %q and on stderr %q\nwant exit 1, %q on stdout and on stderr %q (see the TODOs in client.go and errors.go)",
				code, stdout, stderr, wantOut, wantErr)
		}
	})
}

// TestAsync runs several calls with -async. The fake server answers the
// first call last, so the answers arrive in reverse order; the command must
// still print them in the order of its arguments.
func TestAsync(t *testing.T) {
	const n = 6
	fake := &grpctest.FakeAgg{DelayFunc: func(c grpctest.FakeCall) time.Duration {
		return time.Duration(n+1-c.Value1) * 40 * time.Millisecond
	}}
	addr := grpctest.StartFakeAgg(t, fake)
	args := []string{"-addr", addr, "-async"}
	var want strings.Builder
	for i := 1; i <= n; i++ {
		args = append(args, "sum", fmt.Sprint(i), fmt.Sprint(i))
		fmt.Fprintf(&want, "%d + %d = %d\n", i, i, 2*i)
	}

	code, stdout, stderr := run(t, args...)
	if code != 0 {
		t.Fatalf("aggclient -async exited %d with %q on stderr, want 0 (see the TODOs in client.go)", code, stderr)
	}
	if got := fake.MaxInFlight(); got < 2 {
		t.Errorf("with -async the server saw at most %d call at a time, want all %d at once: CallAll still makes one call after another (see the TODO in async.go)", got, n)
	}
	if stdout != want.String() {
		t.Errorf("aggclient -async printed\n%s\nwant\n%s\nthe results in the order of the arguments, whatever order the answers arrive in (see the TODO in async.go)",
			stdout, want.String())
	}
}

// TestBadArgs checks that bad arguments stop the command before any call,
// with a usage line and exit status 2.
func TestBadArgs(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the first line on stderr
	}{
		{"no operation", nil, "aggclient: no operation given"},
		{"unknown operation", []string{"divide", "6", "3"}, `aggclient: unknown operation "divide", want sum or multiply`},
		{"missing number", []string{"sum", "3"}, "aggclient: sum needs two numbers"},
		{"not a number", []string{"sum", "3", "four"}, `aggclient: "four" is not an int32 (a whole number from -2147483648 to 2147483647)`},
		{"too big for int32", []string{"multiply", "3", "2147483648"}, `aggclient: "2147483648" is not an int32 (a whole number from -2147483648 to 2147483647)`},
		{"unknown flag", []string{"-port", "50051", "sum", "3", "4"}, "flag provided but not defined: -port"},
		{"flag after the operation", []string{"sum", "3", "4", "-timeout", "1s"}, `aggclient: unknown operation "-timeout", want sum or multiply`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &grpctest.FakeAgg{}
			addr := grpctest.StartFakeAgg(t, fake)
			code, stdout, stderr := run(t, append([]string{"-addr", addr}, tt.args...)...)
			first, rest, _ := strings.Cut(stderr, "\n")
			if code != 2 || stdout != "" || first != tt.want || !strings.HasPrefix(rest, "usage: aggclient ") {
				t.Errorf("aggclient %s\nexited %d, printed %q and on stderr %q\nwant exit 2 and on stderr %q, then the usage line",
					strings.Join(tt.args, " "), code, stdout, stderr, tt.want)
			}
			if calls := fake.Calls(); len(calls) != 0 {
				t.Errorf("aggclient %s made %d calls, want none", strings.Join(tt.args, " "), len(calls))
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := run(t, "-h")
	if code != 0 || stdout != "" || !strings.HasPrefix(stderr, "usage: aggclient ") || !strings.Contains(stderr, "-timeout") {
		t.Errorf("aggclient -h exited %d, printed %q and on stderr %q; want exit 0 and the usage line and the flags on stderr",
			code, stdout, stderr)
	}
}
