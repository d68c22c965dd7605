package calc

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestTrace(t *testing.T) {
	if _, err := Trace(new(bytes.Buffer), "sum", 3, 4); err != nil && strings.Contains(err.Error(), "TODO") {
		t.Fatalf("Trace(\"sum\", 3, 4) error = %q, want 7: Trace is done for you, on top of your Calculator and stub (see TODO(step 1) in calc.go and TODO(step 2) in stub.go)", err)
	}
	tests := []struct {
		op   string
		a, b int32
		want int32
	}{
		{op: "sum", a: 3, b: 4, want: 7},
		{op: "multiply", a: 3, b: 4, want: 12},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			var out bytes.Buffer
			got, err := Trace(&out, tt.op, tt.a, tt.b)
			trace := out.String()
			if err != nil || got != tt.want {
				t.Fatalf("Trace(%q, %d, %d) = %d, %v; want %d, <nil> (see TODO(step 1) in calc.go and TODO(step 2) in stub.go)\nthe trace so far:\n%s", tt.op, tt.a, tt.b, got, err, tt.want, trace)
			}

			// Each line of a step starts with "step N"; N must go 1, 2, ... 8.
			var steps []int
			for _, m := range regexp.MustCompile(`(?m)^step (\d) `).FindAllStringSubmatch(trace, -1) {
				n, _ := strconv.Atoi(m[1])
				steps = append(steps, n)
			}
			if !slices.IsSorted(steps) || !slices.Equal(slices.Compact(slices.Clone(steps)), []int{1, 2, 3, 4, 5, 6, 7, 8}) {
				t.Errorf("the trace shows steps %v, want each of 1 to 8, in order\n%s", steps, trace)
			}

			// The request and the reply cross the connection: two hex dumps.
			dumps := regexp.MustCompile(`(?m)^\s+00000000  ([0-9a-f]{2} )+`).FindAllString(trace, -1)
			if len(dumps) != 2 {
				t.Errorf("the trace shows %d hex dumps, want 2: the request and the reply\n%s", len(dumps), trace)
			}

			// The result is in the reply the client unmarshals.
			if want := fmt.Sprintf("the stub unmarshals the result {Value:%d}", tt.want); !bytes.Contains(out.Bytes(), []byte(want)) {
				t.Errorf("the trace does not say %q\n%s", want, trace)
			}
		})
	}

	t.Run("unknown operation", func(t *testing.T) {
		if _, err := Trace(new(bytes.Buffer), "divide", 3, 4); err == nil {
			t.Error(`Trace("divide", 3, 4) error = <nil>, want an error: there is no Calculator.Divide`)
		}
	})
}

// ExampleTrace is the trace that `go run ./cmd/rpcclient -trace sum 3 4`
// prints.
func ExampleTrace() {
	sum, err := Trace(os.Stdout, "sum", 3, 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("3 + 4 = %d\n", sum)
	// Output:
	// step 1  client  the program calls the stub: Sum(3, 4)
	// step 2  client  the stub marshals request #0 with gob: Calculator.Sum {Value1:3 Value2:4}
	// step 3  client  the OS sends 116 bytes to the server:
	//                 00000000  2e 7f 03 01 01 07 52 65  71 75 65 73 74 01 ff 80  |......Request...|
	//                 00000010  00 01 02 01 0d 53 65 72  76 69 63 65 4d 65 74 68  |.....ServiceMeth|
	//                 00000020  6f 64 01 0c 00 01 03 53  65 71 01 06 00 00 00 13  |od.....Seq......|
	//                 00000030  ff 80 01 0e 43 61 6c 63  75 6c 61 74 6f 72 2e 53  |....Calculator.S|
	//                 00000040  75 6d 00 28 ff 81 03 01  01 04 41 72 67 73 01 ff  |um.(......Args..|
	//                 00000050  82 00 01 02 01 06 56 61  6c 75 65 31 01 04 00 01  |......Value1....|
	//                 00000060  06 56 61 6c 75 65 32 01  04 00 00 00 07 ff 82 01  |.Value2.........|
	//                 00000070  06 01 08 00                                       |....|
	// step 4  server  the OS hands 116 bytes from the client to the server stub
	// step 5  server  the stub unmarshals request #0: Calculator.Sum
	// step 5  server  the stub unmarshals the args {Value1:3 Value2:4} and calls the method
	// step 6  server  Calculator.Sum returned {Value:7}; the stub marshals it with gob
	// step 6  server  the OS sends 115 bytes to the client:
	//                 00000000  3a ff 83 03 01 01 08 52  65 73 70 6f 6e 73 65 01  |:......Response.|
	//                 00000010  ff 84 00 01 03 01 0d 53  65 72 76 69 63 65 4d 65  |.......ServiceMe|
	//                 00000020  74 68 6f 64 01 0c 00 01  03 53 65 71 01 06 00 01  |thod.....Seq....|
	//                 00000030  05 45 72 72 6f 72 01 0c  00 00 00 13 ff 84 01 0e  |.Error..........|
	//                 00000040  43 61 6c 63 75 6c 61 74  6f 72 2e 53 75 6d 00 1d  |Calculator.Sum..|
	//                 00000050  ff 85 03 01 01 05 52 65  70 6c 79 01 ff 86 00 01  |......Reply.....|
	//                 00000060  01 01 05 56 61 6c 75 65  01 04 00 00 00 05 ff 86  |...Value........|
	//                 00000070  01 0e 00                                          |...|
	// step 7  client  the OS hands 115 bytes from the server to the client stub
	// step 8  client  the stub unmarshals the reply to request #0: no error
	// step 8  client  the stub unmarshals the result {Value:7}
	// step 8  client  the stub returns 7 to the program
	// 3 + 4 = 7
}

// ExampleArgs_gob shows the gob bytes of Args{3, 4}, the args of the call in
// the trace. Lesson 02 sets protobuf's bytes for the same message beside
// them.
func ExampleArgs_gob() {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	args := Args{3, 4}
	if err := enc.Encode(args); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("the first Args on a stream: %d bytes, a description of the type, then the value\n", buf.Len())
	buf.Reset()
	if err := enc.Encode(args); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("every Args after that: %d bytes: % x\n", buf.Len(), buf.Bytes())
	// Output:
	// the first Args on a stream: 49 bytes, a description of the type, then the value
	// every Args after that: 8 bytes: 07 ff 82 01 06 01 08 00
}
