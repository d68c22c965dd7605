package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"grpcworkshop/testkit/shellwords"
)

// cmdDocCheck keeps the Markdown files true (docs/checking-docs.md): links
// resolve, `go tool task NAME` and `go install PKG@V` name real targets and
// pins, each block of commands says how it is checked (run, ci, test, skip).
// Ctrl-C or a CI timeout stops the command running, then the servers.
func cmdDocCheck(w io.Writer, c *Course, args []string) error {
	fs := flag.NewFlagSet("doccheck", flag.ContinueOnError)
	norun := fs.Bool("norun", false, "check links and annotations, but run no command")
	if err := fs.Parse(args); err != nil {
		return errors.New("usage: go tool workshop doccheck [-norun] [FILE.md...]")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	k := &docChecker{ctx: ctx, root: c.Root, norun: *norun, only: fs.Args()}
	problems, err := k.check()
	if err != nil {
		return err
	} else if len(problems) > 0 {
		fmt.Fprintf(w, "%s\n\ndoccheck: %d problems. docs/checking-docs.md explains the <!-- check: ... --> comments.\n", strings.Join(problems, "\n"), len(problems))
		return exitError(1)
	}
	fmt.Fprintln(w, "doccheck: every link, name and block of commands is kept true.")
	return nil
}

// A docChecker checks the docs under root.
type docChecker struct {
	ctx         context.Context
	root, steps string   // steps: Taskfile.yml's test target, then .ci/run
	norun       bool     // check all but the run blocks
	only        []string // the docs to check (all if none)
	demo        *demoRun // the servers run blocks ask for, by their server= spec
}

// check returns the problems found.
func (k *docChecker) check() (_ []string, err error) {
	if k.demo, err = newDemoRun(io.Discard, k.root); err != nil {
		return nil, err
	}
	defer k.demo.cleanup()
	names, err := filesMatching(k.root, "*.md")
	docs := map[string]*mdDoc{}
	for _, name := range names {
		data, rerr := os.ReadFile(filepath.Join(k.root, filepath.FromSlash(name)))
		err = errors.Join(err, rerr)
		docs[name] = parseMarkdown(string(data))
	}
	if err != nil {
		return nil, err
	}
	taskfile, _ := os.ReadFile(filepath.Join(k.root, "Taskfile.yml"))
	ci, _ := os.ReadFile(filepath.Join(k.root, ".ci", "run"))
	_, test, _ := strings.Cut(string(taskfile), "\n  test:\n")
	k.steps = regexp.MustCompile(`\n  \S`).Split(test, 2)[0] + "\n" + string(ci)
	gomod, _ := os.ReadFile(filepath.Join(k.root, "tools", "go.mod"))
	pins := regexp.MustCompile(`(?m)^(?:require)?\s+(\S+) (v\S+)`).FindAllStringSubmatch(string(gomod), -1)
	slices.SortFunc(pins, func(a, b []string) int { return len(b[1]) - len(a[1]) }) // the longest module path first
	targets := regexp.MustCompile(`(?m)^  ([\w*:-]+):\s*$`).FindAllStringSubmatch(string(taskfile), -1)
	var problems []string
	paired := map[string]bool{} // Korean editions compared with their English file
	add := func(doc string, line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: ", doc, line)+fmt.Sprintf(format, args...))
	}
	for _, name := range names {
		if len(k.only) > 0 && !slices.Contains(k.only, name) {
			continue
		}
		d := docs[name]
		for i, line := range d.lines {
			for _, m := range linkRE.FindAllStringSubmatch(codeSpanRE.ReplaceAllString(d.prose[i], ""), -1) {
				if msg := checkLink(k.root, docs, name, m[1]+m[2]+m[3]); msg != "" {
					add(name, i+1, "link %q: %s", m[1]+m[2]+m[3], msg)
				}
			}
			for _, m := range namesRE.FindAllStringSubmatch(line, -1) {
				j := slices.IndexFunc(pins, func(p []string) bool { return m[1] == p[1] || strings.HasPrefix(m[1], p[1]+"/") })
				task := slices.ContainsFunc(targets, func(t []string) bool { ok, _ := path.Match(t[1], m[3]); return ok })
				if m[1] != "" && (j < 0 || pins[j][2] != m[2]) || m[3] != "" && !task {
					add(name, i+1, "%s: Taskfile.yml has no such target, or tools/go.mod pins another version", m[0])
				}
			}
		}
		if en, ko := pairOf(name); docs[ko] != nil && !paired[ko] || name == ko {
			paired[ko] = true
			problems = append(problems, parity(docs, en, ko)...)
			if name == ko && docs[en] != nil {
				continue // its blocks are the English file's, run there
			}
		}
		for _, b := range d.blocks {
			if cmds := b.commands(); len(cmds) > 0 {
				if err := k.checkBlock(name, b, cmds); err != nil {
					add(name, b.line, "%v", err)
				}
			}
		}
	}
	return problems, nil
}

// An mdDoc is a Markdown file: lines, prose (blocks blanked), blocks, anchors.
type mdDoc struct {
	lines, prose []string
	blocks       []mdBlock
	anchors      map[string]bool
}

// An mdBlock is a fenced block; check is the <!-- check: ... --> before it.
type mdBlock struct {
	line                       int
	lang, check, fence, indent string
	lines                      []string
}

var (
	fenceRE    = regexp.MustCompile("^( *)(`{3,}|~{3,})\\s*([^`\\s]*)")
	headingRE  = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*?)[\s#]*$`)
	checkRE    = regexp.MustCompile(`^\s*<!-- check:(.*)-->\s*$`)
	codeSpanRE = regexp.MustCompile("`+[^`]*`+")
	linkRE     = regexp.MustCompile(`\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)="([^"]*)"`)
	notSlugRE  = regexp.MustCompile(`\]\([^)]*\)|[^\p{L}\p{M}\p{N}_\- ]`)
	namesRE    = regexp.MustCompile(`go install (\S+)@(v[^\s\x60]+)|go tool task ([a-z][\w:-]*)`)
	shellLangs = " console sh bash shell zsh shell-session powershell pwsh ps1 cmd bat "
	heredocRE  = regexp.MustCompile(`\s*<<-?\s*'?(\w+)'?\s*$`)
	testLineRE = regexp.MustCompile(`(\w+_test\.go):\d+:`)
	durationRE = regexp.MustCompile(`\(?((\d+h)?(\d+m)?\d+(\.\d+)?(ns|µs|μs|us|ms|s)\b|cached)\)?`)
	// addrAt finds where a command takes an address: after a Task target
	// (ADDR=), a Python script (--addr) or a ./program (-addr).
	addrAt = regexp.MustCompile(`go tool task \S+|\S+\.py\b|\./\S+`)
)

func parseMarkdown(text string) *mdDoc {
	d := &mdDoc{lines: strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), anchors: map[string]bool{}}
	seen := map[string]int{}
	var b *mdBlock
	for i, line := range d.lines {
		switch f := fenceRE.FindStringSubmatch(line); {
		case b != nil: // inside a block, up to a closing fence at least as long
			if t := strings.TrimSpace(line); strings.HasPrefix(t, b.fence) && strings.Trim(t, b.fence[:1]) == "" {
				d.blocks, b = append(d.blocks, *b), nil
			} else {
				b.lines = append(b.lines, strings.TrimPrefix(line, b.indent)) // a fence indented in a list indents its lines
			}
			line = ""
		case f != nil:
			b = &mdBlock{line: i + 1, lang: strings.ToLower(f[3]), fence: f[2], indent: f[1]}
			if m := checkRE.FindStringSubmatch(d.lines[max(i-1, 0)]); m != nil {
				b.check = strings.TrimSpace(m[1])
			}
			line = ""
		default:
			if h := headingRE.FindStringSubmatch(line); h != nil { // GitHub's anchor for it
				slug := strings.ReplaceAll(notSlugRE.ReplaceAllString(strings.ToLower(h[1]), ""), " ", "-")
				d.anchors[strings.TrimSuffix(fmt.Sprintf("%s-%d", slug, seen[slug]), "-0")] = true // a repeated heading gets -1, -2, ...
				seen[slug]++
			}
		}
		d.prose = append(d.prose, line)
	}
	if b != nil { // not closed: it runs to the end
		d.blocks = append(d.blocks, *b)
	}
	return d
}

// A docCmd is one command of a block: the text after "$ " (with lines that
// end in a backslash joined), the here-document it reads, the output shown.
type docCmd struct {
	text, stdin string
	output      []string
}

// commands lists the commands a block shows: its "$ " lines with their output
// (a console block has no others), or in a shell block every line but comments.
func (b mdBlock) commands() []docCmd {
	var cmds []docCmd
	prompts := b.lang == "console" || slices.ContainsFunc(b.lines, func(l string) bool { return strings.HasPrefix(l, "$ ") })
	if !prompts && !strings.Contains(shellLangs, " "+b.lang+" ") {
		return nil
	}
	for i := 0; i < len(b.lines); i++ {
		t := strings.TrimSpace(strings.TrimPrefix(b.lines[i], "$ "))
		if prompts && !strings.HasPrefix(b.lines[i], "$ ") {
			if len(cmds) > 0 {
				cmds[len(cmds)-1].output = append(cmds[len(cmds)-1].output, b.lines[i])
			}
			continue
		} else if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "REM ") {
			continue
		}
		for ; strings.HasSuffix(t, "\\") && i+1 < len(b.lines); i++ {
			t = strings.TrimSuffix(t, "\\") + strings.TrimSpace(b.lines[i+1])
		}
		c := docCmd{text: t}
		if m := heredocRE.FindStringSubmatchIndex(t); m != nil {
			for c.text, i = t[:m[0]], i+1; i < len(b.lines) && b.lines[i] != t[m[2]:m[3]]; i++ {
				c.stdin += b.lines[i] + "\n"
			}
		}
		cmds = append(cmds, c)
	}
	return cmds
}

// checkBlock holds a block of commands to its <!-- check: ... --> comment.
func (k *docChecker) checkBlock(doc string, b mdBlock, cmds []docCmd) error {
	kind, rest, _ := strings.Cut(b.check, " ")
	args := strings.Fields(rest)
	switch {
	case kind == "skip" && len(args) == 0:
		return errors.New("<!-- check: skip --> needs a reason: why can this not run here?")
	case kind == "ci" && (len(args) == 0 || !regexp.MustCompile(`(?m)\s`+regexp.QuoteMeta(strings.Join(args, " "))+`$`).MatchString(k.steps)):
		return fmt.Errorf("<!-- check: ci %s -->: no command of Taskfile.yml's test target or of .ci/run ends with %q", rest, rest)
	case kind == "test":
		data, err := os.ReadFile(filepath.Join(k.root, filepath.FromSlash(append(args, "")[0])))
		if len(args) < 2 || err != nil || !regexp.MustCompile(`(?m)^(func|def|async def) `+regexp.QuoteMeta(args[1])+`\(`).Match(data) {
			return fmt.Errorf("<!-- check: test %s -->: want a test file and a test it defines (Go func or Python def)", rest)
		}
	case kind == "run" && !k.norun:
		return k.run(doc, cmds, rest)
	case kind != "skip" && kind != "ci" && kind != "run":
		return fmt.Errorf("$ %s\n    this block of commands needs a comment on the line before its fence: <!-- check: run|ci STEP|test PATH NAME|skip REASON -->", cmds[0].text)
	}
	return nil
}

// run runs a block's commands with bash as its options say (checking-docs.md
// lists them), and compares what they print and their status with the block.
func (k *docChecker) run(doc string, cmds []docCmd, opts string) error {
	words, err := shellwords.Split(opts)
	if err != nil {
		return fmt.Errorf("<!-- check: run %s -->: %v", opts, err)
	}
	dir, docAddr, exit, srv, swap, solve := k.root, "localhost:50051", "0", (*server)(nil), []string{}, strings.NewReplacer()
	for _, w := range words {
		switch key, val, _ := strings.Cut(w, "="); key {
		case "dir":
			dir = filepath.Join(k.root, filepath.FromSlash(val))
		case "solution":
			swap, dir = append(swap, "solutions/", "lessons/"), filepath.Join(k.root, strings.Replace(path.Dir(doc), "lessons/", "solutions/", 1))
			solve = strings.NewReplacer("lessons/", "solutions/", "task lesson-", "task solution-")
		case "addr":
			docAddr = val
		case "exit":
			exit = val
		case "server":
			if srv, err = k.server(cmp.Or(val, "finished/cmd/server")); err != nil {
				return err
			}
		default:
			return fmt.Errorf("<!-- check: run %s -->: unknown option %q (dir=, solution, server, server=, addr=, exit=)", opts, w)
		}
	}
	if srv != nil {
		swap = append(swap, srv.addr, docAddr)
	}
	for _, c := range cmds {
		text := solve.Replace(c.text)
		if d, ok := strings.CutPrefix(text, "cd "); ok && !strings.ContainsAny(d, " ;&|") {
			dir = filepath.Join(dir, filepath.FromSlash(d))
			continue
		}
		if srv != nil {
			text = withAddr(text, docAddr, srv.addr)
		}
		if rest, ok := strings.CutPrefix(text, "python "); ok {
			py, err := ensureVenv(k.root)
			if err != nil {
				return err
			}
			text = "'" + py + "' " + rest
		}
		ctx, cancel := context.WithTimeout(k.ctx, 5*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "-c", text)
		cmd.Dir, cmd.Stdin, cmd.WaitDelay = dir, strings.NewReader(c.stdin), 5*time.Second
		// Task colors its messages when CI is set; a learner's terminal
		// shows the same text without the escape codes.
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		if cancel(); cmd.ProcessState == nil {
			return fmt.Errorf("$ %s\n    cannot run it: %v", c.text, err)
		}
		got := strings.NewReplacer(swap...).Replace(string(out))
		var msgs []string
		if code := strconv.Itoa(cmd.ProcessState.ExitCode()); exit != "any" && code != exit {
			msgs = append(msgs, fmt.Sprintf("it exited with status %s; the comment wants %s (exit=N sets it)", code, exit))
		}
		if len(c.output) > 0 && !outputMatches(c.output, got) {
			msgs = append(msgs, "the doc shows (durations, test files' line numbers and runs of spaces aside; a line ... stands for lines left out, a line ending in ... for the rest of a line):\n"+indent(strings.Join(c.output, "\n"), "    | "))
		}
		if len(msgs) > 0 {
			return fmt.Errorf("$ %s\n    %s\n    it printed:\n%s", c.text, strings.Join(msgs, "\n    "), indent(got, "    | "))
		}
	}
	return nil
}

// server builds and starts a server program (a package path from the root,
// then its flags) on a free loopback port, once per check, as a demo does.
func (k *docChecker) server(spec string) (*server, error) {
	if s := k.demo.servers[spec]; s != nil {
		return s, nil
	}
	w, name := strings.Fields(spec), fmt.Sprint("server", len(k.demo.servers))
	if err := k.demo.build(k.ctx, map[string]string{name: "./" + w[0]}); err != nil {
		return nil, fmt.Errorf("server=%s: %w", w[0], err)
	}
	s, err := startProc(k.ctx, k.root, append([]string{filepath.Join(k.demo.bin, exeName(name)), "-addr", "127.0.0.1:0"}, w[1:]...))
	if err == nil {
		k.demo.servers[spec] = s
	}
	return s, err
}

// withAddr puts the server's address where the command has the doc's, or
// gives it to a command that names none.
func withAddr(text, docAddr, addr string) string {
	loc := addrAt.FindStringIndex(text)
	if strings.Contains(text, docAddr) || loc == nil {
		return strings.ReplaceAll(text, docAddr, addr)
	}
	flag := " -addr "
	if m := text[loc[0]:loc[1]]; strings.HasPrefix(m, "go tool task") {
		flag = " ADDR="
	} else if strings.HasSuffix(m, ".py") {
		flag = " --addr "
	}
	return text[:loc[1]] + flag + addr + text[loc[1]:]
}

// outputMatches compares the lines a doc shows with a command's output,
// durations, the line numbers of test files (x_test.go:42:, which move as
// tests are edited) and runs of spaces aside; a line "..." stands for any
// lines, and a line ending in " ..." for any line that begins as it does.
func outputMatches(want []string, got string) bool {
	norm := func(l string) string {
		l = testLineRE.ReplaceAllString(durationRE.ReplaceAllString(l, ""), "$1:N:")
		return strings.Join(strings.Fields(l), " ")
	}
	re, g := "", ""
	for len(want) > 0 && want[len(want)-1] == "" {
		want = want[:len(want)-1]
	}
	for _, l := range want {
		switch n := norm(l); {
		case l == "...":
			re += `(?:.*\n)*`
		case strings.HasSuffix(n, " ..."):
			re += regexp.QuoteMeta(strings.TrimSuffix(n, "...")) + `.*\n`
		default:
			re += regexp.QuoteMeta(n) + `\n`
		}
	}
	for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		g += norm(l) + "\n"
	}
	return regexp.MustCompile(`^` + re + `$`).MatchString(g)
}

// checkLink says what is wrong with a link of doc name, or returns "".
// Links to other sites are not fetched.
func checkLink(root string, docs map[string]*mdDoc, name, target string) string {
	file, anchor, _ := strings.Cut(target, "#")
	rel := name
	if file != "" {
		rel = path.Clean(path.Join(path.Dir(name), file))
	}
	_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	switch {
	case regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:|^//`).MatchString(target):
		return ""
	case target == "" || rel == ".." || strings.HasPrefix(rel, "../"):
		return "empty, or outside the repository"
	case err != nil:
		return rel + " does not exist"
	case anchor == "":
		return ""
	case docs[rel] == nil:
		return fmt.Sprintf("%s is not a Markdown file, so it has no #%s", rel, anchor)
	case !docs[rel].anchors[anchor]:
		return fmt.Sprintf("%s has no heading with the anchor #%s", rel, anchor)
	}
	return ""
}

// pairOf names an English doc and its Korean edition: X.md and X.ko.md.
func pairOf(name string) (en, ko string) {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".md"), ".ko")
	return base + ".md", base + ".ko.md"
}

// The first line of both files of a pair (after any leading HTML comment
// lines) switches to the other language.
const switchEn, switchKo = "**English** | [한국어](%s)", "[English](%s) | **한국어**"

// parity holds a Korean edition to its English file (docs/checking-docs.md,
// "Korean editions"): the language switches, then the same fenced blocks
// byte for byte with their check comments, and the same link targets, in
// order, X.md read as X.ko.md where the Korean edition exists. It reports
// the first difference of each kind.
func parity(docs map[string]*mdDoc, en, ko string) []string {
	e, k := docs[en], docs[ko]
	first := func(d *mdDoc) int {
		i := 0
		for i < len(d.lines)-1 && strings.HasPrefix(d.lines[i], "<!--") && strings.HasSuffix(d.lines[i], "-->") {
			i++
		}
		return i
	}
	hasSwitch := func(d *mdDoc, want string) bool { return d.lines[first(d)] == want }
	if e == nil {
		if strings.HasPrefix(k.lines[0], "<!-- korean only:") {
			return nil
		}
		return []string{fmt.Sprintf("%s:1: %s does not exist: a Korean edition translates its English file (or starts with <!-- korean only: REASON -->)", ko, en)}
	}
	var out []string
	add := func(name string, i int, format string, args ...any) {
		out = append(out, fmt.Sprintf("%s:%d: ", name, i+1)+fmt.Sprintf(format, args...))
	}
	if want := fmt.Sprintf(switchEn, path.Base(ko)); !hasSwitch(e, want) {
		add(en, first(e), "the first line must switch to the Korean edition: %s", want)
	}
	if want := fmt.Sprintf(switchKo, path.Base(en)); !hasSwitch(k, want) {
		add(ko, first(k), "the first line must switch to the English file: %s", want)
	}
	// The blocks, each with the check comment before it.
	for i := 0; i < max(len(e.blocks), len(k.blocks)); i++ {
		if i >= len(e.blocks) || i >= len(k.blocks) {
			add(ko, len(k.lines)-1, "%s has %d fenced blocks and %s has %d: copy each block of %s, in order", ko, len(k.blocks), en, len(e.blocks), en)
			break
		}
		b, c := e.blocks[i], k.blocks[i]
		if b.check != c.check {
			add(ko, c.line-2, "fenced block %d's comment is <!-- check: %s -->, but %s:%d's is <!-- check: %s -->: copy it", i+1, c.check, en, b.line-1, b.check)
			break
		}
		bl, cl := append([]string{e.lines[b.line-1]}, b.lines...), append([]string{k.lines[c.line-1]}, c.lines...)
		j := 0
		for j < len(bl) && j < len(cl) && bl[j] == cl[j] {
			j++
		}
		if j < len(bl) || j < len(cl) {
			add(ko, c.line-1+j, "fenced block %d differs from %s:%d's, line %d: copy the block byte for byte\n    %s: %q\n    %s: %q", i+1, en, b.line, j+1, en, append(bl, "")[j], ko, append(cl, "")[j])
			break
		}
	}
	// The links, but the switch line's.
	type link struct {
		line   int
		target string
	}
	links := func(d *mdDoc, name string, ko bool) (ls []link) {
		for i, l := range d.prose {
			if i == first(d) {
				continue
			}
			for _, m := range linkRE.FindAllStringSubmatch(codeSpanRE.ReplaceAllString(l, ""), -1) {
				t := m[1] + m[2] + m[3]
				if file, _, _ := strings.Cut(t, "#"); !regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:|^//`).MatchString(t) {
					t = file // the anchor names a heading in the file's own language
					if _, kt := pairOf(path.Join(path.Dir(name), file)); !ko && strings.HasSuffix(file, ".md") && docs[kt] != nil {
						t = strings.TrimSuffix(file, ".md") + ".ko.md" // X.md has a Korean edition: the Korean file links to it
					}
				}
				ls = append(ls, link{i, t})
			}
		}
		return ls
	}
	el, kl := links(e, en, false), links(k, ko, true)
	for i := 0; i < max(len(el), len(kl)); i++ {
		switch {
		case i >= len(el):
			add(ko, kl[i].line, "link %d (%s) is one more than %s has: the links of a Korean edition are its English file's, in order", i+1, kl[i].target, en)
		case i >= len(kl):
			add(ko, len(k.lines)-1, "%s has %d links and %s has %d: link %d, %s at %s:%d, is missing", ko, len(kl), en, len(el), i+1, el[i].target, en, el[i].line+1)
		case el[i].target != kl[i].target:
			add(ko, kl[i].line, "link %d goes to %s, but %s:%d's goes to what is %s in Korean", i+1, kl[i].target, en, el[i].line+1, el[i].target)
		default:
			continue
		}
		break
	}
	return out
}
