package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A genTarget is one protoc run. All runs use the protoc bundled with the
// pinned grpcio-tools (python-client/requirements.txt) and the Go plugins
// pinned in tools/go.mod, so that regeneration is byte-identical anywhere.
type genTarget struct {
	importPath string   // protoc -I, relative to the repository root
	files      []string // .proto files, relative to importPath
	goOut      string   // where Go code goes; "" for none
	goOpt      string   // the --go_opt and --go-grpc_opt value
	pyOut      string   // where Python code goes; "" for none
	// generated lists the patterns of files this target owns under each
	// output folder, so that -check also finds files it no longer makes.
	generated []string
}

var genTargets = []genTarget{
	{
		importPath: "proto",
		files:      []string{"aggfunc.proto", "hello/v1/hello.proto"},
		goOut:      "proto",
		goOpt:      "module=grpcworkshop/proto",
		generated:  []string{"*.pb.go"},
	},
	{
		importPath: "solutions/02-protobuf/proto",
		files:      []string{"aggfunc.proto"},
		goOut:      "solutions/02-protobuf/agg",
		goOpt:      "paths=source_relative",
		generated:  []string{"*.pb.go"},
	},
	// Python: -I is the repository root, so each .proto's path starts with
	// its folder, "proto/". protoc turns that path into the Python package:
	// the stubs land in <pyOut>/proto/ and the generated _pb2_grpc.py
	// imports its _pb2 as "from proto import aggfunc_pb2" (and "from
	// proto.hello.v1 import hello_pb2"), never as a bare top-level module.
	// That is what lets a script next to proto/ import them from any
	// working directory, with no PYTHONPATH. Each Python folder gets its
	// own copy, because each runs on its own.
	{
		importPath: ".",
		files:      []string{"proto/aggfunc.proto", "proto/hello/v1/hello.proto"},
		pyOut:      "python-client",
		generated:  []string{"*_pb2.py", "*_pb2.pyi", "*_pb2_grpc.py"},
	},
	{
		importPath: ".",
		files:      []string{"proto/aggfunc.proto", "proto/hello/v1/hello.proto"},
		pyOut:      "lessons/05-python-client",
		generated:  []string{"*_pb2.py", "*_pb2.pyi", "*_pb2_grpc.py"},
	},
	{
		importPath: ".",
		files:      []string{"proto/aggfunc.proto", "proto/hello/v1/hello.proto"},
		pyOut:      "solutions/05-python-client",
		generated:  []string{"*_pb2.py", "*_pb2.pyi", "*_pb2_grpc.py"},
	},
}

// cmdGenerate regenerates every generated file. With -check it generates
// into a temporary folder instead and reports files that differ, so CI can
// fail when someone edits a .proto without regenerating.
func cmdGenerate(c *Course, args []string) error {
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
	plugins := filepath.Join(tmp, "plugins")
	if out, err := runQuiet(c.Root, "go", "build", "-o", plugins+string(filepath.Separator),
		"google.golang.org/protobuf/cmd/protoc-gen-go", "google.golang.org/grpc/cmd/protoc-gen-go-grpc"); err != nil {
		return fmt.Errorf("cannot build the protoc plugins:\n%s", out)
	}
	outRoot := c.Root
	if check {
		outRoot = filepath.Join(tmp, "out")
	}
	for _, t := range genTargets {
		args := []string{"-m", "grpc_tools.protoc", "-I", filepath.Join(c.Root, t.importPath)}
		if t.goOut != "" {
			dir := filepath.Join(outRoot, t.goOut)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			args = append(args,
				"--plugin=protoc-gen-go="+exe(filepath.Join(plugins, "protoc-gen-go")),
				"--plugin=protoc-gen-go-grpc="+exe(filepath.Join(plugins, "protoc-gen-go-grpc")),
				"--go_out="+dir, "--go_opt="+t.goOpt,
				"--go-grpc_out="+dir, "--go-grpc_opt="+t.goOpt)
		}
		if t.pyOut != "" {
			dir := filepath.Join(outRoot, t.pyOut)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			args = append(args, "--python_out="+dir, "--pyi_out="+dir, "--grpc_python_out="+dir)
		}
		args = append(args, t.files...)
		if out, err := runQuiet(c.Root, python, args...); err != nil {
			return fmt.Errorf("protoc failed on %s:\n%s", t.importPath, indent(out, "  "))
		}
	}
	if !check {
		fmt.Println("generate: all generated code is up to date with proto files.")
		return nil
	}
	stale, err := compareGenerated(c.Root, outRoot)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		fmt.Println("generate -check: these generated files are stale:")
		for _, s := range stale {
			fmt.Println("  " + s)
		}
		fmt.Println("Run `go tool task generate` and commit the result.")
		return exitError(1)
	}
	fmt.Println("generate -check: generated code is fresh.")
	return nil
}

// compareGenerated compares what was generated into fresh with what the
// repository holds, both ways.
func compareGenerated(root, fresh string) ([]string, error) {
	var stale []string
	for _, t := range genTargets {
		for _, out := range []string{t.goOut, t.pyOut} {
			if out == "" {
				continue
			}
			patterns := t.generated
			want, err := filesMatching(filepath.Join(fresh, out), patterns...)
			if err != nil {
				return nil, err
			}
			have, err := filesMatching(filepath.Join(root, out), patterns...)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
			seen := map[string]bool{}
			for _, f := range want {
				seen[f] = true
				a, _ := os.ReadFile(filepath.Join(fresh, out, f))
				b, err := os.ReadFile(filepath.Join(root, out, f))
				switch {
				case err != nil:
					stale = append(stale, out+"/"+f+" (missing)")
				case !bytes.Equal(a, b):
					stale = append(stale, out+"/"+f+" (differs)")
				}
			}
			for _, f := range have {
				if !seen[f] {
					stale = append(stale, out+"/"+f+" (no longer generated; delete it)")
				}
			}
		}
	}
	return stale, nil
}

// exe adds ".exe" on Windows, where go build names binaries that way.
func exe(path string) string {
	if strings.HasSuffix(os.Getenv("GOEXE"), ".exe") || filepath.Separator == '\\' {
		return path + ".exe"
	}
	return path
}
