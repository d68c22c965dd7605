package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"grpcworkshop/testkit/shellwords"
)

func TestParseMarkdown(t *testing.T) {
	doc := parseMarkdown("docs/x.md", strings.Join([]string{
		"# Title",
		"",
		"Some `inline code` and [a link](other.md#part).",
		"",
		"<!-- check exit=1 -->",
		"```console",
		"$ go tool task status",
		"output",
		"```",
		"",
		"1. A step:",
		"",
		"   ```console",
		"   $ go tool task doctor",
		"   ```",
		"",
		"## Title",
		"## What success looks like",
		"<a id=\"custom\"></a>",
		"~~~sh",
		"# a comment ``` not a fence end",
		"echo hi",
		"~~~",
	}, "\n"))
	if len(doc.Blocks) != 3 {
		t.Fatalf("found %d blocks, want 3: %+v", len(doc.Blocks), doc.Blocks)
	}
	b := doc.Blocks[0]
	if b.Lang != "console" || b.Marker != "<!-- check exit=1 -->" || b.Line != 6 || !slices.Equal(b.Lines, []string{"$ go tool task status", "output"}) {
		t.Errorf("block 1 = %+v", b)
	}
	if got := doc.Blocks[1].Lines; !slices.Equal(got, []string{"$ go tool task doctor"}) {
		t.Errorf("an indented block's lines = %q, want the indentation of the fence removed", got)
	}
	if got := doc.Blocks[2]; got.Lang != "sh" || len(got.Lines) != 2 {
		t.Errorf("a ~~~ block = %+v, want 2 lines of sh", got)
	}
	for _, a := range []string{"title", "title-1", "what-success-looks-like", "custom"} {
		if !doc.Anchors[a] {
			t.Errorf("no anchor %q; anchors: %v", a, doc.Anchors)
		}
	}
	var code []string
	for _, l := range doc.Prose {
		code = append(code, l.Code...)
	}
	if !slices.Contains(code, "inline code") {
		t.Errorf("inline code = %q, want it to hold \"inline code\"", code)
	}
	for _, l := range doc.Prose {
		if strings.Contains(l.Text, "echo hi") || strings.Contains(l.Text, "go tool task status") {
			t.Errorf("line %d of a code block is in the prose: %q", l.Line, l.Text)
		}
	}
}

func TestGithubSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"What success looks like":                                      "what-success-looks-like",
		"protoc-gen-go: program not found or is not executable":        "protoc-gen-go-program-not-found-or-is-not-executable",
		"grpcio and protobuf: generated code and runtime do not match": "grpcio-and-protobuf-generated-code-and-runtime-do-not-match",
		"11. Reflection off: bring your own .proto":                    "11-reflection-off-bring-your-own-proto",
		"Lesson 1: RPC by hand with Go's net/rpc (75 min)":             "lesson-1-rpc-by-hand-with-gos-netrpc-75-min",
		"The `go_package` option":                                      "the-go_package-option",
		"[A link](x.md) in a heading":                                  "a-link-in-a-heading",
	} {
		if got := githubSlug(heading); got != want {
			t.Errorf("githubSlug(%q) = %q, want %q", heading, got, want)
		}
	}
}

func TestCheckLinks(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("README.md", "# Top\n\n[docs](docs/a.md) [folder](docs) [web](https://example.com) [mail](mailto:x@example.com)\n")
	write("docs/a.md", strings.Join([]string{
		"# A",
		"## Part two",
		"[ok](#part-two) [ok too](b.md#b-heading) [up](../README.md#top) [line](../code.go#L3)",
		"[missing](nope.md) [bad anchor](#part-three) [bad anchor elsewhere](b.md#nothing)",
		"[outside](../../x.md) [dir anchor](../docs#x) [not md](../code.go#x) [empty]()",
		"`[in code](nope-in-code.md)`",
		"```",
		"[in a block](nope-in-block.md)",
		"```",
		"[ref]: gone.md",
	}, "\n"))
	write("docs/b.md", "# B heading\n")
	write("code.go", "package x\n")
	docs, err := readMarkdown(root)
	if err != nil {
		t.Fatal(err)
	}
	problems := strings.Join(checkLinks(root, docs), "\n")
	for _, want := range []string{
		`docs/a.md:4: link "nope.md": docs/nope.md does not exist`,
		`docs/a.md:4: link "#part-three": docs/a.md has no heading with the anchor #part-three`,
		`docs/a.md:4: link "b.md#nothing": docs/b.md has no heading with the anchor #nothing`,
		`docs/a.md:5: link "../../x.md": points outside the repository`,
		`docs/a.md:5: link "../docs#x": docs is a folder`,
		`docs/a.md:5: link "../code.go#x": code.go is not Markdown`,
		`docs/a.md:5: link "": empty link`,
		`docs/a.md:10: link "gone.md": docs/gone.md does not exist`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("checkLinks did not report %q; it reported:\n%s", want, problems)
		}
	}
	for _, notWant := range []string{"README.md:", "docs/a.md:3:", "in-code", "in-block"} {
		if strings.Contains(problems, notWant) {
			t.Errorf("checkLinks reported a good link (%s):\n%s", notWant, problems)
		}
	}
}

func TestBlockCommands(t *testing.T) {
	cmds := blockCommands("d.md", mdBlock{Line: 10, Lang: "console", Lines: []string{
		"$ go test ./...          # all the tests",
		"ok  pkg 0.1s",
		"$ go tool grpcurl -d '{\"a\": 1}' \\",
		"    localhost:50051 x/y",
		"{}",
	}})
	if len(cmds) != 2 {
		t.Fatalf("found %d commands, want 2: %+v", len(cmds), cmds)
	}
	if cmds[0].Text != "go test ./..." || cmds[0].Line != 11 || !slices.Equal(cmds[0].Output, []string{"ok  pkg 0.1s"}) {
		t.Errorf("command 1 = %+v", cmds[0])
	}
	if cmds[1].Text != `go tool grpcurl -d '{"a": 1}' localhost:50051 x/y` || !slices.Equal(cmds[1].Output, []string{"{}"}) {
		t.Errorf("command 2 = %+v", cmds[1])
	}

	sh := blockCommands("d.md", mdBlock{Line: 1, Lang: "sh", Lines: []string{"# comment", "", "go run . # run it", `echo "a # not a comment"`}})
	var texts []string
	for _, c := range sh {
		texts = append(texts, c.Text)
	}
	if !slices.Equal(texts, []string{"go run .", `echo "a # not a comment"`}) {
		t.Errorf("sh commands = %q", texts)
	}
	ps := blockCommands("d.md", mdBlock{Line: 1, Lang: "powershell", Lines: []string{"go tool grpcurl `", "  list"}})
	if len(ps) != 1 || ps[0].Text != "go tool grpcurl list" {
		t.Errorf("powershell commands = %+v, want one joined at the backtick", ps)
	}
	if got := blockCommands("d.md", mdBlock{Lang: "", Lines: []string{"--- FAIL: TestX", "ok"}}); len(got) != 0 {
		t.Errorf("an output-only block gave commands %+v", got)
	}
	if got := blockCommands("d.md", mdBlock{Lang: "go", Lines: []string{"$ not a command in Go code"}}); len(got) != 0 {
		t.Errorf("a go block gave commands %+v", got)
	}
}

// factsFixture is a repository with a Taskfile, a runner usage and pins.
func factsFixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"Taskfile.yml":     "version: \"3\"\n\ntasks:\n  test:\n    cmds:\n      - go tool workshop verify\n      - task: py-test\n\n  lesson-*:\n    cmds:\n      - go tool workshop test lessons 1\n\n  serve:\n    cmds:\n      - go run .\n",
		"tools/go.mod":     "module x\n\ngo 1.26\n\ntool (\n\tgithub.com/fullstorydev/grpcurl/cmd/grpcurl\n\tgoogle.golang.org/protobuf/cmd/protoc-gen-go\n)\n\nrequire (\n\tgithub.com/fullstorydev/grpcurl v1.9.4 // indirect\n\tgoogle.golang.org/protobuf v1.36.12 // indirect\n)\n",
		"tools/buf/go.mod": "module y\n\ngo 1.26\n\ntool github.com/bufbuild/buf/cmd/buf\n\nrequire (\n\tgithub.com/bufbuild/buf v1.75.0 // indirect\n\tgoogle.golang.org/protobuf v1.36.13-0.20260101000000-abcdef123456 // indirect\n)\n",
	}
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestRepoFacts(t *testing.T) {
	f, err := loadRepoFacts(factsFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.testCmds, []string{"go tool workshop verify", "task: py-test"}) {
		t.Errorf("test cmds = %q", f.testCmds)
	}
	good := []string{
		"go tool task lesson-3", "go tool task lesson-N", "go tool task serve ADDR=127.0.0.1:1 -- -reflection=false",
		"task serve", "go tool task --list", "go tool task NAME", "go tool workshop verify", "go tool workshop NAME",
		"go tool grpcurl -plaintext x list", "GOWORK=off go -C lessons/02 tool -modfile=../../tools/buf/go.mod buf lint",
		"go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12", "go tool pprof x", "cd x && go test ./...",
	}
	for _, cmd := range good {
		if p := f.checkCommand(cmd); len(p) > 0 {
			t.Errorf("checkCommand(%q) = %q, want no problem", cmd, p)
		}
	}
	bad := map[string]string{
		"go tool task lessons-3":     `Taskfile.yml has no target "lessons-3"`,
		"go tool task lesson-":       `Taskfile.yml has no target "lesson-"`,
		"task slides":                `Taskfile.yml has no target "slides"`,
		"go tool workshop demos":     `go tool workshop has no command "demos"`,
		"go tool protoc-gen-go-grpc": "go tool protoc-gen-go-grpc is not a tool pinned",
		"go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.11":  "tools/go.mod pins google.golang.org/protobuf v1.36.12",
		"go install github.com/golang/protobuf/protoc-gen-go@latest":        "is not pinned in tools/go.mod",
		"go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3":     "pins github.com/fullstorydev/grpcurl v1.9.4",
		"cd lessons && go tool task nope":                                   `no target "nope"`,
		"go install github.com/go-task/task/v3/cmd/task@v3.54.0; echo done": "is not pinned",
	}
	for cmd, want := range bad {
		p := strings.Join(f.checkCommand(cmd), "\n")
		if !strings.Contains(p, want) {
			t.Errorf("checkCommand(%q) = %q, want a problem that says %q", cmd, p, want)
		}
	}
}

func TestCheckPlan(t *testing.T) {
	root := factsFixture(t)
	os.WriteFile(filepath.Join(root, "x_test.go"), []byte("package x\n\nfunc TestReal(t *testing.T) {}\n"), 0o644)
	f, err := loadRepoFacts(root)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := compileRules([]docRule{
		{Cmd: `go test \./\.\.\.`, Check: ciStep{"go tool workshop verify", "ok"}},
		{Cmd: `go vet \./\.\.\.`, Check: ciStep{"go tool workshop lint", "no such step"}},
		{Cmd: `go run \.`, Check: testedBy{"x_test.go", "TestReal", "ok"}},
		{Cmd: `go run \./x`, Check: testedBy{"x_test.go", "TestGone", "no such test"}},
		{Cmd: `go build \./\.\.\.`, Check: cannotRun{""}},
		{Cmd: `never used`, Check: cannotRun{"stale"}},
		{Cmd: `go run x\.go`, Output: "wanted", Check: runIt{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cmds := []docCommand{
		{Doc: "a.md", Line: 1, Text: "go test ./..."},
		{Doc: "a.md", Line: 2, Text: "go vet ./..."},
		{Doc: "a.md", Line: 3, Text: "go run ."},
		{Doc: "a.md", Line: 4, Text: "go run ./x"},
		{Doc: "a.md", Line: 5, Text: "go build ./..."},
		{Doc: "a.md", Line: 6, Text: "rm -rf /"},
		{Doc: "a.md", Line: 7, Text: "go run x.go", Output: []string{"other"}},
		{Doc: "a.md", Line: 8, Text: "go tool task nope"},
	}
	problems := strings.Join(checkPlan(root, classify(cmds, rules), rules, f), "\n")
	for _, want := range []string{
		"a.md:6: $ rm -rf /\n    no rule in docrules.go",
		"a.md:7: $ go run x.go\n    no rule", // its output lacks "wanted", so the rule does not apply
		`a.md:8: $ go tool task nope` + "\n" + `    Taskfile.yml has no target "nope"`,
		`names the CI step "go tool workshop lint", but Taskfile.yml's test target has no such step`,
		"names TestGone in x_test.go, which has no such test",
		"does not run its commands and gives no reason",
		`rule "never used" matches no command`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("checkPlan did not report %q; it reported:\n%s", want, problems)
		}
	}
	if strings.Contains(problems, "a.md:1:") || strings.Contains(problems, "a.md:3:") {
		t.Errorf("checkPlan reported a covered command:\n%s", problems)
	}
}

func TestOutputMatches(t *testing.T) {
	tests := []struct {
		want   []string
		got    string
		prefix bool
		ok     bool
	}{
		{[]string{"ok  \tpkg\t0.086s"}, "ok  \tpkg\t(cached)\n", false, true},
		{[]string{"--- PASS: TestX (0.24s)"}, "--- PASS: TestX (1.02s)\n", false, true},
		{[]string{"  ✗  3  A server   7 of 13 tests to go"}, "  ✗  3  A server   7 of 13 tests to go (7s)\n", false, true},
		{[]string{"/x OK 1.432µs"}, "/x OK 12ms\n", false, true},
		{[]string{"a", "...", "d"}, "a\nb\nc\nd\n", false, true},
		{[]string{"a", "...", "d"}, "a\nd\n", false, true},
		{[]string{"a", "b"}, "a\nb\nc\n", false, false},
		{[]string{"a", "b"}, "a\nb\nc\n", true, true},
		{[]string{"a", "b", ""}, "a\nb\n", false, true},
		{[]string{"3 + 4 = 7"}, "3 + 4 = 8\n", false, false},
		{[]string{"a"}, "", false, false},
	}
	for _, tt := range tests {
		if got := outputMatches(tt.want, tt.got, tt.prefix); got != tt.ok {
			t.Errorf("outputMatches(%q, %q, prefix=%v) = %v, want %v", tt.want, tt.got, tt.prefix, got, tt.ok)
		}
	}
}

func TestSplitWords(t *testing.T) {
	got, err := shellwords.Split(`go tool grpcurl -d '{"value1": 3}' -H "a: \"b\"" x\ y`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"go", "tool", "grpcurl", "-d", `{"value1": 3}`, "-H", `a: "b"`, "x y"}; !slices.Equal(got, want) {
		t.Errorf("shellwords.Split = %q, want %q", got, want)
	}
	for _, s := range []string{"a | b", "a && b", "echo $HOME", `echo "$HOME"`, "ls *.go", "a > f", "'open"} {
		if _, err := shellwords.Split(s); err == nil {
			t.Errorf("shellwords.Split(%q) succeeded, want an error: it needs a shell", s)
		}
	}
}

func TestInjectAddr(t *testing.T) {
	tests := []struct {
		in   string
		flag string
		want string
	}{
		{"go run ./cmd/aggclient sum 3 4", "-addr", "go run ./cmd/aggclient -addr A sum 3 4"},
		{"go run ./cmd/aggclient -addr B sum 3 4", "-addr", "go run ./cmd/aggclient -addr B sum 3 4"},
		{"python aggclient.py sum 3 4", "--addr", "python aggclient.py --addr A sum 3 4"},
		{"go tool task client -- sum 3 4", "ADDR=", "go tool task client ADDR=A -- sum 3 4"},
		{"go tool task client ADDR=B -- sum 3 4", "ADDR=", "go tool task client ADDR=B -- sum 3 4"},
	}
	for _, tt := range tests {
		words, _ := shellwords.Split(tt.in)
		if got := strings.Join(injectAddr(words, tt.flag, "A"), " "); got != tt.want {
			t.Errorf("injectAddr(%q, %q) = %q, want %q", tt.in, tt.flag, got, tt.want)
		}
	}
}

func TestStripComment(t *testing.T) {
	for in, want := range map[string]string{
		"go test ./...   # all the tests":       "go test ./...",
		`grpcurl -d '{"a#b": 1}' x`:             `grpcurl -d '{"a#b": 1}' x`,
		"echo a#b":                              "echo a#b",
		`python aggclient.py hello "# not one"`: `python aggclient.py hello "# not one"`,
	} {
		if got := stripComment(in); got != want {
			t.Errorf("stripComment(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRunnerComparesOutput runs real commands through the runner and shows
// that a wrong output or exit status is reported.
func TestRunnerComparesOutput(t *testing.T) {
	r := newDocRunner(&Course{Root: t.TempDir()})
	defer r.close()
	ok := docCommand{Doc: "d.md", Text: "go env GOOS", Output: []string{runtime.GOOS}}
	if err := r.run(ok, runIt{}); err != nil {
		t.Errorf("a command with the right output: %v", err)
	}
	wrong := docCommand{Doc: "d.md", Text: "go env GOOS", Output: []string{"plan9-or-something"}}
	if err := r.run(wrong, runIt{}); err == nil || !strings.Contains(err.Error(), "its output differs from the doc") {
		t.Errorf("a command with the wrong output gave %v, want a difference", err)
	}
	exit := docCommand{Doc: "d.md", Text: "go tool nosuchtool"}
	if err := r.run(exit, runIt{}); err == nil || !strings.Contains(err.Error(), "it exited with status") {
		t.Errorf("a failing command gave %v, want its exit status reported", err)
	}
	if err := r.run(exit, runIt{Exit: -1}); err != nil {
		t.Errorf("with Exit -1 a failing command gave %v, want it accepted", err)
	}
}

func TestCourseFacts(t *testing.T) {
	c := &Course{Lessons: []Lesson{{Number: 1, Title: "One", Minutes: 60}, {Number: 2, Title: "Two", Minutes: 45}}}
	guide := func(text string) []*mdDoc { return []*mdDoc{parseMarkdown(instructorGuide, text)} }
	good := "# Guide\n\n| 09:00 | Lesson 1: One | 60 min |\n\n### Lesson 1: One (60 min)\n\n### Lesson 2: Two (45 min)\n"
	if p := checkCourseFacts(c, guide(good)); len(p) > 0 {
		t.Errorf("a good guide: %q", p)
	}
	bad := "# Guide\n\n| 09:00 | Lesson 1: One | 75 min |\n| 10:00 | Lesson 3: Three | 5 min |\n\n### Lesson 1: Uno (60 min)\n"
	p := strings.Join(checkCourseFacts(c, guide(bad)), "\n")
	for _, want := range []string{
		`the schedule says "Lesson 1: One" takes 75 min, but lessons.json says "One", 60 min`,
		"the schedule names lesson 3, which lessons.json does not have",
		`heading "Lesson 1: Uno (60 min)", but lessons.json says "Lesson 1: One (60 min)"`,
		`has no heading "Lesson 2: Two (45 min)"`,
	} {
		if !strings.Contains(p, want) {
			t.Errorf("checkCourseFacts did not report %q; it reported:\n%s", want, p)
		}
	}
	if p := checkCourseFacts(c, nil); len(p) != 1 || !strings.Contains(p[0], "is missing") {
		t.Errorf("without a guide: %q", p)
	}
}
