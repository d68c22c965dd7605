// Command interopstubs generates the Python stubs of grpc.testing.TestService,
// the service of gRPC's interop suite, from the descriptors compiled into
// grpc-go (google.golang.org/grpc/interop/grpc_testing), at the grpc version
// the workspace builds with. No .proto file is copied into the repository:
// the descriptors come from Go's registry (protoregistry), become a
// FileDescriptorSet (protodesc), and the pinned grpcio-tools reads that with
// protoc --descriptor_set_in.
//
// From the repository root, with the project's virtualenv made (go tool
// workshop venv):
//
//	go run ./tools/interopstubs          # write python-client/proto/grpc/testing/
//	go run ./tools/interopstubs -check   # exit 1 when the committed stubs are stale
//	go run ./tools/interopstubs -o FILE  # only write the FileDescriptorSet
//
// The files keep their package, grpc.testing, so every method keeps its name
// on the wire (/grpc.testing.TestService/EmptyCall); only their paths change,
// from grpc/testing/X.proto to proto/grpc/testing/X.proto. With the original
// paths the Python modules would be grpc.testing.X_pb2, inside grpcio's own
// package grpc, where Python would never find them; under proto/ they are
// proto.grpc.testing.X_pb2, beside the workshop's own stubs (proto.hello.v1),
// as if the .proto files sat in the repository's proto/ folder.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	_ "google.golang.org/grpc/interop/grpc_testing" // registers the descriptors read below
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

var (
	check  = flag.Bool("check", false, "generate into a temporary folder and exit 1 when the committed stubs differ")
	setOut = flag.String("o", "", "only write the FileDescriptorSet to this file (for protoc --descriptor_set_in)")
)

const (
	// root is the file whose descriptors are written, with every file it
	// imports.
	root = "grpc/testing/test.proto"
	// fromDir and toDir: a file's path in grpc-go, and in the stubs.
	fromDir = "grpc/testing/"
	toDir   = "proto/grpc/testing/"
	// pyOut is where protoc writes, relative to the repository root; the
	// stubs land in pyOut/toDir.
	pyOut = "python-client"
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "interopstubs:", err)
		os.Exit(1)
	}
}

func run() error {
	set, err := descriptorSet()
	if err != nil {
		return err
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(set)
	if err != nil {
		return err
	}
	if *setOut != "" {
		return os.WriteFile(*setOut, b, 0o644)
	}
	repo, err := repoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "interopstubs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	setFile := filepath.Join(tmp, "grpc_testing.binpb")
	if err := os.WriteFile(setFile, b, 0o644); err != nil {
		return err
	}
	out := filepath.Join(repo, pyOut)
	if *check {
		out = filepath.Join(tmp, "out")
		if err := os.Mkdir(out, 0o755); err != nil {
			return err
		}
	} else if err := removeStubs(filepath.Join(out, toDir)); err != nil {
		return err
	}
	args := []string{"-m", "grpc_tools.protoc", "--descriptor_set_in=" + setFile,
		"--python_out=" + out, "--pyi_out=" + out, "--grpc_python_out=" + out}
	for _, f := range set.GetFile() {
		args = append(args, f.GetName())
	}
	python, err := venvPython(repo)
	if err != nil {
		return err
	}
	cmd := exec.Command(python, args...)
	cmd.Dir = tmp
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("protoc failed: %w\n%s", err, b)
	}
	if !*check {
		fmt.Println("interopstubs: wrote", filepath.ToSlash(filepath.Join(pyOut, toDir)))
		return nil
	}
	stale, err := compare(filepath.Join(out, toDir), filepath.Join(repo, pyOut, toDir))
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		return fmt.Errorf("the stubs in %s are stale: %s; run `go run ./tools/interopstubs` and commit them",
			filepath.ToSlash(filepath.Join(pyOut, toDir)), strings.Join(stale, ", "))
	}
	fmt.Println("interopstubs -check: the interop stubs are fresh")
	return nil
}

// descriptorSet returns root and the files it imports, each after the files
// it imports (the order protoc wants), renamed from fromDir to toDir.
func descriptorSet() (*descriptorpb.FileDescriptorSet, error) {
	fd, err := protoregistry.GlobalFiles.FindFileByPath(root)
	if err != nil {
		return nil, fmt.Errorf("%s is not in grpc-go's registry: %w", root, err)
	}
	set := &descriptorpb.FileDescriptorSet{}
	seen := map[string]bool{}
	var add func(protoreflect.FileDescriptor) error
	add = func(fd protoreflect.FileDescriptor) error {
		if seen[fd.Path()] {
			return nil
		}
		seen[fd.Path()] = true
		for i := range fd.Imports().Len() {
			if err := add(fd.Imports().Get(i).FileDescriptor); err != nil {
				return err
			}
		}
		fdp := protodesc.ToFileDescriptorProto(fd)
		name, err := rename(fdp.GetName())
		if err != nil {
			return err
		}
		fdp.Name = proto.String(name)
		for i, dep := range fdp.Dependency {
			if fdp.Dependency[i], err = rename(dep); err != nil {
				return err
			}
		}
		set.File = append(set.File, fdp)
		return nil
	}
	return set, add(fd)
}

// rename maps a path of grpc-go's fromDir to toDir. A file anywhere else would
// keep a path that may clash with another package's: it is refused, so a new
// import in a later grpc-go is noticed here rather than at import time.
func rename(path string) (string, error) {
	rest, ok := strings.CutPrefix(path, fromDir)
	if !ok {
		return "", fmt.Errorf("%s imports %s, outside %s: teach interopstubs where its stubs go", root, path, fromDir)
	}
	return toDir + rest, nil
}

// repoRoot is the nearest folder at or above the working directory with
// lessons.json.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "lessons.json")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run this inside the workshop repository (no lessons.json above the working directory)")
		}
		dir = parent
	}
}

// venvPython is the project virtualenv's Python, which has the pinned
// grpcio-tools.
func venvPython(repo string) (string, error) {
	p := filepath.Join(repo, ".venv", "bin", "python")
	if runtime.GOOS == "windows" {
		p = filepath.Join(repo, ".venv", "Scripts", "python.exe")
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no virtualenv at %s: run `go tool workshop venv` first", filepath.Join(repo, ".venv"))
	}
	return p, nil
}

// isStub tells generated files from the rest of the folder (README, tests).
func isStub(name string) bool {
	return strings.HasSuffix(name, "_pb2.py") || strings.HasSuffix(name, "_pb2.pyi") || strings.HasSuffix(name, "_pb2_grpc.py")
}

// stubs lists the generated files in dir.
func stubs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && isStub(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// removeStubs deletes the generated files in dir, so a file grpc-go no
// longer has does not stay behind.
func removeStubs(dir string) error {
	names, err := stubs(dir)
	for _, n := range names {
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			return err
		}
	}
	return err
}

// compare names each stub that differs between the fresh folder and the
// committed one, is missing, or is no longer generated.
func compare(fresh, committed string) ([]string, error) {
	want, err := stubs(fresh)
	if err != nil {
		return nil, err
	}
	have, err := stubs(committed)
	if err != nil {
		return nil, err
	}
	var stale []string
	for _, n := range want {
		a, _ := os.ReadFile(filepath.Join(fresh, n))
		b, err := os.ReadFile(filepath.Join(committed, n))
		switch {
		case err != nil:
			stale = append(stale, n+" (missing)")
		case !bytes.Equal(a, b):
			stale = append(stale, n+" (differs)")
		}
	}
	for _, n := range have {
		if !slices.Contains(want, n) {
			stale = append(stale, n+" (no longer generated; delete it)")
		}
	}
	return stale, nil
}
