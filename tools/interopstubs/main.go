// Command interopstubs writes the descriptors of grpc.testing.TestService,
// the service of gRPC's interop suite, as a FileDescriptorSet, for `go tool
// task generate` (tools/workshop/generate.go) to make the Python stubs from
// with protoc --descriptor_set_in. The descriptors are the ones compiled into
// grpc-go (google.golang.org/grpc/interop/grpc_testing), at the grpc version
// the workspace builds with, read from Go's registry (protoregistry) and
// turned back into FileDescriptorProtos (protodesc): no .proto file is
// copied into the repository.
//
//	go run ./tools/interopstubs -o FILE
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
	"flag"
	"fmt"
	"os"
	"strings"

	_ "google.golang.org/grpc/interop/grpc_testing" // registers the descriptors read below
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

var setOut = flag.String("o", "", "the file to write the FileDescriptorSet to (for protoc --descriptor_set_in)")

const (
	// root is the file whose descriptors are written, with every file it
	// imports.
	root = "grpc/testing/test.proto"
	// fromDir and toDir: a file's path in grpc-go, and in the stubs.
	fromDir = "grpc/testing/"
	toDir   = "proto/grpc/testing/"
)

func main() {
	flag.Parse()
	if *setOut == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: interopstubs -o FILE (go tool task generate runs it)")
		os.Exit(2)
	}
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
	return os.WriteFile(*setOut, b, 0o644)
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
