package main

import (
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// A check is one tool that doctor looks for.
type check struct {
	name     string
	cmd      []string // prints the version
	required bool     // the workshop cannot run without it
	why      string
	install  [3]string // Linux, macOS, Windows
}

var checks = []check{
	{
		name: "go", cmd: []string{"go", "version"}, required: true,
		why: "it builds and tests every Go lesson; 1.26 or newer",
		install: [3]string{
			"download from https://go.dev/dl/ (or your distribution's golang package, if it is 1.26+)",
			"brew install go",
			"winget install GoLang.Go",
		},
	},
	{
		name: "python3", cmd: []string{"python3", "--version"}, required: true,
		why: "the Python client and code generation need it; 3.10 or newer, with venv",
		install: [3]string{
			"sudo apt install python3 python3-venv   (Fedora: sudo dnf install python3)",
			"brew install python",
			"winget install Python.Python.3.12   (then use `py -3`)",
		},
	},
	{
		name: "git", cmd: []string{"git", "--version"},
		why:     "go tool task reset-N keeps your version in git stash",
		install: [3]string{"sudo apt install git", "xcode-select --install", "winget install Git.Git"},
	},
	{
		name: "protoc", cmd: []string{"protoc", "--version"},
		why: "only lesson 02's first path uses it; nothing else needs protoc",
		install: [3]string{
			"sudo apt install protobuf-compiler",
			"brew install protobuf",
			"winget install protobuf   (or unzip protoc-*-win64.zip from the protobuf releases and add its bin to PATH)",
		},
	},
	{
		name: "protoc-gen-go", cmd: []string{"protoc-gen-go", "--version"},
		why: "only lesson 02's first path uses it, with protoc",
		install: [3]string{
			"go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12, and put $(go env GOPATH)/bin on PATH",
			"the same as Linux",
			"go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12 (it lands in %USERPROFILE%\\go\\bin; add that to PATH)",
		},
	},
	{
		name: "protoc-gen-go-grpc", cmd: []string{"protoc-gen-go-grpc", "--version"},
		why: "only lesson 02's first path uses it, with protoc",
		install: [3]string{
			"go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2, and put $(go env GOPATH)/bin on PATH",
			"the same as Linux",
			"go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2 (add %USERPROFILE%\\go\\bin to PATH)",
		},
	},
	{
		name: "grpcurl", cmd: []string{"grpcurl", "-version"},
		why: "not needed: the workshop runs its pinned copy as `go tool grpcurl`",
		install: [3]string{
			"nothing to install: use go tool grpcurl",
			"nothing to install: use go tool grpcurl (or brew install grpcurl)",
			"nothing to install: use go tool grpcurl",
		},
	},
	{
		name: "task", cmd: []string{"task", "--version"},
		why: "not needed: the workshop runs its pinned copy as `go tool task`",
		install: [3]string{
			"go install github.com/go-task/task/v3/cmd/task@v3.54.0 (then `task` works in place of `go tool task`)",
			"brew install go-task   (or the go install line)",
			"winget install Task.Task   (or the go install line)",
		},
	},
}

// cmdDoctor checks the tools the workshop uses and says how to install each
// missing one on Linux, macOS and Windows.
func cmdDoctor(w io.Writer, c *Course) error {
	missingRequired := 0
	for _, ch := range checks {
		version, err := toolVersion(ch)
		if err == nil {
			fmt.Fprintf(w, "ok       %-19s %s\n", ch.name, version)
			continue
		}
		label := "optional"
		if ch.required {
			label = "MISSING"
			missingRequired++
		}
		fmt.Fprintf(w, "%-8s %-19s not found (%s)\n", label, ch.name, ch.why)
		fmt.Fprintf(w, "         Linux:   %s\n         macOS:   %s\n         Windows: %s\n", ch.install[0], ch.install[1], ch.install[2])
	}
	if _, err := exec.LookPath(venvPython(c.Root)); err != nil {
		fmt.Fprintf(w, "note     %-19s not created yet; the commands that need it create it (or run go tool task venv)\n", ".venv")
	} else {
		fmt.Fprintf(w, "ok       %-19s .venv has the pinned packages of %s\n", ".venv", requirementsFile)
	}
	fmt.Fprintln(w, "ok       go tool task        pinned in tools/go.mod; the first run compiles it once")
	fmt.Fprintln(w, "ok       go tool grpcurl     pinned in tools/go.mod; the first run compiles it once")
	if missingRequired > 0 {
		fmt.Fprintf(w, "\ndoctor: %d required tool(s) missing; install them as shown above, then run go tool task doctor again.\n", missingRequired)
		return exitError(1)
	}
	fmt.Fprintln(w, "\ndoctor: everything the workshop needs is here.")
	return nil
}

func toolVersion(ch check) (string, error) {
	if _, err := exec.LookPath(ch.cmd[0]); err != nil {
		if ch.name == "python3" {
			if sys, err := systemPython(); err == nil {
				out, err := exec.Command(sys[0], append(sys[1:], "--version")...).CombinedOutput()
				return strings.TrimSpace(string(out)), err
			}
		}
		return "", err
	}
	out, err := exec.Command(ch.cmd[0], ch.cmd[1:]...).CombinedOutput()
	return firstLine(strings.TrimSpace(string(out))), err
}
