package agg

// These tests look at the generated code from the outside, through the
// protobuf registry, instead of naming the generated Go types. That way they
// compile before anything is generated: in the starter, package agg holds only
// doc.go, and the tests fail with a message that says what to do next.
//
// Every message, service and field that the generated aggfunc.pb.go declares
// is registered in protoregistry.GlobalFiles when the package loads, so the
// registry knows the .proto file as protoc compiled it. dynamicpb builds
// messages from those descriptors, and proto.Marshal encodes them exactly as
// it would encode the generated Go structs.

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/rpc"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// The full names that the post's aggfunc.proto declares.
const (
	serviceName protoreflect.FullName = "proto.gRPCRouteFuncs"
	inputName   protoreflect.FullName = "proto.InputArgsOfBinaryFunc"
	outputName  protoreflect.FullName = "proto.ReturnValue"
)

// grpcFile is the file protoc-gen-go-grpc writes, relative to this package.
const grpcFile = "aggfunc_grpc.pb.go"

// howToGenerate ends every failure that generating (again) would fix.
const howToGenerate = `TODO: finish the TODOs in proto/aggfunc.proto, then generate the Go code into agg/:
    Go only, from the repository root:
        go tool task generate-lesson-2
    with protoc installed, from lessons/02-protobuf:
        protoc -I proto --go_out=agg --go_opt=paths=source_relative --go-grpc_out=agg --go-grpc_opt=paths=source_relative aggfunc.proto
    (lessons/02-protobuf/README.md explains both)`

// findDescriptor returns the registered descriptor called name, or stops the
// test with instructions when generated code does not declare it, or is
// stale (checkFresh).
func findDescriptor[D protoreflect.Descriptor](t *testing.T, name protoreflect.FullName) D {
	t.Helper()
	checkFresh(t)
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if errors.Is(err, protoregistry.NotFound) {
		t.Fatalf("no descriptor named %s is registered: package agg holds no generated code that declares it.\n%s", name, howToGenerate)
	}
	if err != nil {
		t.Fatalf("looking up %s: %v\n%s", name, err, howToGenerate)
	}
	got, ok := d.(D)
	if !ok {
		t.Fatalf("%s is declared as a %T, which is the wrong kind: compare it with the TODOs in proto/aggfunc.proto", name, d)
	}
	return got
}

// Where proto/aggfunc.proto asks for each field, for failure messages.
const (
	todoValue1 = "the starter's proto/aggfunc.proto declares it"
	todoValue2 = "TODO(2) in proto/aggfunc.proto"
	todoValue  = "TODO(3) in proto/aggfunc.proto"
)

// findField returns the field called name of md, or stops the test with
// instructions that point at the TODO which adds it.
func findField(t *testing.T, md protoreflect.MessageDescriptor, name protoreflect.Name, todo string) protoreflect.FieldDescriptor {
	t.Helper()
	fd := md.Fields().ByName(name)
	if fd == nil {
		t.Fatalf("message %s has no field %s: add it as %s says.\n%s", md.FullName(), name, todo, howToGenerate)
	}
	return fd
}

func TestService(t *testing.T) {
	sd := findDescriptor[protoreflect.ServiceDescriptor](t, serviceName)

	file := sd.ParentFile()
	if got := file.Syntax(); got != protoreflect.Proto3 {
		t.Errorf("%s uses syntax %v, want proto3 (see the TODOs in proto/aggfunc.proto)", file.Path(), got)
	}
	if got := file.Package(); got != "proto" {
		t.Errorf("%s declares package %q, want %q: the package is part of every method's wire name (see the TODOs in proto/aggfunc.proto)", file.Path(), got, "proto")
	}

	tests := []struct {
		method protoreflect.Name
		todo   string
	}{
		{method: "sum", todo: "the starter's proto/aggfunc.proto declares it, so put it back"},
		{method: "multiply", todo: "TODO(1) in proto/aggfunc.proto asks you to declare it"},
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			md := sd.Methods().ByName(tt.method)
			if md == nil {
				t.Fatalf("service %s has no rpc %s: %s.\n%s", serviceName, tt.method, tt.todo, howToGenerate)
			}
			if got := md.Input().FullName(); got != inputName {
				t.Errorf("rpc %s takes %s, want %s (see the TODOs in proto/aggfunc.proto)", tt.method, got, inputName)
			}
			if got := md.Output().FullName(); got != outputName {
				t.Errorf("rpc %s returns %s, want %s (see the TODOs in proto/aggfunc.proto)", tt.method, got, outputName)
			}
			if md.IsStreamingClient() || md.IsStreamingServer() {
				t.Errorf("rpc %s streams, want a unary rpc: drop the word stream (see the TODOs in proto/aggfunc.proto)", tt.method)
			}
		})
	}
}

func TestMessageFields(t *testing.T) {
	// Stop once, not once per field, when nothing is generated yet.
	findDescriptor[protoreflect.MessageDescriptor](t, inputName)

	tests := []struct {
		message protoreflect.FullName
		field   protoreflect.Name
		number  protoreflect.FieldNumber
		todo    string
	}{
		{message: inputName, field: "value1", number: 1, todo: todoValue1},
		{message: inputName, field: "value2", number: 2, todo: todoValue2},
		{message: outputName, field: "value", number: 1, todo: todoValue},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s.%s", tt.message.Name(), tt.field), func(t *testing.T) {
			md := findDescriptor[protoreflect.MessageDescriptor](t, tt.message)
			fd := findField(t, md, tt.field, tt.todo)
			if got := fd.Number(); got != tt.number {
				t.Errorf("%s has field number %d, want %d: the number is the field's tag on the wire (see %s)", fd.FullName(), got, tt.number, tt.todo)
			}
			if got := fd.Kind(); got != protoreflect.Int32Kind {
				t.Errorf("%s has type %v, want int32 (see %s)", fd.FullName(), got, tt.todo)
			}
			if fd.Cardinality() == protoreflect.Repeated {
				t.Errorf("%s is repeated, want a single value (see %s)", fd.FullName(), tt.todo)
			}
		})
	}
}

func TestGeneratedStubs(t *testing.T) {
	checkFresh(t)
	src, err := os.ReadFile(grpcFile)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("agg/%s does not exist: protoc-gen-go-grpc writes it, from the service in proto/aggfunc.proto (protoc-gen-go alone writes only aggfunc.pb.go).\n%s", grpcFile, howToGenerate)
	}
	if err != nil {
		t.Fatalf("reading agg/%s: %v", grpcFile, err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), grpcFile, src, 0)
	if err != nil {
		t.Fatalf("parsing agg/%s: %v\n%s", grpcFile, err, howToGenerate)
	}

	// Collect what the file declares and every string constant in its code.
	// Comments are not code, so a method name that appears only in a comment
	// does not count.
	declared := map[string]bool{}
	strs := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv == nil {
				declared[n.Name.Name] = true
			}
		case *ast.TypeSpec:
			declared[n.Name.Name] = true
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); n.Kind == token.STRING && err == nil {
				strs[s] = true
			}
		}
		return true
	})

	// A client calls a method by its full name: "/" package "." service "/"
	// method, spelled exactly as in the .proto file.
	for _, tt := range []struct{ method, name, todo string }{
		{method: "sum", name: "/proto.gRPCRouteFuncs/sum", todo: "the rpc sum"},
		{method: "multiply", name: "/proto.gRPCRouteFuncs/multiply", todo: "the rpc multiply, TODO(1)"},
	} {
		t.Run(tt.method, func(t *testing.T) {
			if !strs[tt.name] {
				t.Errorf("agg/%s has no method named %q: declare %s in proto/aggfunc.proto.\n%s", grpcFile, tt.name, tt.todo, howToGenerate)
			}
		})
	}

	// What the stubs give each side of a call.
	for _, name := range []string{
		"GRPCRouteFuncsClient",         // the interface a caller uses
		"NewGRPCRouteFuncsClient",      // makes one from a connection
		"GRPCRouteFuncsServer",         // the interface a server implements
		"RegisterGRPCRouteFuncsServer", // hands an implementation to a grpc.Server
	} {
		t.Run(name, func(t *testing.T) {
			if !declared[name] {
				t.Errorf("agg/%s does not declare %s: the service in proto/aggfunc.proto should be called gRPCRouteFuncs.\n%s", grpcFile, name, howToGenerate)
			}
		})
	}
}

// Args is lesson 01's Args, InputArgsOfBinaryFunc as a plain Go struct, the
// way net/rpc sends arguments with encoding/gob. Same name, same fields: gob
// puts both on the wire.
type Args struct {
	Value1, Value2 int32
}

// gobArgs encodes Args{3, 4} twice on one gob stream, after the request
// header that net/rpc sends first, exactly as lesson 01's trace shows them.
// It returns the bytes of the first Args and of the second.
//
// gob numbers types in the order a process first encodes them, and the
// number travels in the bytes. Nothing else in this package uses gob, so
// rpc.Request gets 64 and Args 65, as in lesson 01.
func gobArgs() (first, later []byte, err error) {
	var stream bytes.Buffer
	enc := gob.NewEncoder(&stream)
	if err := enc.Encode(rpc.Request{ServiceMethod: "Calculator.Sum"}); err != nil {
		return nil, nil, err
	}
	stream.Reset()
	if err := enc.Encode(Args{3, 4}); err != nil {
		return nil, nil, err
	}
	first = bytes.Clone(stream.Bytes())
	stream.Reset()
	if err := enc.Encode(Args{3, 4}); err != nil {
		return nil, nil, err
	}
	return first, stream.Bytes(), nil
}

func TestWireBytes(t *testing.T) {
	md := findDescriptor[protoreflect.MessageDescriptor](t, inputName)
	value1 := findField(t, md, "value1", todoValue1)
	value2 := findField(t, md, "value2", todoValue2)

	msg := dynamicpb.NewMessage(md)
	msg.Set(value1, protoreflect.ValueOfInt32(3))
	msg.Set(value2, protoreflect.ValueOfInt32(4))
	got, err := proto.MarshalOptions{Deterministic: true}.Marshal(msg)
	if err != nil {
		t.Fatalf("marshaling %v: %v", msg, err)
	}
	gobFirst, gobLater, err := gobArgs()
	if err != nil {
		t.Fatalf("gob-encoding Args{3, 4}: %v", err)
	}

	t.Logf("value1 = 3, value2 = 4")
	t.Logf("  protobuf:                       %2d bytes: % x", len(got), got)
	t.Logf("  gob, the first Args on a conn:  %2d bytes: % x", len(gobFirst), gobFirst)
	t.Logf("  gob, every Args after that:     %2d bytes: % x", len(gobLater), gobLater)

	want := []byte{
		0x08, 0x03, // tag: field 1, wire type 0 (varint); value 3
		0x10, 0x04, // tag: field 2, wire type 0 (varint); value 4
	}
	if !bytes.Equal(got, want) {
		t.Errorf("InputArgsOfBinaryFunc{value1: 3, value2: 4} marshals to % x, want % x: check each field's number and type against the TODOs in proto/aggfunc.proto", got, want)
	}
}

// Example_gob counts the gob bytes of Args{3, 4} as lesson 01's net/rpc
// sends them, the numbers the README compares with protobuf's 4 bytes.
func Example_gob() {
	first, later, err := gobArgs()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("the first Args on a connection: %d bytes (%d describe the type, then the value)\n", len(first), len(first)-len(later))
	fmt.Printf("every Args after that:           %d bytes: % x\n", len(later), later)
	// Output:
	// the first Args on a connection: 49 bytes (41 describe the type, then the value)
	// every Args after that:           8 bytes: 07 ff 82 01 06 01 08 00
}

func TestUnknownFieldSurvives(t *testing.T) {
	md := findDescriptor[protoreflect.MessageDescriptor](t, inputName)
	value1 := findField(t, md, "value1", todoValue1)
	value2 := findField(t, md, "value2", todoValue2)
	if fd := md.Fields().ByNumber(3); fd != nil {
		t.Fatalf("%s uses field number 3 for %s, want it unused: InputArgsOfBinaryFunc has only value1 and value2 (see the TODOs in proto/aggfunc.proto)", md.FullName(), fd.Name())
	}

	// Bytes from a newer client whose .proto has a third field, number 3.
	// This program's .proto does not know it.
	in := []byte{
		0x08, 0x03, // field 1 (value1) = 3
		0x10, 0x04, // field 2 (value2) = 4
		0x18, 0x05, // field 3 (unknown here) = 5
	}
	msg := dynamicpb.NewMessage(md)
	if err := proto.Unmarshal(in, msg); err != nil {
		t.Fatalf("parsing % x: %v", in, err)
	}
	if got := msg.Get(value1).Int(); got != 3 {
		t.Errorf("after parsing % x, value1 = %d, want 3 (see the TODOs in proto/aggfunc.proto)", in, got)
	}
	if got := msg.Get(value2).Int(); got != 4 {
		t.Errorf("after parsing % x, value2 = %d, want 4: value2 needs field number 2 (TODO(2) in proto/aggfunc.proto)", in, got)
	}
	if got, want := []byte(msg.GetUnknown()), in[4:]; !bytes.Equal(got, want) {
		t.Errorf("after parsing % x, the unknown fields are % x, want % x (see the TODOs in proto/aggfunc.proto)", in, got, want)
	}

	out, err := proto.MarshalOptions{Deterministic: true}.Marshal(msg)
	if err != nil {
		t.Fatalf("marshaling %v: %v", msg, err)
	}
	if !bytes.Equal(out, in) {
		t.Errorf("parsing and marshaling again gives % x, want % x: the unknown field 3 should pass through untouched (see the TODOs in proto/aggfunc.proto)", out, in)
	}
}

// Example_wireFormat builds the protobuf encoding of
// InputArgsOfBinaryFunc{value1: 3, value2: 4} by hand, one field at a time.
// Each field is a tag, (field number << 3) | wire type, followed by the
// value; int32 uses wire type 0, a varint, which stores small numbers in one
// byte.
func Example_wireFormat() {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.VarintType) // (1 << 3) | 0 = 0x08
	b = protowire.AppendVarint(b, 3)
	b = protowire.AppendTag(b, 2, protowire.VarintType) // (2 << 3) | 0 = 0x10
	b = protowire.AppendVarint(b, 4)
	fmt.Printf("value1 = 3, value2 = 4: % x\n", b)

	// A varint keeps 7 bits per byte and sets the high bit while more bytes
	// follow, so 300 needs two bytes.
	fmt.Printf("value2 = 300:           % x\n", protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.VarintType), 300))
	// Output:
	// value1 = 3, value2 = 4: 08 03 10 04
	// value2 = 300:           10 ac 02
}

// TestGeneratedCodeMatchesProto compiles proto/aggfunc.proto as it is now,
// with protocompile (the compiler inside buf), and compares the result with
// the file that the generated aggfunc.pb.go registers. They differ when the
// .proto file changed after the last generate: the other tests read only
// the generated code, so they would pass against the old contract.
func TestGeneratedCodeMatchesProto(t *testing.T) {
	if _, err := protoregistry.GlobalFiles.FindFileByPath("aggfunc.proto"); err != nil {
		t.Fatalf("no generated code registers aggfunc.proto: package agg holds only doc.go.\n%s", howToGenerate)
	}
	checkFresh(t)
}

// checkFresh stops the test when the generated code registers an
// aggfunc.proto that differs from proto/aggfunc.proto as it is now, saying
// what differs and how to generate. Every test that reads the generated
// code calls it first (through findDescriptor), so a .proto changed without
// a generate is the first thing a learner hears about.
func checkFresh(t *testing.T) {
	t.Helper()
	const path = "aggfunc.proto" // its name under -I proto
	registered, err := protoregistry.GlobalFiles.FindFileByPath(path)
	if err != nil {
		return // nothing generated yet: the tests say how to generate
	}
	compiler := protocompile.Compiler{
		Resolver: &protocompile.SourceResolver{ImportPaths: []string{"../proto"}},
	}
	files, err := compiler.Compile(t.Context(), path)
	if err != nil {
		t.Fatalf("proto/aggfunc.proto does not compile: %v\nFix it, then generate again.\n%s", err, howToGenerate)
	}

	now, generated := describe(files[0]), describe(registered)
	var diffs []string
	for _, line := range now {
		if !slices.Contains(generated, line) {
			diffs = append(diffs, "in proto/aggfunc.proto, not in the generated code: "+line)
		}
	}
	for _, line := range generated {
		if !slices.Contains(now, line) {
			diffs = append(diffs, "in the generated code, not in proto/aggfunc.proto: "+line)
		}
	}
	if len(diffs) == 0 && !proto.Equal(plain(files[0]), plain(registered)) {
		diffs = append(diffs, "an option or a name differs")
	}
	if len(diffs) > 0 {
		t.Fatalf("agg/aggfunc.pb.go is stale: it was generated from an older proto/aggfunc.proto.\n    %s\nGenerate again, then test again:\n%s",
			strings.Join(diffs, "\n    "), strings.TrimPrefix(howToGenerate, "TODO: finish the TODOs in proto/aggfunc.proto, then generate the Go code into agg/:\n"))
	}
}

// describe lists what a .proto file declares, one line per rpc and field,
// in words a failure message can show.
func describe(fd protoreflect.FileDescriptor) []string {
	var lines []string
	for i := range fd.Services().Len() {
		sd := fd.Services().Get(i)
		for j := range sd.Methods().Len() {
			m := sd.Methods().Get(j)
			lines = append(lines, fmt.Sprintf("rpc %s.%s(%s) returns (%s)", sd.Name(), m.Name(), m.Input().Name(), m.Output().Name()))
		}
	}
	for i := range fd.Messages().Len() {
		md := fd.Messages().Get(i)
		for j := range md.Fields().Len() {
			f := md.Fields().Get(j)
			lines = append(lines, fmt.Sprintf("field %s %s.%s = %d", f.Kind(), md.Name(), f.Name(), f.Number()))
		}
	}
	return lines
}

// plain returns fd as a FileDescriptorProto without what the two compilers
// may fill in differently and what does not change the contract: comments
// and source positions, and the JSON names of fields.
func plain(fd protoreflect.FileDescriptor) *descriptorpb.FileDescriptorProto {
	p := protodesc.ToFileDescriptorProto(fd)
	p.SourceCodeInfo = nil
	for _, m := range p.GetMessageType() {
		for _, f := range m.GetField() {
			f.JsonName = nil
		}
	}
	return p
}
