package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docCheckTree writes files into a temporary repository and runs the doc
// check over it, returning the problems found.
func docCheckTree(t *testing.T, files map[string]string) []string {
	t.Helper()
	root := t.TempDir()
	files["Taskfile.yml"] = "tasks:\n  test:\n    cmds:\n      - go tool workshop verify\n      - task: py-test\n  serve:\n    cmds:\n      - go run ./x\n  lesson-*:\n    cmds:\n      - go test\n"
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	k := &docChecker{ctx: t.Context(), root: root}
	problems, err := k.check()
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

// wantProblems checks that the problems are exactly one per wanted
// substring, in order.
func wantProblems(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("problem %d is\n%s\nwant it to contain %q", i, got[i], w)
		}
	}
}

func TestDocCheckPassesAGoodDoc(t *testing.T) {
	got := docCheckTree(t, map[string]string{
		"README.md": "# Title\n\nSee [the guide](docs/guide.md#two-words) and [a site](https://example.com); run `go tool task lesson-N`.\n\n" +
			"<!-- check: run -->\n```console\n$ echo hello; echo took 0.31s\nhello\ntook 0.01s\n$ printf 'a\\nb\\nc\\n'\na\n...\n$ cd docs\n$ ls\nguide.md\n$ cat <<EOF\nfrom stdin\nEOF\nfrom stdin\n```\n\n" +
			"<!-- check: run exit=3 -->\n```sh\nexit 3\n```\n\n" +
			"<!-- check: ci verify -->\n```console\n$ go test ./...\n```\n\n" +
			"<!-- check: ci py-test -->\n```console\n$ python -m pytest\n```\n\n" +
			"<!-- check: test x/x_test.go TestX runs it -->\n```bash\ngo run ./x\n```\n\n" +
			"<!-- check: skip serves until Ctrl-C -->\n```console\n$ go tool task serve\n```\n\n" +
			"```go\nfmt.Println(\"no command here\")\n```\n\n```console\nonly output, no command\n```\n",
		"docs/guide.md": "# Guide\n\n## Two words\n\n## Two words\n\nBack [home](../README.md#title), [again](#two-words-1).\n",
		"x/x_test.go":   "package x\n\nfunc TestX(t *testing.T) {}\n",
	})
	wantProblems(t, got)
}

func TestDocCheckFindsProblems(t *testing.T) {
	got := docCheckTree(t, map[string]string{
		"README.md": "# Title\n\n[gone](missing.md), [no anchor](README.md#nope), `[in code](missing.md)`, `go tool task nope`, `go install example.com/x@v1.0.0`\n\n" +
			"```console\n$ go tool task serve\n```\n\n" +
			"- in a list:\n\n   ```sh\n   go build ./...\n   ```\n\n" +
			"<!-- check: run -->\n```console\n$ echo hello\ngoodbye\n```\n\n" +
			"<!-- check: run -->\n```console\n$ exit 2\n```\n\n" +
			"<!-- check: ci lint -->\n```console\n$ go vet ./...\n```\n\n" +
			"<!-- check: test x/x_test.go TestMissing -->\n```console\n$ go test ./x\n```\n\n" +
			"<!-- check: skip -->\n```console\n$ go install example.com/x@latest\n```\n\n" +
			"<!-- check: maybe -->\n```console\n$ true\n```\n",
		"x/x_test.go": "package x\n\nfunc TestX(t *testing.T) {}\n",
	})
	wantProblems(t, got,
		`README.md:3: link "missing.md": missing.md does not exist`,
		`README.md:3: link "README.md#nope": README.md has no heading with the anchor #nope`,
		"README.md:3: go tool task nope: Taskfile.yml has no such target",
		"README.md:3: go install example.com/x@v1.0.0: Taskfile.yml has no such target, or tools/go.mod pins another version",
		"README.md:5: $ go tool task serve\n    this block of commands needs a comment",
		"README.md:11: $ go build ./...\n    this block of commands needs a comment",
		"README.md:16: $ echo hello\n    the doc shows",
		"README.md:22: $ exit 2\n    it exited with status 2; the comment wants 0",
		`README.md:27: <!-- check: ci lint -->: no command of Taskfile.yml's test target or of .ci/run ends with "lint"`,
		"README.md:32: <!-- check: test x/x_test.go TestMissing -->: want a test file and a test it defines",
		"README.md:37: <!-- check: skip --> needs a reason",
		"README.md:42: $ true\n    this block of commands needs a comment",
	)
}

func TestWithAddr(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"go tool grpcurl -plaintext localhost:50051 list", "go tool grpcurl -plaintext 127.0.0.1:5 list"},
		{"go tool task py-client -- sum 3 4", "go tool task py-client ADDR=127.0.0.1:5 -- sum 3 4"},
		{"python aggclient.py sum 3 4", "python aggclient.py --addr 127.0.0.1:5 sum 3 4"},
		{"go run ./cmd/aggclient sum 3 4", "go run ./cmd/aggclient -addr 127.0.0.1:5 sum 3 4"},
		{"echo hi", "echo hi"},
	} {
		if got := withAddr(tc.in, "localhost:50051", "127.0.0.1:5"); got != tc.want {
			t.Errorf("withAddr(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDocCheckStartsAServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a server program")
	}
	got := docCheckTree(t, map[string]string{
		"go.mod": "module x\n\ngo 1.24\n",
		"srv/main.go": "package main\n\nimport (\n\t\"flag\"\n\t\"fmt\"\n\t\"net\"\n\t\"os\"\n)\n\n" +
			"func main() {\n\taddr := flag.String(\"addr\", \"\", \"\")\n\tflag.Parse()\n\tl, err := net.Listen(\"tcp\", *addr)\n\tif err != nil {\n\t\tos.Exit(1)\n\t}\n" +
			"\tfmt.Fprintln(os.Stderr, \"listening on\", l.Addr())\n\tfor {\n\t\tc, err := l.Accept()\n\t\tif err == nil {\n\t\t\tc.Close()\n\t\t}\n\t}\n}\n",
		// The doc's address stands for the server's, both ways; a command
		// without one gets it, and a wrong status fails.
		"show.sh": "echo \"$@\"\n",
		"README.md": "<!-- check: run server=srv addr=localhost:1234 -->\n```console\n$ echo localhost:1234\nlocalhost:1234\n$ bash ./show.sh one\n-addr localhost:1234 one\n```\n\n" +
			"<!-- check: run server=srv addr=localhost:1234 -->\n```console\n$ false localhost:1234\n```\n",
	})
	wantProblems(t, got, "README.md:10: $ false localhost:1234\n    it exited with status 1")
}

// koreanTree is an English doc, its Korean edition, and a map with a
// Korean edition too, which a Korean link must use.
func koreanTree(en, ko string) map[string]string {
	return map[string]string{
		"docs/guide.md":    en,
		"docs/guide.ko.md": ko,
		"docs/map.md":      "**English** | [한국어](map.ko.md)\n\n# Map\n",
		"docs/map.ko.md":   "[English](map.md) | **한국어**\n\n# 지도\n",
		"docs/words.ko.md": "<!-- korean only: a glossary -->\n\n# 용어\n",
		"x/x.go":           "package x\n",
	}
}

const (
	guideEn = "**English** | [한국어](guide.ko.md)\n\n# Guide\n\nSee [the map](map.md#map), [code](../x/x.go) and [a site](https://example.com/a#b).\n\n" +
		"<!-- check: run -->\n```console\n$ echo once >> ran.txt; wc -l < ran.txt\n1\n```\n\nMore [code](../x/x.go).\n"
	guideKo = "[English](guide.md) | **한국어**\n\n# 안내\n\n[지도](map.ko.md#지도), [코드](../x/x.go), [사이트](https://example.com/a#b)를 보세요.\n\n" +
		"<!-- check: run -->\n```console\n$ echo once >> ran.txt; wc -l < ran.txt\n1\n```\n\n[코드](../x/x.go)도 있습니다.\n"
)

func TestDocCheckKoreanEditionFollowsItsEnglish(t *testing.T) {
	// The Korean block is the English one: it runs once (ran.txt has one
	// line), for the English file.
	wantProblems(t, docCheckTree(t, koreanTree(guideEn, guideKo)))
}

func TestDocCheckKoreanEditionDiffers(t *testing.T) {
	for _, tc := range []struct{ name, en, ko, want string }{
		{"no switch in English", strings.Replace(guideEn, "**English** | [한국어](guide.ko.md)", "**English**", 1), guideKo,
			"docs/guide.md:1: the first line must switch to the Korean edition: **English** | [한국어](guide.ko.md)"},
		{"no switch in Korean", guideEn, strings.Replace(guideKo, "[English](guide.md) | **한국어**\n\n", "", 1),
			"docs/guide.ko.md:1: the first line must switch to the English file: [English](guide.md) | **한국어**"},
		{"a command changed in English", strings.Replace(guideEn, "$ echo once", "$ echo twice", 1), guideKo,
			"docs/guide.ko.md:9: fenced block 1 differs from docs/guide.md:8's, line 2: copy the block byte for byte\n    docs/guide.md: \"$ echo twice >> ran.txt; wc -l < ran.txt\"\n    docs/guide.ko.md: \"$ echo once >> ran.txt; wc -l < ran.txt\""},
		{"another check comment", guideEn, strings.Replace(guideKo, "<!-- check: run -->", "<!-- check: skip not here -->", 1),
			"docs/guide.ko.md:7: fenced block 1's comment is <!-- check: skip not here -->, but docs/guide.md:7's is <!-- check: run -->: copy it"},
		{"a link to the English map", guideEn, strings.Replace(guideKo, "map.ko.md#지도", "map.md", 1),
			"docs/guide.ko.md:5: link 1 goes to map.md, but docs/guide.md:5's goes to what is map.ko.md in Korean"},
		{"a link left out", guideEn, strings.Replace(guideKo, "[코드](../x/x.go)도", "코드도", 1),
			"docs/guide.ko.md:14: docs/guide.ko.md has 3 links and docs/guide.md has 4: link 4, ../x/x.go at docs/guide.md:13, is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := koreanTree(tc.en, tc.ko)
			files["docs/orphan.ko.md"] = "# 고아\n"
			wantProblems(t, docCheckTree(t, files), tc.want, "docs/orphan.ko.md:1: docs/orphan.md does not exist")
		})
	}
}

func TestOutputMatchesIgnoresTestLineNumbers(t *testing.T) {
	want := []string{"    calc_test.go:12: Sum(1, 2) = 0, want 3 (0.01s)"}
	if !outputMatches(want, "    calc_test.go:40: Sum(1, 2) = 0, want 3 (0.20s)\n") {
		t.Error("a test file's line number that moved fails the doc check; it should not")
	}
	if outputMatches(want, "    calc_test.go:12: Sum(1, 2) = 1, want 3\n") {
		t.Error("a different message passes the doc check")
	}
	if outputMatches([]string{"calc.go:12: syntax error"}, "calc.go:13: syntax error\n") {
		t.Error("the line number of a file that is not a test is ignored; only tests' may be")
	}
}

func TestOutputMatchesLineEndingInDots(t *testing.T) {
	want := []string{`Failed to dial target host "localhost:50051": ...`}
	for _, got := range []string{`Failed to dial target host "localhost:50051": EOF`, `Failed to dial target host "localhost:50051": read: connection reset by peer`} {
		if !outputMatches(want, got+"\n") {
			t.Errorf("%q does not match %q", got, want[0])
		}
	}
	if outputMatches(want, "Failed to dial target host \"localhost:50052\": EOF\n") {
		t.Error("a line that begins differently matches")
	}
	if !outputMatches([]string{"a", "...", "z"}, "a\nb\nc\nz\n") || outputMatches([]string{"a", "...", "z"}, "a\nb\n") {
		t.Error("a line ... no longer stands for any lines")
	}
}
