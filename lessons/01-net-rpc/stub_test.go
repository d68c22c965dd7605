package calc

import (
	"fmt"
	"math"
	"net"
	"net/rpc"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCalculatorClient(t *testing.T) {
	stub := NewCalculatorClient(dial(t, startServer(t, "Calculator", new(fakeCalculator))))
	if _, err := stub.Sum(3, 4); err != nil && strings.Contains(err.Error(), "TODO") {
		t.Fatalf("stub.Sum(3, 4) error = %q, want 7 (see TODO(step 2) in stub.go)", err)
	}
	tests := []struct {
		name     string
		call     func(a, b int32) (int32, error)
		a, b     int32
		want     int32
		overflow bool
	}{
		{name: "Sum", call: stub.Sum, a: 3, b: 4, want: 7},
		{name: "Multiply", call: stub.Multiply, a: 3, b: 4, want: 12},
		{name: "Sum overflows", call: stub.Sum, a: math.MaxInt32, b: 1, overflow: true},
		{name: "Multiply overflows", call: stub.Multiply, a: 65536, b: 65536, overflow: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call(tt.a, tt.b)
			call := fmt.Sprintf("stub.%s(%d, %d)", strings.Fields(tt.name)[0], tt.a, tt.b)
			checkAnswer(t, call, got, err, tt.want, tt.overflow, "TODO(step 2) in stub.go")
		})
	}
}

func TestSumAsync(t *testing.T) {
	// The server holds every Sum until the test opens the gate, so the
	// answers cannot arrive before the test says so.
	gate := make(chan struct{})
	open := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(open)
	stub := NewCalculatorClient(dial(t, startServer(t, "Calculator", &fakeCalculator{before: func(Args) { <-gate }})))

	// The starter's Wait says TODO at once: one message, not two.
	quick := NewCalculatorClient(dial(t, startServer(t, "Calculator", new(fakeCalculator))))
	if _, err := waitWithin(t, quick.SumAsync(1, 2)); err != nil && strings.Contains(err.Error(), "TODO") {
		t.Fatalf("Wait() error = %q, want the answer of the call (see TODO(step 3) in stub.go: Pending, SumAsync and Wait)", err)
	}

	// SumAsync must return while the server still holds the calls.
	sent := make(chan [2]*Pending, 1)
	go func() { sent <- [2]*Pending{stub.SumAsync(3, 4), stub.SumAsync(10, 20)} }()
	var pending [2]*Pending
	select {
	case pending = <-sent:
	case <-time.After(5 * time.Second):
		t.Fatal("SumAsync did not return while the server was still working: it should send the call and return at once, without waiting for the answer (see TODO(step 3) in stub.go)")
	}

	open() // now the server answers
	for i, want := range []int32{7, 30} {
		got, err := waitWithin(t, pending[i])
		if err != nil || got != want {
			t.Errorf("SumAsync call %d: Wait() = %d, %v; want %d, <nil> (see TODO(step 3) in stub.go: SumAsync and Wait)", i, got, err, want)
		}
	}
}

// waitWithin calls p.Wait, and fails the test at once if Wait has not
// returned 5 seconds after the server answered.
func waitWithin(t *testing.T, p *Pending) (int32, error) {
	t.Helper()
	type answer struct {
		value int32
		err   error
	}
	done := make(chan answer, 1)
	go func() {
		v, err := p.Wait()
		done <- answer{v, err}
	}()
	select {
	case a := <-done:
		return a.value, a.err
	case <-time.After(5 * time.Second):
		t.Fatal("Wait() has not returned 5s after the server answered: it waits for something that never comes. Does it receive from call.Done a second time, after SumAsync already did? (see TODO(step 3) in stub.go)")
		return 0, nil
	}
}

func TestSumBatch(t *testing.T) {
	// The server sleeps Value1 milliseconds before it answers, so the
	// answers to this batch come back last first.
	sleep := func(args Args) { time.Sleep(time.Duration(args.Value1) * time.Millisecond) }
	stub := NewCalculatorClient(dial(t, startServer(t, "Calculator", &fakeCalculator{before: sleep})))

	if _, err := stub.SumBatch([]Args{{0, 1}}); err != nil && strings.Contains(err.Error(), "TODO") {
		t.Fatalf("SumBatch error = %q, want the answers: SumBatch is done for you, on top of SumAsync and Wait (see TODO(step 3) in stub.go)", err)
	}
	t.Run("answers in the order of the calls", func(t *testing.T) {
		got, err := stub.SumBatch([]Args{{30, 1}, {20, 2}, {10, 3}, {0, 4}})
		want := []int32{31, 22, 13, 4}
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("SumBatch = %v, %v; want %v, <nil> (SumBatch is done for you: it uses SumAsync and Wait, see TODO(step 3) in stub.go)", got, err, want)
		}
	})
	t.Run("one call fails", func(t *testing.T) {
		_, err := stub.SumBatch([]Args{{0, 1}, {1, math.MaxInt32}})
		if err == nil || !strings.Contains(err.Error(), "call 1 of the batch") || !strings.Contains(err.Error(), "overflows int32") {
			t.Errorf("SumBatch error = %v, want one that names call 1 and says it overflows int32 (see TODO(step 3) in stub.go)", err)
		}
	})
}

// ExampleCalculatorClient calls a Calculator through the typed stub, as
// `rpcclient sum 3 4` and `rpcclient multiply 3 4` do.
func ExampleCalculatorClient() {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lis.Close()
	srv := rpc.NewServer()
	if err := srv.Register(new(Calculator)); err != nil {
		fmt.Println(err)
		return
	}
	go Serve(lis, srv)

	client, err := Dial(lis.Addr().String(), 5*time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()
	stub := NewCalculatorClient(client)

	if sum, err := stub.Sum(3, 4); err != nil {
		fmt.Println(err)
	} else {
		fmt.Printf("3 + 4 = %d\n", sum)
	}
	if product, err := stub.Multiply(3, 4); err != nil {
		fmt.Println(err)
	} else {
		fmt.Printf("3 * 4 = %d\n", product)
	}
	_, err = stub.Sum(math.MaxInt32, 1)
	fmt.Println(err)
	// Output:
	// 3 + 4 = 7
	// 3 * 4 = 12
	// 2147483647 + 1 overflows int32
}
