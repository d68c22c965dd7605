package evolution

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBufAccepts runs buf breaking on breaking/accepted.proto, your copy of
// proto/hello/v2/hello.proto with one change: buf must accept it.
func TestBufAccepts(t *testing.T) {
	verdict := bufBreaking(t, "breaking/accepted.proto")
	if verdict != "" {
		t.Errorf("buf breaking rejects breaking/accepted.proto:\n%s\nwant a change it accepts: undo this one and try another (see the TODO in breaking/accepted.proto)", verdict)
	}
}

// TestBufRejects runs buf breaking on breaking/rejected.proto, your copy of
// proto/hello/v2/hello.proto with one change that compiles: buf must reject
// it.
func TestBufRejects(t *testing.T) {
	verdict := bufBreaking(t, "breaking/rejected.proto")
	if verdict == "" {
		t.Errorf("buf breaking accepts breaking/rejected.proto; want a change it rejects, one that breaks a client already built (see the TODO in breaking/rejected.proto)")
		return
	}
	t.Logf("buf breaking rejects breaking/rejected.proto, as it should:\n%s", verdict)
}

// bufBreaking puts file in place of hello/v2/hello.proto in a copy of
// proto/'s .proto files and runs buf breaking on it against the release, as
// go tool task check-breaking does: what buf rejects, one line per rule
// broken, or "" if it accepts the change. It fails the test if file is still
// the file as it is, or does not compile.
func bufBreaking(t *testing.T, file string) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	protoDir := filepath.Join(root, "proto")
	mine, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("cannot read your %s: %v", file, err)
	}
	current, err := os.ReadFile(filepath.Join(protoDir, "hello", "v2", "hello.proto"))
	if err != nil {
		t.Fatal(err)
	}
	if schema(mine) == schema(current) {
		t.Fatalf("%s is proto/hello/v2/hello.proto unchanged, comments aside; want one change to its schema (see the TODO in %s)", file, file)
	}

	tmp := t.TempDir()
	err = filepath.WalkDir(protoDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".proto" {
			return err
		}
		rel, _ := filepath.Rel(protoDir, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == filepath.Join("hello", "v2", "hello.proto") {
			b = mine
		}
		if err := os.MkdirAll(filepath.Join(tmp, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(tmp, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}

	// buf is pinned in tools/buf, outside go.work: see tools/buf/README.md.
	// Its first run here compiles it, once: a minute or two.
	cmd := exec.CommandContext(t.Context(), "go", "-C", protoDir, "tool", "-modfile=../tools/buf/go.mod", "buf",
		"breaking", tmp, "--config", "buf.breaking.yaml", "--against", "baseline.json", "--error-format", "json")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &exit) || exit.ExitCode() != 100: // 100: buf found problems
		t.Fatalf("buf breaking did not run: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	var broken, compile []string
	for line := range strings.Lines(stdout.String()) {
		var a struct {
			Line    int    `json:"start_line"`
			Type    string `json:"type"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("buf breaking printed %q: %v", line, err)
		}
		msg, _, _ := strings.Cut(a.Message, " See https://")
		l := fmt.Sprintf("  %s:%d: %s: %s", file, a.Line, a.Type, msg)
		if a.Type == "COMPILE" {
			compile = append(compile, l)
		} else {
			broken = append(broken, l)
		}
	}
	if len(compile) > 0 {
		t.Fatalf("%s does not compile:\n%s\nbuf compares only a file that compiles: fix it first", file, strings.Join(compile, "\n"))
	}
	return strings.Join(broken, "\n")
}

// comments matches a // comment to the end of its line.
var comments = regexp.MustCompile(`//[^\n]*`)

// schema is a .proto file without its comments and spaces: what a change
// must change.
func schema(b []byte) string {
	return strings.Join(strings.Fields(comments.ReplaceAllString(string(b), "")), " ")
}
