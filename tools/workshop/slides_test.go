package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/present"
)

// A codeRef is one .code or .play line of a deck.
type codeRef struct {
	Line int
	File string   // as written, relative to the deck's folder
	Addr []string // the address, split at the top-level comma: "/re1/", "/re2/"
}

var (
	codeCmd   = regexp.MustCompile(`^\.(code|play)\s+((?:-edit\s+|-numbers\s+)*)(\S+)(?:\s+(.*?))?(?:\s+HL\w*)?\s*$`)
	startMark = regexp.MustCompile(`^/START (\S+) OMIT/$`)
	endMark   = regexp.MustCompile(`^/END (\S+) OMIT/$`)
)

// deckRefs lists the .code and .play lines of a deck.
func deckRefs(deck string) ([]codeRef, error) {
	var refs []codeRef
	for i, line := range strings.Split(deck, "\n") {
		if !strings.HasPrefix(line, ".code") && !strings.HasPrefix(line, ".play") {
			continue
		}
		m := codeCmd.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("line %d: cannot read %q; the form is .code [-numbers] [-edit] FILE [ADDRESS]", i+1, line)
		}
		r := codeRef{Line: i + 1, File: m[3]}
		if m[4] != "" {
			r.Addr = splitAddr(m[4])
		}
		refs = append(refs, r)
	}
	return refs, nil
}

// splitAddr splits "/a/,/b/" at the comma between the two regexps, not at
// a comma inside one.
func splitAddr(addr string) []string {
	var parts []string
	depth, start := false, 0
	for i := 0; i < len(addr); i++ {
		switch {
		case addr[i] == '\\':
			i++
		case addr[i] == '/':
			depth = !depth
		case addr[i] == ',' && !depth:
			parts = append(parts, addr[start:i])
			start = i + 1
		}
	}
	return append(parts, addr[start:])
}

// checkDeck checks every code reference of the deck at path (a file below
// root): the file exists, inside the repository, under solutions/ or
// proto/; each /regexp/ of its address matches; a START marker has exactly
// one line, and its END comes after it. It also checks that the deck pastes
// no code of its own: its only literal blocks are shell sessions.
func checkDeck(root, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	name, _ := filepath.Rel(root, path)
	refs, err := deckRefs(string(data))
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", name, err)}
	}
	var problems []string
	bad := func(r codeRef, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, r.Line, fmt.Sprintf(format, args...)))
	}
	for _, r := range refs {
		file := filepath.Join(filepath.Dir(path), filepath.FromSlash(r.File))
		rel, err := filepath.Rel(root, file)
		if err != nil || strings.HasPrefix(rel, "..") {
			bad(r, "%s is outside the repository", r.File)
			continue
		}
		rel = filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, "solutions/") && !strings.HasPrefix(rel, "proto/") && !strings.HasPrefix(rel, "finished/") {
			bad(r, "%s: slides quote the solutions (or proto/, finished/), not other files", rel)
		}
		src, err := os.ReadFile(file)
		if err != nil {
			bad(r, "%s does not exist", rel)
			continue
		}
		lines := strings.Split(string(src), "\n")
		startLine := -1
		for _, a := range r.Addr {
			a = strings.TrimSpace(a)
			if m := startMark.FindStringSubmatch(a); m != nil {
				n := markerLines(lines, "START "+m[1]+" OMIT")
				switch len(n) {
				case 0:
					bad(r, "%s has no line ending in \"START %s OMIT\"", rel, m[1])
				case 1:
					startLine = n[0]
				default:
					bad(r, "%s has %d lines ending in \"START %s OMIT\" (lines %v); a snippet's name must be unique in its file", rel, len(n), m[1], n)
				}
				continue
			}
			if m := endMark.FindStringSubmatch(a); m != nil {
				n := markerLines(lines, "END "+m[1]+" OMIT")
				switch {
				case len(n) == 0:
					bad(r, "%s has no line ending in \"END %s OMIT\"", rel, m[1])
				case len(n) > 1:
					bad(r, "%s has %d lines ending in \"END %s OMIT\" (lines %v)", rel, len(n), m[1], n)
				case startLine >= 0 && n[0] < startLine:
					bad(r, "in %s, END %s (line %d) comes before its START (line %d)", rel, m[1], n[0], startLine)
				}
				continue
			}
			if len(a) >= 2 && a[0] == '/' && a[len(a)-1] == '/' {
				re, err := regexp.Compile("(?m:" + a[1:len(a)-1] + ")")
				if err != nil {
					bad(r, "address %s is not a valid regexp: %v", a, err)
				} else if !re.Match(src) {
					bad(r, "address %s matches nothing in %s", a, rel)
				}
			}
		}
	}
	problems = append(problems, checkNoPastedCode(name, string(data))...)
	return problems
}

// markerLines returns the (1-based) numbers of the lines that end in
// marker as a comment: "// START x OMIT" in Go and .proto, "# START x OMIT"
// in Python.
func markerLines(lines []string, marker string) []int {
	var n []int
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasSuffix(l, "// "+marker) || strings.HasSuffix(l, "# "+marker) {
			n = append(n, i+1)
		}
	}
	return n
}

// checkNoPastedCode fails on code pasted into a deck: a fenced block, or an
// indented block that is not a shell session ("$ " lines).
func checkNoPastedCode(name, deck string) []string {
	var problems []string
	for i, line := range strings.Split(deck, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "```"):
			problems = append(problems, fmt.Sprintf("%s:%d: a fenced code block; quote code from the solutions with .code instead", name, i+1))
		case (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "    ")) && t != "" && !strings.HasPrefix(t, "$ ") && !strings.HasPrefix(t, "- ") && !strings.HasPrefix(t, "-"):
			problems = append(problems, fmt.Sprintf("%s:%d: an indented code line that is not a shell command (\"$ ...\"); quote code with .code: %q", name, i+1, t))
		}
	}
	return problems
}

// slidesDir holds the workshop's decks, in the format of Go's present tool
// (golang.org/x/tools/present); `go tool task slides` serves them.
const slidesDir = "docs/slides"

// presentFlags reads the flags Taskfile.yml's slides task gives present,
// with addr for the address, and checks that they keep it safe: on
// loopback, running no code, locally or on the playground.
func presentFlags(t *testing.T, root, addr string) []string {
	t.Helper()
	taskfile, err := os.ReadFile(filepath.Join(root, "Taskfile.yml"))
	if err != nil {
		t.Fatal(err)
	}
	def := regexp.MustCompile(`SLIDES_ADDR \| default "(127\.0\.0\.1:\d+)"`).FindSubmatch(taskfile)
	cmd := regexp.MustCompile(`(?m)^\s+- go tool present (.*)$`).FindSubmatch(taskfile)
	if def == nil || cmd == nil {
		t.Fatal("Taskfile.yml's slides task must default SLIDES_ADDR to 127.0.0.1:PORT and run go tool present FLAGS")
	}
	flags := strings.Fields(strings.ReplaceAll(string(cmd[1]), "{{.SLIDES_ADDR}}", addr))
	for _, want := range []string{"-play=false", "-use_playground=false", "-notes", slidesDir} {
		if !slices.Contains(flags, want) {
			t.Errorf("Taskfile.yml runs present with %q, without %s", flags, want)
		}
	}
	return flags
}

func decks(t *testing.T, root string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(root, slidesDir, "*.slide"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no decks in %s", slidesDir)
	}
	return paths
}

// A slide of present is 900 by 700 pixels with 40 by 60 of padding: 780 by
// 620 for its content. Code is 18-pixel monospace (about 10 pixels a
// character) on 24-pixel lines; wrap.html makes a long line wrap instead of
// running off the slide, with tabs 4 wide. Text is 26 pixels on 36-pixel
// lines. slideHeight estimates how tall a slide's content is from these.
const (
	codeColumns  = 77      // code characters on one row of a slide
	maxCodeWidth = 2 * 77  // a wider line wraps more than once: quote a shorter region
	textColumns  = 60      // characters of text on one line
	slideHeight  = 620 - 5 // pixels for the content, with a little room to spare
)

// codeRows is how many rows a line of code takes on a slide.
func codeRows(line string) int {
	w := len([]rune(strings.ReplaceAll(line, "\t", "    ")))
	return 1 + max(w-1, 0)/codeColumns
}

// elemHeight estimates the pixels an element of a slide takes.
func elemHeight(e present.Elem) int {
	rows := func(lines []string, cols int) (n int) {
		for _, l := range lines {
			n += 1 + max(len([]rune(l))-1, 0)/cols
		}
		return n
	}
	switch e := e.(type) {
	case present.Code:
		n := 0
		for _, l := range strings.Split(strings.TrimRight(string(e.Raw), "\n"), "\n") {
			n += codeRows(l)
		}
		return 30 + 24*n
	case present.Text:
		if e.Pre {
			return 30 + 24*len(e.Lines)
		}
		return 20 + 36*rows(e.Lines, textColumns)
	case present.List:
		return 20 + 36*rows(e.Bullet, textColumns)
	}
	return 0
}

// TestSlideReferences checks every .code and .play line of every deck (see
// checkDeck), and that the present package parses each deck, which reads
// every snippet through its address as `go tool present` will.
func TestSlideReferences(t *testing.T) {
	c := repoCourse(t)
	presentFlags(t, c.Root, "127.0.0.1:3999") // the Taskfile serves them safely
	for _, path := range decks(t, c.Root) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, p := range checkDeck(c.Root, path) {
				t.Error(p)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ctx := present.Context{ReadFile: os.ReadFile}
			doc, err := ctx.Parse(f, path, 0)
			if err != nil {
				t.Fatalf("present cannot parse the deck: %v", err)
			}
			snippets := 0
			var walk func(elems []present.Elem)
			walk = func(elems []present.Elem) {
				for _, e := range elems {
					switch e := e.(type) {
					case present.Code:
						snippets++
						if len(bytes.TrimSpace(e.Raw)) == 0 {
							t.Errorf("%s: the snippet is empty", e.Cmd)
						}
						for _, l := range strings.Split(string(e.Raw), "\n") {
							if codeRows(l) > 2 {
								t.Errorf("%s: a line wider than %d columns wraps more than once on the slide: %q; quote a shorter region", e.Cmd, maxCodeWidth, l)
							}
						}
					case present.Section:
						walk(e.Elem)
					}
				}
			}
			for _, s := range doc.Sections {
				walk(s.Elem)
				h := 36 // the title
				for _, e := range s.Elem {
					h += elemHeight(e)
				}
				if h > slideHeight {
					t.Errorf("slide %q is about %d pixels tall, more than the %d a slide shows: quote a shorter region, or split it across two slides", s.Title, h, slideHeight)
				}
			}
			if snippets == 0 {
				t.Errorf("the deck quotes no code; a parser that skipped every .code line would pass, so this is an error")
			}
		})
	}
}

// TestCheckDeckFindsProblems feeds checkDeck a deck with one of each
// mistake, so that its checks can be seen to fail.
func TestCheckDeckFindsProblems(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("solutions/01-x/a.go", "package a\n\n// START one OMIT\nfunc A() {}\n// END one OMIT\n\n// END two OMIT\n// START two OMIT\n// START dup OMIT\n// START dup OMIT\n")
	write("docs/other.go", "package other\n")
	write("docs/slides/deck.slide", strings.Join([]string{
		"# Deck",
		"",
		"## Good",
		".code ../../solutions/01-x/a.go /START one OMIT/,/END one OMIT/",
		".code ../../solutions/01-x/a.go /^func A/",
		"## Bad",
		".code ../../solutions/01-x/missing.go",
		".code ../../solutions/01-x/a.go /START three OMIT/,/END three OMIT/",
		".code ../../solutions/01-x/a.go /START two OMIT/,/END two OMIT/",
		".code ../../solutions/01-x/a.go /START dup OMIT/,/END one OMIT/",
		".code ../../solutions/01-x/a.go /^func B/",
		".code ../other.go",
		"",
		"\tfunc pasted() {}",
		"```",
	}, "\n"))
	problems := strings.Join(checkDeck(root, filepath.Join(root, "docs/slides/deck.slide")), "\n")
	for _, want := range []string{
		"deck.slide:7: solutions/01-x/missing.go does not exist",
		`deck.slide:8: solutions/01-x/a.go has no line ending in "START three OMIT"`,
		`deck.slide:8: solutions/01-x/a.go has no line ending in "END three OMIT"`,
		"deck.slide:9: in solutions/01-x/a.go, END two (line 7) comes before its START (line 8)",
		`deck.slide:10: solutions/01-x/a.go has 2 lines ending in "START dup OMIT"`,
		"deck.slide:11: address /^func B/ matches nothing",
		"deck.slide:12: docs/other.go: slides quote the solutions",
		"deck.slide:14: an indented code line",
		"deck.slide:15: a fenced code block",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("checkDeck did not report %q; it reported:\n%s", want, problems)
		}
	}
	for _, notWant := range []string{"deck.slide:4:", "deck.slide:5:"} {
		if strings.Contains(problems, notWant) {
			t.Errorf("checkDeck reported a problem on a good line (%s):\n%s", notWant, problems)
		}
	}
}

// TestSlidesServe runs the pinned present tool with the flags `go tool
// task slides` uses, fetches the deck and checks that it renders with
// the code from the solutions in it.
func TestSlidesServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs present; skipped with -short")
	}
	c := repoCourse(t)
	bin := filepath.Join(t.TempDir(), exeName("present"))
	build := exec.Command("go", "build", "-o", bin, "golang.org/x/tools/cmd/present")
	build.Dir = filepath.Join(c.Root, "tools")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("cannot build present: %v\n%s", err, out)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cmd := exec.CommandContext(ctx, bin, presentFlags(t, c.Root, addr)...)
	cmd.Dir = c.Root
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })

	for _, path := range decks(t, c.Root) {
		url := "http://" + addr + "/" + filepath.Base(path)
		var body string
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get(url)
			if err == nil {
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %s\n%s\npresent's log:\n%s", url, resp.Status, data, log.String())
				}
				body = string(data)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("present did not answer on %s within 30s: %v\nits log:\n%s", addr, err, log.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		for _, want := range []string{"<title>gRPC in Go, by hand</title>", "func (c *CalculatorClient) Sum(a, b int32) (int32, error) {", "wg.Go(func() {", "white-space: pre-wrap"} {
			if !strings.Contains(body, want) {
				t.Errorf("the rendered %s lacks %q", filepath.Base(path), want)
			}
		}
		if strings.Contains(body, "OMIT</span>") {
			t.Errorf("the rendered %s shows an OMIT marker in a snippet", filepath.Base(path))
		}
		if strings.Contains(body, "<li>\n<p>$ ") {
			t.Errorf("the rendered %s shows a command as list text: put a paragraph between a list and an indented command", filepath.Base(path))
		}
	}
}

// deckSkeleton is what a translation of a deck keeps: its .code, .play and
// .html lines and its commands, in order, and a mark for each slide.
func deckSkeleton(deck string) []string {
	var keep []string
	for _, l := range strings.Split(deck, "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			keep = append(keep, "## (a slide)")
		case strings.HasPrefix(l, ".") || strings.HasPrefix(l, "\t$ "):
			keep = append(keep, l)
		}
	}
	return keep
}

// TestKoreanDeckFollowsTheEnglish: X.ko.slide is X.slide in Korean, slide
// for slide, quoting the same code and showing the same commands.
func TestKoreanDeckFollowsTheEnglish(t *testing.T) {
	c := repoCourse(t)
	for _, ko := range decks(t, c.Root) {
		if !strings.HasSuffix(ko, ".ko.slide") {
			continue
		}
		en := strings.TrimSuffix(ko, ".ko.slide") + ".slide"
		k, err1 := os.ReadFile(ko)
		e, err2 := os.ReadFile(en)
		if err1 != nil || err2 != nil {
			t.Fatalf("%v %v", err1, err2)
		}
		ks, es := deckSkeleton(string(k)), deckSkeleton(string(e))
		for i := range max(len(ks), len(es)) {
			if i >= len(ks) || i >= len(es) || ks[i] != es[i] {
				t.Errorf("%s differs from %s at its %dth slide, code line or command:\n  %s: %q\n  %s: %q\ntranslate each slide of %s, with the same .code lines and commands, in order",
					filepath.Base(ko), filepath.Base(en), i+1, filepath.Base(en), append(es, "(nothing)")[min(i, len(es))], filepath.Base(ko), append(ks, "(nothing)")[min(i, len(ks))], filepath.Base(en))
				break
			}
		}
	}
}
