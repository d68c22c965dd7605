package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// protoFiles are the .proto files whose generated code is committed (not
// lesson 02's: the learner generates it). Go's protoc runs with -I at their
// "proto" folder, and puts the code where go_package ("grpcworkshop/DIR") says.
var protoFiles = []string{
	"proto/aggfunc.proto",
	"proto/hello/v1/hello.proto",
	"proto/hello/v2/hello.proto",
	"solutions/02-protobuf/proto/aggfunc.proto",
}

// pythonOut holds the one copy of the Python modules of proto/, made with -I
// at the root, so they import as "from proto import aggfunc_pb2"; the venv
// has it on its path (python-client/install_path.py), no PYTHONPATH needed.
const pythonOut = "python-client"

// generatedPatterns are the names of generated files, for finding the ones
// no .proto makes any more.
var generatedPatterns = []string{"*.pb.go", "*_pb2.py", "*_pb2.pyi", "*_pb2_grpc.py"}

// cmdGenerate regenerates every generated file with the pinned protoc
// (grpcio-tools) and Go plugins (tools/go.mod), byte-identical anywhere.
// With -check it generates into a temporary folder and reports what differs.
func cmdGenerate(w io.Writer, c *Course, args []string) error {
	check := len(args) == 1 && args[0] == "-check"
	if len(args) > 0 && !check {
		return errors.New("usage: go tool workshop generate [-check]")
	}
	python, err := ensureVenv(c.Root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "workshop-generate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	plugins := filepath.Join(tmp, "plugins") + string(filepath.Separator)
	if out, err := runQuiet(c.Root, "go", "build", "-o", plugins,
		"google.golang.org/protobuf/cmd/protoc-gen-go", "google.golang.org/grpc/cmd/protoc-gen-go-grpc",
		"grpcworkshop/tools/interopstubs"); err != nil {
		return fmt.Errorf("cannot build the protoc plugins:\n%s", out)
	}
	// The interop suite's grpc.testing has no .proto here: tools/interopstubs
	// writes its descriptors from grpc-go's registry, for the Python stubs.
	interopSet := filepath.Join(tmp, "grpc_testing.binpb")
	if out, err := runQuiet(c.Root, plugins+exeName("interopstubs"), "-o", interopSet); err != nil {
		return fmt.Errorf("cannot write the interop descriptors:\n%s", out)
	}
	outRoot := c.Root
	if check {
		outRoot = filepath.Join(tmp, "out")
	}
	pyOut := filepath.Join(outRoot, pythonOut)
	if err := os.MkdirAll(pyOut, 0o755); err != nil {
		return err
	}
	// Each run is its -I, then protoc's arguments: one run for the Python
	// modules of the files under proto/, and one Go run per file.
	runs := [][]string{{".", "--python_out=" + pyOut, "--pyi_out=" + pyOut, "--grpc_python_out=" + pyOut}}
	for _, f := range protoFiles {
		include, name, _ := strings.Cut(f, "proto/")
		runs = append(runs, []string{include + "proto", "--go_out=" + outRoot, "--go_opt=module=grpcworkshop",
			"--plugin=protoc-gen-go=" + plugins + exeName("protoc-gen-go"), "--go-grpc_out=" + outRoot,
			"--plugin=protoc-gen-go-grpc=" + plugins + exeName("protoc-gen-go-grpc"), "--go-grpc_opt=module=grpcworkshop", name})
		if include == "" {
			runs[0] = append(runs[0], f)
		}
	}
	runs = append(runs, []string{".", "--descriptor_set_in=" + interopSet, "--python_out=" + pyOut, "--pyi_out=" + pyOut,
		"--grpc_python_out=" + pyOut, "proto/grpc/testing/empty.proto", "proto/grpc/testing/messages.proto",
		"proto/grpc/testing/test.proto"})
	for _, r := range runs {
		args := append([]string{"-m", "grpc_tools.protoc", "-I", filepath.Join(c.Root, r[0])}, r[1:]...)
		if out, err := runQuiet(c.Root, python, args...); err != nil {
			return fmt.Errorf("protoc failed on %s:\n%s", r[len(r)-1], indent(out, "  "))
		}
	}
	if !check {
		fmt.Fprintln(w, "generate: all generated code is up to date with proto files.")
		return nil
	}
	stale, err := compareGenerated(c.Root, outRoot)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		fmt.Fprintln(w, "generate -check: these generated files are stale:")
		for _, s := range stale {
			fmt.Fprintln(w, "  "+s)
		}
		fmt.Fprintln(w, "Run `go tool task generate` and commit the result.")
		return exitError(1)
	}
	fmt.Fprintln(w, "generate -check: generated code is fresh.")
	return nil
}

// compareGenerated compares fresh with the repository both ways: in a top
// folder that gets generated code, a generated file no .proto makes is stale.
func compareGenerated(root, fresh string) ([]string, error) {
	want, err := filesMatching(fresh, generatedPatterns...)
	if err != nil {
		return nil, err
	}
	var stale, tops []string
	for _, f := range want {
		if top, _, _ := strings.Cut(f, "/"); !slices.Contains(tops, top) {
			tops = append(tops, top)
		}
		a, _ := os.ReadFile(filepath.Join(fresh, f))
		b, err := os.ReadFile(filepath.Join(root, f))
		switch {
		case err != nil:
			stale = append(stale, f+" (missing)")
		case !bytes.Equal(a, b):
			stale = append(stale, f+" (differs)")
		}
	}
	for _, top := range tops {
		have, err := filesMatching(filepath.Join(root, top), generatedPatterns...)
		if err != nil {
			return nil, err
		}
		for _, f := range have {
			if !slices.Contains(want, top+"/"+f) {
				stale = append(stale, top+"/"+f+" (no longer generated; delete it)")
			}
		}
	}
	return stale, nil
}
