package main

import (
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
)

// checks are the tools doctor looks for, one a line: the command that prints
// its version | "required" or "optional" | why | how to install it on Linux
// | macOS | Windows.
const checks = `go version | required | it builds and tests every Go lesson; 1.26 or newer | download from https://go.dev/dl/ (or your distribution's golang package, if it is 1.26+) | brew install go | winget install GoLang.Go
python3 --version | required | the Python client and code generation need it; 3.10 or newer, with venv | sudo apt install python3 python3-venv   (Fedora: sudo dnf install python3) | brew install python | winget install Python.Python.3.12   (then use py -3)
git --version | optional | go tool task reset-N keeps your version in git stash | sudo apt install git | xcode-select --install | winget install Git.Git
protoc --version | optional | only lesson 02's first path uses it; nothing else needs protoc | sudo apt install protobuf-compiler | brew install protobuf | winget install protobuf   (or unzip protoc-*-win64.zip from the protobuf releases and add its bin to PATH)
protoc-gen-go --version | optional | only lesson 02's first path uses it, with protoc | go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12, and put $(go env GOPATH)/bin on PATH | the same as Linux | go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12 (it lands in %USERPROFILE%\go\bin; add that to PATH)
protoc-gen-go-grpc --version | optional | only lesson 02's first path uses it, with protoc | go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2, and put $(go env GOPATH)/bin on PATH | the same as Linux | go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2 (add %USERPROFILE%\go\bin to PATH)`

// cmdDoctor checks the tools the workshop uses and says how to install each
// missing one on Linux, macOS and Windows.
func cmdDoctor(w io.Writer, c *Course, _ []string) error {
	missing := 0
	for _, line := range strings.Split(checks, "\n") {
		f := strings.Split(line, " | ")
		args := strings.Fields(f[0])
		if args[0] == "python3" && runtime.GOOS == "windows" {
			args = []string{"py", "-3", "--version"} // what the Taskfile's venv task uses
		}
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if err == nil {
			fmt.Fprintf(w, "ok       %-19s %s\n", args[0], firstLine(strings.TrimSpace(string(out))))
			continue
		}
		if f[1] == "required" {
			f[1] = "MISSING"
			missing++
		}
		fmt.Fprintf(w, "%-8s %-19s not found (%s)\n         Linux:   %s\n         macOS:   %s\n         Windows: %s\n", f[1], args[0], f[2], f[3], f[4], f[5])
	}
	venv := "ok       .venv               made from python-client/requirements.txt"
	if _, err := exec.LookPath(venvPython(c.Root)); err != nil {
		venv = "note     .venv               not made yet; the commands that need it make it (or run go tool task venv)"
	}
	fmt.Fprintf(w, "%s\nok       go tool task        pinned in tools/go.mod, nothing to install; the first run compiles it once\n", venv)
	fmt.Fprintln(w, "ok       go tool grpcurl     pinned in tools/go.mod, nothing to install; the first run compiles it once")
	if missing > 0 {
		fmt.Fprintf(w, "\ndoctor: %d required tool(s) missing; install them as shown above, then run go tool task doctor again.\n", missing)
		return exitError(1)
	}
	fmt.Fprintln(w, "\ndoctor: everything the workshop needs is here.")
	return nil
}
