package aggclient

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"grpcworkshop/proto/aggfuncpb"
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

// todoErr is the text every starter stub returns: a test that meets it
// stops with one message instead of one per case.
const todoErr = "TODO"

// TestConnect checks Connect alone: the test makes its call through the
// generated stub itself.
func TestConnect(t *testing.T) {
	addr := grpctest.StartFakeAgg(t, &grpctest.FakeAgg{})
	conn, err := Connect(addr)
	if err != nil {
		t.Fatalf("Connect(the fake server's address) returned the error %q, want a connection (see TODO(step 1) in Connect in client.go)", err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	resp, err := aggfuncpb.NewGRPCRouteFuncsClient(conn).Sum(ctx, &aggfuncpb.InputArgsOfBinaryFunc{Value1: 3, Value2: 4})
	if err != nil {
		t.Fatalf("sum(3, 4) over the connection from Connect(%q) failed: %v; want 7: it needs plaintext transport credentials, as the workshop's server has no TLS (see TODO(step 1) in client.go)", addr, err)
	}
	if got := resp.GetValue(); got != 7 {
		t.Errorf("sum(3, 4) over the connection from Connect = %d, want 7", got)
	}
}

// stubClient returns a client for the fake, over a connection the test makes
// itself, so that the tests of Call and CallAll do not need Connect.
func stubClient(t *testing.T, fake *grpctest.FakeAgg) aggfuncpb.GRPCRouteFuncsClient {
	t.Helper()
	return aggfuncpb.NewGRPCRouteFuncsClient(grpctest.Dial(t, grpctest.StartFakeAgg(t, fake)))
}

func TestCall(t *testing.T) {
	fake := &grpctest.FakeAgg{}
	client := stubClient(t, fake)
	if _, err := Call(t.Context(), client, Op{"sum", 3, 4}, 5*time.Second); err != nil && strings.Contains(err.Error(), todoErr) {
		t.Fatalf("Call(sum 3 4) returned the error %q, want 7 (see TODO(step 2) in Call in client.go)", err)
	}
	tests := []struct {
		op   Op
		want int32
	}{
		{Op{"sum", 3, 4}, 7},
		{Op{"multiply", 3, 4}, 12},
		{Op{"sum", -5, 2}, -3},
		{Op{"multiply", -6, 7}, -42},
	}
	for _, tt := range tests {
		t.Run(tt.op.String(), func(t *testing.T) {
			got, err := Call(t.Context(), client, tt.op, 5*time.Second)
			if err != nil || got != tt.want {
				t.Errorf("Call(%s) = (%d, %v), want %d (see TODO(step 2) in Call in client.go)", tt.op, got, err, tt.want)
			}
		})
	}
	t.Run("unknown method", func(t *testing.T) {
		n := len(fake.Calls())
		if got, err := Call(t.Context(), client, Op{"divide", 6, 3}, 5*time.Second); err == nil {
			t.Errorf("Call(divide 6 3) = %d with no error, want an error: the service has only sum and multiply (see TODO(step 2) in client.go)", got)
		}
		if calls := fake.Calls(); len(calls) != n {
			t.Errorf("Call(divide 6 3) sent %s to the server, want no call at all", calls[n].Method)
		}
	})
	t.Run("server error", func(t *testing.T) {
		_, err := Call(t.Context(), client, Op{"sum", math.MaxInt32, 1}, 5*time.Second)
		if code := status.Code(err); code != codes.OutOfRange {
			t.Errorf("Call(sum 2147483647 1) returned %v, want the server's OutOfRange error as it is, so that status.Code can read it (see TODO(step 2) in client.go)", err)
		}
	})
}

// TestCallHasDeadline checks that every call carries the deadline it was
// given. Without one, a call to a stuck server would wait forever.
func TestCallHasDeadline(t *testing.T) {
	fake := &grpctest.FakeAgg{}
	client := stubClient(t, fake)
	const timeout = 1500 * time.Millisecond
	if _, err := Call(t.Context(), client, Op{"sum", 3, 4}, timeout); err != nil {
		t.Fatalf("Call(sum 3 4) returned the error %q, want 7 (see TODO(step 2) in Call in client.go)", err)
	}
	calls := fake.Calls()
	if len(calls) != 1 {
		t.Fatalf("the server received %d calls, want 1", len(calls))
	}
	if c := calls[0]; !c.HasDeadline {
		t.Errorf("sum reached the server without a deadline, want the %v Call was given: give the call a context with a timeout (see TODO(step 2) in Call in client.go)", timeout)
	} else if c.TimeLeft <= 0 || c.TimeLeft > timeout {
		t.Errorf("sum reached the server with %v left before its deadline, want at most the %v Call was given", c.TimeLeft, timeout)
	}
}

// TestExplain checks Explain alone, on errors as gRPC returns them.
func TestExplain(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"out of range", status.Error(codes.OutOfRange, "2147483647 + 1 = 2147483648 does not fit in an int32"),
			"OutOfRange: 2147483647 + 1 = 2147483648 does not fit in an int32"},
		{"connection refused", status.Error(codes.Unavailable, `connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:50051: connect: connection refused"`),
			"Unavailable: connection refused: is the server running? try `go tool task serve`"},
		{"deadline", status.Error(codes.DeadlineExceeded, "context deadline exceeded"),
			"DeadlineExceeded: no answer before the deadline; is the server stuck, or is -timeout too short?"},
		{"another code", status.Error(codes.NotFound, "no such thing"), "NotFound: no such thing"},
	}
	if got := Explain(tests[0].err); got == tests[0].err.Error() {
		t.Fatalf("Explain(%v) = %q, the error's own text; want %q: the status code's name and the message (see TODO(step 3) in errors.go)", tests[0].err, got, tests[0].want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Explain(tt.err); got != tt.want {
				t.Errorf("Explain(%v)\n got %q\nwant %q (see TODO(step 3) in errors.go)", tt.err, got, tt.want)
			}
		})
	}
}

// TestAsync calls CallAll with several ops. The fake server answers the
// first call last, so the answers arrive in reverse order; CallAll must still
// return them in the order of the ops.
func TestAsync(t *testing.T) {
	const n = 6
	fake := &grpctest.FakeAgg{DelayFunc: func(c grpctest.FakeCall) time.Duration {
		// Every call takes at least 240ms, long enough for all n to start
		// together; the first ones take longest, so the answers arrive
		// last first.
		return 200*time.Millisecond + time.Duration(n+1-c.Value1)*40*time.Millisecond
	}}
	client := stubClient(t, fake)
	var ops []Op
	for i := int32(1); i <= n; i++ {
		ops = append(ops, Op{"sum", i, i})
	}

	results := CallAll(t.Context(), client, ops, 5*time.Second)
	if len(results) != n {
		t.Fatalf("CallAll of %d ops returned %d results, want %d, one per op in the same order (see TODO(step 4) in async.go)", n, len(results), n)
	}
	for i, r := range results {
		if r.Err != nil && strings.Contains(r.Err.Error(), todoErr) {
			t.Fatalf("CallAll's result %d is the error %q: write Call first (TODO(step 2) in client.go)", i, r.Err)
		}
	}
	if got := fake.MaxInFlight(); got < n {
		t.Errorf("with CallAll the server answered at most %d of the %d calls at a time, want all at once: CallAll must start every call before it waits for any (see TODO(step 4) in async.go)", got, n)
	}
	for i, r := range results {
		if want := 2 * ops[i].A; r.Err != nil || r.Value != want {
			t.Errorf("CallAll's result %d is (%d, %v), want %d for %s: results[i] belongs to ops[i], whatever order the answers arrive in (see TODO(step 4) in async.go)", i, r.Value, r.Err, want, ops[i])
		}
	}
}

// TestRun runs the whole command, as a learner would, against the fake.
// It needs every step before it.
func TestRun(t *testing.T) {
	probe := grpctest.StartFakeAgg(t, &grpctest.FakeAgg{})
	if _, _, stderr := run(t, "-addr", probe, "sum", "3", "4"); strings.Contains(stderr, todoErr) {
		t.Fatalf("aggclient sum 3 4 printed on stderr %q, want 3 + 4 = 7: finish the steps before this one (the TODOs in client.go, errors.go and async.go)", stderr)
	}
	tests := []struct {
		name     string
		fake     *grpctest.FakeAgg // a plain FakeAgg when nil
		addr     string            // the fake's address when empty
		args     []string
		code     int
		out, err string
	}{
		{name: "sum", args: []string{"sum", "3", "4"}, out: "3 + 4 = 7\n"},
		{name: "multiply", args: []string{"multiply", "3", "4"}, out: "3 * 4 = 12\n"},
		{name: "one after another", args: []string{"sum", "1", "2", "multiply", "6", "7"}, out: "1 + 2 = 3\n6 * 7 = 42\n"},
		{name: "async", args: []string{"-async", "sum", "1", "2", "multiply", "6", "7"}, out: "1 + 2 = 3\n6 * 7 = 42\n"},
		{name: "out of range", args: []string{"sum", "2147483647", "1"}, code: 1,
			err: "aggclient: sum 2147483647 1: OutOfRange: 2147483647 + 1 = 2147483648 does not fit in an int32\n"},
		{name: "one of several fails", args: []string{"multiply", "65536", "65536", "sum", "3", "4"}, code: 1, out: "3 + 4 = 7\n",
			err: "aggclient: multiply 65536 65536: OutOfRange: 65536 * 65536 = 4294967296 does not fit in an int32\n"},
		{name: "server down", addr: grpctest.ClosedAddr(t), args: []string{"sum", "3", "4"}, code: 1,
			err: "aggclient: sum 3 4: Unavailable: connection refused: is the server running? try `go tool task serve`\n"},
		// The fake answers after a minute, far past the deadline, and refuses
		// at once a call that has none, so that such a call fails fast.
		{name: "deadline", fake: &grpctest.FakeAgg{Delay: time.Minute, RejectNoDeadline: true},
			args: []string{"-timeout", "100ms", "sum", "3", "4"}, code: 1,
			err: "aggclient: sum 3 4: DeadlineExceeded: no answer before the deadline; is the server stuck, or is -timeout too short?\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := tt.addr
			if addr == "" {
				fake := tt.fake
				if fake == nil {
					fake = &grpctest.FakeAgg{}
				}
				addr = grpctest.StartFakeAgg(t, fake)
			}
			code, stdout, stderr := run(t, append([]string{"-addr", addr}, tt.args...)...)
			if strings.Contains(stderr, grpctest.NoDeadline) {
				t.Fatalf("aggclient %s: the call reached the server with no deadline, so against a stuck server it would wait forever: give every call a context with a timeout (see TODO(step 2) in Call in client.go)", strings.Join(tt.args, " "))
			}
			if code != tt.code || stdout != tt.out || stderr != tt.err {
				t.Errorf("aggclient %s\nexited %d, printed %q and on stderr %q\nwant exit %d, %q on stdout and %q on stderr",
					strings.Join(tt.args, " "), code, stdout, stderr, tt.code, tt.out, tt.err)
			}
		})
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
		{"address without a port", []string{"-addr", "bogus", "sum", "3", "4"}, `aggclient: address "bogus" has no port; want host:port, such as localhost:50051`},
		{"port out of range", []string{"-addr", "127.0.0.1:99999", "sum", "3", "4"}, `aggclient: address "127.0.0.1:99999" has port 99999; want a port from 1 to 65535, such as localhost:50051`},
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
