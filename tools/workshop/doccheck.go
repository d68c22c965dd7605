package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"maps"
	"fmt"
	"net/url"
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

// cmdDocCheck keeps the docs true (docs/checking-docs.md explains): in
// every Markdown file, relative links and #anchors must resolve, and every
// fenced block of shell commands must carry, on the line before it, a
// comment <!-- check: KIND ... --> that says how it is kept true: run (run
// it here and compare the output), ci STEP, test PATH NAME, or skip REASON.
// -norun does everything but run the run blocks.
func cmdDocCheck(c *Course, args []string) error {
	fs := flag.NewFlagSet("doccheck", flag.ContinueOnError)
	norun := fs.Bool("norun", false, "check links and annotations, but run no command")
	if err := fs.Parse(args); err != nil {
		return errors.New("usage: go tool workshop doccheck [-norun] [FILE.md...]")
	}
	k := &docChecker{root: c.Root, norun: *norun, only: fs.Args(), servers: map[string]*server{}}
	defer k.close()
	defer onSignal(k.close)()
	problems, counts, err := k.check()
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		fmt.Printf("\ndoccheck: %d problems. docs/checking-docs.md explains the <!-- check: run|ci STEP|test PATH NAME|skip REASON --> comments.\n", len(problems))
		return exitError(1)
	}
	fmt.Printf("doccheck: links ok; blocks of commands: %d run, %d run by a CI step, %d by a test, %d not runnable with a reason.\n", counts["run"], counts["ci"], counts["test"], counts["skip"])
	return nil
}

// A docChecker checks the docs under root; it starts servers for run
// blocks that ask for one, and close stops them.
type docChecker struct {
	root    string
	norun   bool
	only    []string // the docs to check, relative to root; all when empty
	steps   []string // the commands of Taskfile.yml's test target and of .ci/run
	servers map[string]*server
	bin     string // where the servers are built
}

// check checks every Markdown file under root and returns the problems
// found and how many blocks of each kind it saw.
func (k *docChecker) check() ([]string, map[string]int, error) {
	docs := map[string]*mdDoc{}
	err := filepath.WalkDir(k.root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && strings.Contains(" .git .venv bin node_modules testdata __pycache__ .pytest_cache ", " "+d.Name()+" ") {
			return cmpErr(err, filepath.SkipDir)
		}
		if data, err := os.ReadFile(p); err == nil && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(k.root, p)
			docs[filepath.ToSlash(rel)] = parseMarkdown(string(data))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for f, re := range map[string]string{"Taskfile.yml": `(?m)^\s+- (.+)$`, ".ci/run": `(?m)^([^#\s].*)$`} {
		data, _ := os.ReadFile(filepath.Join(k.root, f))
		text := string(data)
		if f == "Taskfile.yml" { // the commands of the test target
			_, text, _ = strings.Cut(text, "\n  test:\n")
			text = regexp.MustCompile(`\n  \S`).Split(text, 2)[0]
		}
		for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(text, -1) {
			k.steps = append(k.steps, strings.TrimSpace(m[1]))
		}
	}
	var problems []string
	counts := map[string]int{}
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		d := docs[name]
		if len(k.only) > 0 && !slices.Contains(k.only, name) {
			continue
		}
		for i, line := range d.prose {
			for _, m := range linkRE.FindAllStringSubmatch(codeSpanRE.ReplaceAllString(line, ""), -1) {
				if msg := k.checkLink(docs, name, m[1]+m[2]+m[3]); msg != "" {
					problems = append(problems, fmt.Sprintf("%s:%d: link %q: %s", name, i+1, m[1]+m[2]+m[3], msg))
				}
			}
		}
		for _, b := range d.blocks {
			if cmds := b.commands(); len(cmds) > 0 {
				kind, _, _ := strings.Cut(b.check, " ")
				counts[kind]++
				if err := k.checkBlock(name, b, cmds); err != nil {
					problems = append(problems, fmt.Sprintf("%s:%d: %s", name, b.line, err))
				}
			}
		}
	}
	return problems, counts, nil
}

// cmpErr is err, or if err is nil, instead.
func cmpErr(err, instead error) error {
	if err != nil {
		return err
	}
	return instead
}

// An mdDoc is one Markdown file: its prose lines (those of fenced blocks
// blanked, so that line numbers hold), its fenced blocks, and the anchors
// its headings and <a id> tags make.
type mdDoc struct {
	prose   []string
	blocks  []mdBlock
	anchors map[string]bool
}

// An mdBlock is one fenced block, with the <!-- check: ... --> comment of
// the line before its opening fence ("" if there is none).
type mdBlock struct {
	line  int
	lang  string
	lines []string
	check string
}

var (
	fenceRE    = regexp.MustCompile("^( *)(`{3,}|~{3,})\\s*([^`\\s]*)")
	headingRE  = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*?)[\s#]*$`)
	htmlIDRE   = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	checkRE    = regexp.MustCompile(`^\s*<!-- check:(.*)-->\s*$`)
	codeSpanRE = regexp.MustCompile("`+[^`]*`+")
	// linkRE finds [text](target "title"), [name]: target, href="" and src="".
	linkRE     = regexp.MustCompile(`\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)="([^"]*)"`)
	notSlugRE  = regexp.MustCompile(`[^\p{L}\p{M}\p{N}_\- ]`)
	linkTextRE = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
)

func parseMarkdown(text string) *mdDoc {
	d := &mdDoc{anchors: map[string]bool{}}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	seen := map[string]int{}
	for i := 0; i < len(lines); i++ {
		f := fenceRE.FindStringSubmatch(lines[i])
		if f == nil {
			d.prose = append(d.prose, lines[i])
			if h := headingRE.FindStringSubmatch(lines[i]); h != nil {
				// GitHub's anchor: the rendered text, lower-case, punctuation dropped, spaces to hyphens.
				slug := strings.ReplaceAll(notSlugRE.ReplaceAllString(strings.ToLower(linkTextRE.ReplaceAllString(h[1], "$1")), ""), " ", "-")
				if n := seen[slug]; n > 0 {
					d.anchors[slug+"-"+strconv.Itoa(n)] = true
				} else {
					d.anchors[slug] = true
				}
				seen[slug]++
			}
			for _, m := range htmlIDRE.FindAllStringSubmatch(lines[i], -1) {
				d.anchors[m[1]] = true
			}
			continue
		}
		b := mdBlock{line: i + 1, lang: strings.ToLower(f[3])}
		if m := checkRE.FindStringSubmatch(lines[max(i-1, 0)]); m != nil && i > 0 {
			b.check = strings.TrimSpace(m[1])
		}
		d.prose = append(d.prose, "")
		for i++; i < len(lines); i++ {
			d.prose = append(d.prose, "")
			if t := strings.TrimSpace(lines[i]); strings.HasPrefix(t, f[2]) && strings.Trim(t, f[2][:1]) == "" {
				break
			}
			b.lines = append(b.lines, strings.TrimPrefix(lines[i], f[1])) // a fence indented in a list indents its lines
		}
		d.blocks = append(d.blocks, b)
	}
	return d
}

// A docCmd is one command of a block: the text after "$ " (lines that end
// in a backslash joined), the here-document it reads, and the output shown.
type docCmd struct {
	text, stdin string
	output      []string
}

var (
	shellLangs = map[string]bool{"console": true, "sh": true, "bash": true, "shell": true, "zsh": true, "shell-session": true, "powershell": true, "pwsh": true, "ps1": true, "cmd": true, "bat": true}
	heredocRE  = regexp.MustCompile(`\s*<<-?\s*'?(\w+)'?\s*$`)
)

// commands lists the commands a block shows: its "$ " lines with their
// output, or in a shell block without prompts every line but comments.
func (b mdBlock) commands() []docCmd {
	var cmds []docCmd
	prompts := false
	for _, l := range b.lines {
		prompts = prompts || strings.HasPrefix(l, "$ ")
	}
	if !prompts && !shellLangs[b.lang] {
		return nil
	}
	for i := 0; i < len(b.lines); i++ {
		line := b.lines[i]
		if prompts && !strings.HasPrefix(line, "$ ") {
			if len(cmds) > 0 {
				cmds[len(cmds)-1].output = append(cmds[len(cmds)-1].output, line)
			}
			continue
		}
		t := strings.TrimSpace(strings.TrimPrefix(line, "$ "))
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "REM ") {
			continue
		}
		for strings.HasSuffix(t, "\\") && i+1 < len(b.lines) {
			i++
			t = strings.TrimSuffix(t, "\\") + strings.TrimSpace(b.lines[i])
		}
		c := docCmd{text: t}
		if m := heredocRE.FindStringSubmatchIndex(t); m != nil {
			c.text = t[:m[0]]
			for i++; i < len(b.lines) && b.lines[i] != t[m[2]:m[3]]; i++ {
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
	switch kind {
	case "skip":
		if len(args) > 0 {
			return nil
		}
		return errors.New("<!-- check: skip --> needs a reason: why can this not run here?")
	case "ci":
		for _, s := range k.steps {
			if len(args) > 0 && strings.HasSuffix(s, strings.Join(args, " ")) {
				return nil
			}
		}
		return fmt.Errorf("<!-- check: ci %s -->: no command of Taskfile.yml's test target or of .ci/run ends with %q (they are: %s)", rest, rest, strings.Join(k.steps, "; "))
	case "test":
		if len(args) < 2 {
			return errors.New("<!-- check: test PATH NAME --> needs the test file and the test's name")
		}
		data, err := os.ReadFile(filepath.Join(k.root, filepath.FromSlash(args[0])))
		if err != nil || !regexp.MustCompile(`(?m)^(func|def|async def) `+regexp.QuoteMeta(args[1])+`\(`).Match(data) {
			return fmt.Errorf("<!-- check: test %s %s -->: %s has no test %s", args[0], args[1], args[0], args[1])
		}
		return nil
	case "run":
		if k.norun {
			return nil
		}
		return k.run(doc, cmds, rest)
	}
	return fmt.Errorf("$ %s\n    this block of commands needs a comment on the line before its fence: <!-- check: run|ci STEP|test PATH NAME|skip REASON -->", cmds[0].text)
}

// run runs a run block's commands with bash, as its options say
// (docs/checking-docs.md lists them), and compares what they print and
// their exit status with the block.
func (k *docChecker) run(doc string, cmds []docCmd, opts string) error {
	words, err := shellwords.Split(opts)
	if err != nil {
		return fmt.Errorf("<!-- check: run %s -->: %v", opts, err)
	}
	dir, docAddr, exit, srv := k.root, "localhost:50051", "0", (*server)(nil)
	solution := false
	for _, w := range words {
		key, val, _ := strings.Cut(w, "=")
		switch key {
		case "dir":
			dir = filepath.Join(k.root, filepath.FromSlash(val))
		case "solution":
			solution, dir = true, filepath.Join(k.root, strings.Replace(path.Dir(doc), "lessons/", "solutions/", 1))
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
	for _, c := range cmds {
		text := c.text
		if d, ok := strings.CutPrefix(text, "cd "); ok && !strings.ContainsAny(d, " ;&|") {
			if solution { // the solution's folder stands for the lesson's
				d = strings.Replace(d, "lessons/", "solutions/", 1)
			}
			if strings.HasPrefix(d, "lessons/") || strings.HasPrefix(d, "solutions/") {
				dir = filepath.Join(k.root, filepath.FromSlash(d)) // the docs name these from the root
			} else {
				dir = filepath.Join(dir, filepath.FromSlash(d))
			}
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
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "-c", text)
		cmd.Dir, cmd.Stdin, cmd.WaitDelay = dir, strings.NewReader(c.stdin), 5*time.Second
		out, err := cmd.CombinedOutput()
		cancel()
		code := 0
		if e := (*exec.ExitError)(nil); errors.As(err, &e) {
			code = e.ExitCode()
		} else if err != nil {
			return fmt.Errorf("$ %s\n    cannot run it: %v", c.text, err)
		}
		got := string(out)
		if srv != nil {
			got = strings.ReplaceAll(got, srv.addr, docAddr)
		}
		if solution {
			got = strings.ReplaceAll(got, "solutions/", "lessons/")
		}
		var msgs []string
		if exit != "any" && strconv.Itoa(code) != exit {
			msgs = append(msgs, fmt.Sprintf("it exited with status %d; the comment wants %s (exit=N sets it)", code, exit))
		}
		if len(c.output) > 0 && !outputMatches(c.output, got) {
			msgs = append(msgs, "the doc shows (durations and runs of spaces aside; a line ... stands for lines left out):\n"+indent(strings.Join(c.output, "\n"), "    | "))
		}
		if len(msgs) > 0 {
			msgs = append(msgs, "it printed:\n"+indent(got, "    | "))
		}
		if len(msgs) > 0 {
			return fmt.Errorf("$ %s\n    %s", c.text, strings.Join(msgs, "\n    "))
		}
	}
	return nil
}

// server builds and starts a server program (a package path from the root,
// then its flags) on a free loopback port, once per check.
func (k *docChecker) server(spec string) (*server, error) {
	if s := k.servers[spec]; s != nil {
		return s, nil
	}
	if k.bin == "" {
		var err error
		if k.bin, err = os.MkdirTemp("", "workshop-doccheck-"); err != nil {
			return nil, err
		}
	}
	w := strings.Fields(spec)
	exe := filepath.Join(k.bin, strconv.Itoa(len(k.servers)), exeName(path.Base(w[0])))
	if out, err := runQuiet(k.root, "go", "build", "-o", exe, "./"+w[0]); err != nil {
		return nil, fmt.Errorf("server=%s: cannot build it:\n%s", w[0], out)
	}
	s, err := startServer(exe, append([]string{"-addr", "127.0.0.1:0"}, w[1:]...)...)
	if err != nil {
		return nil, err
	}
	k.servers[spec] = s
	return s, nil
}

// close stops the servers the checker started.
func (k *docChecker) close() {
	for spec, s := range k.servers {
		s.stop()
		delete(k.servers, spec)
	}
	if k.bin != "" {
		os.RemoveAll(k.bin)
		k.bin = ""
	}
}

// addrAt finds where a command takes an address: after a Task target
// (ADDR=), a Python script (--addr) or a ./program (-addr).
var addrAt = regexp.MustCompile(`go tool task \S+|\S+\.py\b|\./\S+`)

// withAddr puts the server's address where the command has the doc's, or
// gives it to a command that names none.
func withAddr(text, docAddr, addr string) string {
	if strings.Contains(text, docAddr) {
		return strings.ReplaceAll(text, docAddr, addr)
	}
	loc := addrAt.FindStringIndex(text)
	if loc == nil {
		return text
	}
	flag := " -addr "
	if m := text[loc[0]:loc[1]]; strings.HasPrefix(m, "go tool task") {
		flag = " ADDR="
	} else if strings.HasSuffix(m, ".py") {
		flag = " --addr "
	}
	return text[:loc[1]] + flag + addr + text[loc[1]:]
}

var (
	durationRE = regexp.MustCompile(`(\d+h)?(\d+m)?\d+(\.\d+)?(ns|µs|μs|us|ms|s)\b|\(cached\)`)
	spaceRE    = regexp.MustCompile(`[ \t]+`)
)

// outputMatches compares the lines a doc shows with what a command
// printed: durations and runs of spaces aside, a line "..." standing for
// any number of lines.
func outputMatches(want []string, got string) bool {
	norm := func(s string) string {
		s = strings.ReplaceAll(durationRE.ReplaceAllString(s, "DUR"), "(DUR)", "")
		return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
	}
	var w, g []string
	for _, l := range want {
		w = append(w, norm(l))
	}
	for len(w) > 0 && w[len(w)-1] == "" {
		w = w[:len(w)-1]
	}
	for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		g = append(g, norm(l))
	}
	var match func(w, g []string) bool
	match = func(w, g []string) bool {
		if len(w) > 0 && w[0] == "..." {
			return match(w[1:], g) || len(g) > 0 && match(w, g[1:])
		}
		if len(w) == 0 || len(g) == 0 {
			return len(w) == len(g)
		}
		return w[0] == g[0] && match(w[1:], g[1:])
	}
	return match(w, g)
}

// checkLink checks one link of doc name and says what is wrong with it, or
// returns "". Links to other sites are not fetched.
func (k *docChecker) checkLink(docs map[string]*mdDoc, name, target string) string {
	if regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:|^//`).MatchString(target) {
		return ""
	}
	file, anchor, _ := strings.Cut(target, "#")
	file, _, _ = strings.Cut(file, "?")
	if f, err := url.PathUnescape(file); err == nil {
		file = f
	}
	rel := name
	if strings.HasPrefix(file, "/") { // GitHub reads /x from the repository root
		rel = path.Clean(file[1:])
	} else if file != "" {
		rel = path.Clean(path.Join(path.Dir(name), file))
	}
	info, err := os.Stat(filepath.Join(k.root, filepath.FromSlash(rel)))
	switch {
	case target == "":
		return "empty link"
	case rel == ".." || strings.HasPrefix(rel, "../"):
		return "points outside the repository"
	case err != nil:
		return rel + " does not exist"
	case anchor == "" || regexp.MustCompile(`^L\d+(-L\d+)?$`).MatchString(anchor) && !info.IsDir():
		return ""
	case docs[rel] == nil:
		return fmt.Sprintf("%s is not a Markdown file, so it has no #%s", rel, anchor)
	case !docs[rel].anchors[anchor]:
		return fmt.Sprintf("%s has no heading with the anchor #%s", rel, anchor)
	}
	return ""
}

// onSignal runs cleanup and exits when the process gets an interrupt or
// SIGTERM (from Ctrl-C, or from a CI timeout), so that the servers a
// command started do not outlive it. The returned function stops watching.
func onSignal(cleanup func()) (stop func()) {
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigc:
			fmt.Fprintf(os.Stderr, "\n%v: stopping the servers this command started\n", sig)
			cleanup()
			os.Exit(130)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigc)
		close(done)
	}
}
