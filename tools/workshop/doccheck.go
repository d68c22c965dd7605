package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"grpcworkshop/testkit/shellwords"
)

// cmdDocCheck keeps the docs true. Over every Markdown file of the
// repository (README.md, docs/, each lesson's and solution's README, ...):
//
//   - every relative link must lead to a file that exists, and every #anchor
//     to a heading of the file it points into;
//   - every shell command shown in a fenced block must match a rule of
//     docRules (docrules.go) that says how it is kept true: doccheck runs it
//     and compares its output with the doc, or it names the CI step or the
//     test that runs it, or it gives the reason it cannot run in CI (it
//     installs software, or serves until Ctrl-C). A command that matches no
//     rule fails, and so does a rule that matches no command;
//   - every `go tool task NAME` (also in inline code) must name a target of
//     Taskfile.yml, every `go tool workshop NAME` a runner command, every
//     `go tool NAME` a pinned tool, and every `go install PKG@VERSION` the
//     version tools/go.mod pins;
//   - the instructor guide's lesson headings must match lessons.json.
//
// -list prints each command with its rule and runs nothing; -norun does
// every check except running commands.
func cmdDocCheck(c *Course, args []string) error {
	fs := flag.NewFlagSet("doccheck", flag.ContinueOnError)
	list := fs.Bool("list", false, "list every command the docs show, with the rule that keeps it true; run nothing")
	norun := fs.Bool("norun", false, "check links, rules, Task targets and pins, but run no command")
	if err := fs.Parse(args); err != nil {
		return errors.New("usage: go tool workshop doccheck [-list] [-norun]")
	}
	docs, err := readMarkdown(c.Root)
	if err != nil {
		return err
	}
	facts, err := loadRepoFacts(c.Root)
	if err != nil {
		return err
	}
	rules, err := compileRules(docRules)
	if err != nil {
		return err
	}
	r := &docReport{}
	r.problems = append(r.problems, checkLinks(c.Root, docs)...)
	r.problems = append(r.problems, checkCourseFacts(c, docs)...)
	cmds := docCommands(docs)
	r.problems = append(r.problems, checkInlineCommands(docs, facts)...)
	plan := classify(cmds, rules)
	r.problems = append(r.problems, checkPlan(c.Root, plan, rules, facts)...)

	if *list {
		for _, p := range plan {
			fmt.Printf("%s:%d: $ %s\n", p.cmd.Doc, p.cmd.Line, p.cmd.Text)
			if p.rule == nil {
				fmt.Printf("    NO RULE\n")
				continue
			}
			fmt.Printf("    %s\n", p.rule.Check)
		}
	}
	ran := 0
	if !*list && !*norun {
		runner := newDocRunner(c)
		defer runner.close()
		defer onSignal(runner.close)()
		for _, p := range plan {
			if p.rule == nil {
				continue
			}
			spec, ok := p.rule.Check.(runIt)
			if !ok {
				continue
			}
			if spec.Via != "" {
				spec.Via = p.rule.re.ReplaceAllString(p.cmd.Text, spec.Via)
			}
			start := time.Now()
			if err := runner.run(p.cmd, spec); err != nil {
				r.problems = append(r.problems, fmt.Sprintf("%s:%d: $ %s\n%s", p.cmd.Doc, p.cmd.Line, p.cmd.Text, indent(err.Error(), "    ")))
			}
			ran++
			if d := time.Since(start); d > 5*time.Second {
				fmt.Printf("  (%s:%d took %.0fs)\n", p.cmd.Doc, p.cmd.Line, d.Seconds())
			}
		}
	}

	counts := map[string]int{}
	for _, p := range plan {
		if p.rule != nil {
			counts[p.rule.Check.kind()]++
		}
	}
	if len(r.problems) > 0 {
		fmt.Printf("doccheck found %d problems:\n\n", len(r.problems))
		for _, p := range r.problems {
			fmt.Println(p)
		}
		fmt.Println("\nA command that no rule covers needs a rule in tools/workshop/docrules.go: run it, name the CI step or test that runs it, or give the reason it cannot run. docs/checking-docs.md explains.")
		return exitError(1)
	}
	fmt.Printf("doccheck: %d Markdown files, links ok; %d commands: %d run by doccheck (%d ran now), %d run by CI steps, %d run by tests, %d not runnable here, each with its reason.\n",
		len(docs), len(plan), counts["run"], ran, counts["ci"], counts["test"], counts["skip"])
	return nil
}

type docReport struct{ problems []string }

// A docCommand is one shell command shown in a doc.
type docCommand struct {
	Doc    string   // the Markdown file, relative to the root
	Line   int      // the line the command starts on
	Lang   string   // the block's language ("console", "sh", "powershell", or "")
	Text   string   // the command: continuation lines joined, trailing comment removed
	Output []string // the lines the doc shows after it (console blocks only)
	Marker string   // the HTML comment right before the block, if any
}

// commandLangs are the fenced-block languages whose every line is a command
// (no prompt, no output). console blocks, and blocks without a language,
// hold "$ command" lines followed by their output.
var commandLangs = map[string]bool{
	"sh": true, "bash": true, "shell": true, "zsh": true,
	"powershell": true, "pwsh": true, "ps1": true, "cmd": true, "bat": true,
}

// docCommands extracts every shell command from the docs' fenced blocks.
func docCommands(docs []*mdDoc) []docCommand {
	var cmds []docCommand
	for _, d := range docs {
		for _, b := range d.Blocks {
			cmds = append(cmds, blockCommands(d.Path, b)...)
		}
	}
	return cmds
}

func blockCommands(doc string, b mdBlock) []docCommand {
	var cmds []docCommand
	switch {
	case commandLangs[b.Lang]:
		cont := "\\"
		if b.Lang == "powershell" || b.Lang == "pwsh" || b.Lang == "ps1" {
			cont = "`"
		}
		for i := 0; i < len(b.Lines); i++ {
			line := strings.TrimSpace(b.Lines[i])
			if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "REM ") {
				continue
			}
			c := docCommand{Doc: doc, Line: b.Line + 1 + i, Lang: b.Lang, Marker: b.Marker}
			for strings.HasSuffix(line, cont) && i+1 < len(b.Lines) {
				i++
				line = strings.TrimSpace(strings.TrimSuffix(line, cont)) + " " + strings.TrimSpace(b.Lines[i])
			}
			c.Text = stripComment(line)
			cmds = append(cmds, c)
		}
	case b.Lang == "console" || b.Lang == "shell-session" || b.Lang == "" || b.Lang == "text":
		var cur *docCommand
		for i := 0; i < len(b.Lines); i++ {
			line := b.Lines[i]
			if strings.HasPrefix(line, "$ ") {
				if cur != nil {
					cmds = append(cmds, *cur)
				}
				cur = &docCommand{Doc: doc, Line: b.Line + 1 + i, Lang: b.Lang, Marker: b.Marker}
				text := strings.TrimSpace(strings.TrimPrefix(line, "$ "))
				for strings.HasSuffix(text, "\\") && i+1 < len(b.Lines) {
					i++
					text = strings.TrimSpace(strings.TrimSuffix(text, "\\")) + " " + strings.TrimSpace(b.Lines[i])
				}
				cur.Text = stripComment(text)
				continue
			}
			if cur != nil {
				cur.Output = append(cur.Output, line)
			}
		}
		if cur != nil {
			cmds = append(cmds, *cur)
		}
	}
	return cmds
}

// stripComment removes a trailing "# comment" that sits outside quotes.
func stripComment(s string) string {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t'):
			return strings.TrimSpace(s[:i])
		}
	}
	return strings.TrimSpace(s)
}

// A docRule says how the commands it matches are kept true.
type docRule struct {
	Doc    string   // a path.Match pattern for the doc; "" matches any doc
	Cmd    string   // a regexp that must match the whole command
	Output string   // if set, the rule applies only where the shown output contains this
	Marker string   // if set, the block's marker comment must start with this
	Check  docCheck // how the command is kept true

	re *regexp.Regexp
}

func (r *docRule) String() string {
	s := "rule " + fmt.Sprintf("%q", r.Cmd)
	if r.Doc != "" {
		s += " in " + r.Doc
	}
	if r.Output != "" {
		s += fmt.Sprintf(" with output %q", r.Output)
	}
	return s
}

func (r *docRule) matches(c docCommand) bool {
	if r.Doc != "" {
		if ok, _ := path.Match(r.Doc, c.Doc); !ok {
			return false
		}
	}
	if r.Output != "" && !strings.Contains(strings.Join(c.Output, "\n"), r.Output) {
		return false
	}
	if r.Marker != "" && !strings.HasPrefix(c.Marker, r.Marker) {
		return false
	}
	return r.re.MatchString(c.Text)
}

func compileRules(rules []docRule) ([]*docRule, error) {
	var out []*docRule
	for i := range rules {
		r := rules[i]
		re, err := regexp.Compile(`^(?:` + r.Cmd + `)$`)
		if err != nil {
			return nil, fmt.Errorf("docrules.go: rule %q: %w", r.Cmd, err)
		}
		r.re = re
		if r.Check == nil {
			return nil, fmt.Errorf("docrules.go: rule %q says nothing about how it is checked", r.Cmd)
		}
		out = append(out, &r)
	}
	return out, nil
}

// A docCheck is how a rule keeps its commands true: runIt, ciStep, testedBy
// or cannotRun.
type docCheck interface {
	kind() string // "run", "ci", "test" or "skip"
	String() string
}

// runIt: doccheck runs the command and compares its output with the lines
// the doc shows after it.
type runIt struct {
	Dir     string // the folder to run in, relative to the root ("" is the root)
	Via     string // run this command instead and hold the doc's output against it (Why says why); $1 is the rule's first group
	Server  string // "aggserver", "finished" or "rpcserver" (see serverPackages): start it on a free port first
	Inject  string // pass the server's address with this flag ("-addr", "--addr") or Task variable ("ADDR=") unless the command sets it
	Replace string // an address in the command that stands for the server's
	Lessons bool   // the command runs on the solution: "solutions/" in its output reads as "lessons/"
	Prefix  bool   // the doc shows only the beginning of the output
	Exit    int    // the exit status the command must end with; -1 takes any
	Why     string
}

func (r runIt) kind() string { return "run" }
func (r runIt) String() string {
	var b strings.Builder
	b.WriteString("doccheck runs it")
	if r.Via != "" {
		fmt.Fprintf(&b, " as `%s`", r.Via)
	}
	if r.Dir != "" {
		fmt.Fprintf(&b, " in %s", r.Dir)
	}
	if r.Server != "" {
		fmt.Fprintf(&b, ", against the finished %s on a free port", r.Server)
	}
	if r.Inject != "" {
		fmt.Fprintf(&b, " (address given with %s)", r.Inject)
	}
	if r.Exit > 0 {
		fmt.Fprintf(&b, ", wants exit status %d", r.Exit)
	}
	if r.Prefix {
		b.WriteString(", compares the start of its output with the doc's")
	} else {
		b.WriteString(", compares its output with the doc's (where the doc shows one)")
	}
	if r.Why != "" {
		b.WriteString(": " + r.Why)
	}
	return b.String()
}

// ciStep: a step of `go tool task test` (what CI runs) runs this command or
// the same thing. doccheck checks that Taskfile.yml's test target has Step.
type ciStep struct {
	Step string // a line of the test target's cmds, such as "go tool workshop verify"
	Why  string
}

func (s ciStep) kind() string   { return "ci" }
func (s ciStep) String() string { return fmt.Sprintf("run in CI by `%s`: %s", s.Step, s.Why) }

// testedBy: a test that CI runs does what the command does. doccheck checks
// that File defines Func.
type testedBy struct {
	File string // relative to the root
	Func string // the test function's name
	Why  string
}

func (t testedBy) kind() string { return "test" }
func (t testedBy) String() string {
	return fmt.Sprintf("run in CI by %s in %s: %s", t.Func, t.File, t.Why)
}

// cannotRun: the command cannot run in CI; Why says why (it installs
// software, changes the shell, or serves until Ctrl-C).
type cannotRun struct{ Why string }

func (s cannotRun) kind() string   { return "skip" }
func (s cannotRun) String() string { return "not run: " + s.Why }

// A planned command is a command with the rule that covers it.
type planned struct {
	cmd  docCommand
	rule *docRule
}

// classify finds each command's rule: the first that matches.
func classify(cmds []docCommand, rules []*docRule) []planned {
	var plan []planned
	for _, c := range cmds {
		p := planned{cmd: c}
		for _, r := range rules {
			if r.matches(c) {
				p.rule = r
				break
			}
		}
		plan = append(plan, p)
	}
	return plan
}

// checkPlan checks what can be checked without running anything: every
// command has a rule, every rule is used, CI steps and tests exist, and the
// Task targets, runner commands, tools and versions the commands name are
// real.
func checkPlan(root string, plan []planned, rules []*docRule, facts *repoFacts) []string {
	var problems []string
	used := map[*docRule]bool{}
	for _, p := range plan {
		where := fmt.Sprintf("%s:%d", p.cmd.Doc, p.cmd.Line)
		for _, msg := range facts.checkCommand(p.cmd.Text) {
			problems = append(problems, fmt.Sprintf("%s: $ %s\n    %s", where, p.cmd.Text, msg))
		}
		if p.rule == nil {
			problems = append(problems, fmt.Sprintf("%s: $ %s\n    no rule in docrules.go says how this command is kept true", where, p.cmd.Text))
			continue
		}
		used[p.rule] = true
		if run, ok := p.rule.Check.(runIt); ok {
			if _, err := shellwords.Split(p.cmd.Text); err != nil && run.Via == "" {
				problems = append(problems, fmt.Sprintf("%s: $ %s\n    the rule runs it, but: %v", where, p.cmd.Text, err))
			}
		}
	}
	for _, r := range rules {
		if !used[r] {
			problems = append(problems, fmt.Sprintf("docrules.go: %s matches no command in the docs; delete it or fix it", r))
		}
		switch ch := r.Check.(type) {
		case ciStep:
			if !slices.Contains(facts.testCmds, ch.Step) {
				problems = append(problems, fmt.Sprintf("docrules.go: %s names the CI step %q, but Taskfile.yml's test target has no such step (it has: %s)", r, ch.Step, strings.Join(facts.testCmds, "; ")))
			}
		case testedBy:
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(ch.File)))
			if err != nil {
				problems = append(problems, fmt.Sprintf("docrules.go: %s names the test file %s, which cannot be read: %v", r, ch.File, err))
			} else if !regexp.MustCompile(`(?m)^(func|def|async def) ` + regexp.QuoteMeta(ch.Func) + `\(`).Match(data) {
				problems = append(problems, fmt.Sprintf("docrules.go: %s names %s in %s, which has no such test", r, ch.Func, ch.File))
			}
		case cannotRun:
			if strings.TrimSpace(ch.Why) == "" {
				problems = append(problems, fmt.Sprintf("docrules.go: %s does not run its commands and gives no reason", r))
			}
		case runIt:
			if _, ok := serverPackages[ch.Server]; ch.Server != "" && !ok {
				problems = append(problems, fmt.Sprintf("docrules.go: %s: unknown server %q", r, ch.Server))
			}
		}
	}
	return problems
}

// checkInlineCommands checks the Task targets and runner commands named in
// inline code, such as `go tool task lesson-N` in a table.
func checkInlineCommands(docs []*mdDoc, facts *repoFacts) []string {
	var problems []string
	for _, d := range docs {
		for _, l := range d.Prose {
			for _, code := range l.Code {
				if !strings.HasPrefix(code, "go tool ") && !strings.HasPrefix(code, "task ") {
					continue
				}
				for _, msg := range facts.checkCommand(code) {
					problems = append(problems, fmt.Sprintf("%s:%d: `%s`: %s", d.Path, l.Line, code, msg))
				}
			}
		}
	}
	return problems
}

// repoFacts are the names commands in the docs may use.
type repoFacts struct {
	tasks    []string          // Taskfile.yml's targets, such as "lesson-*"
	testCmds []string          // the cmds of its test target
	runner   []string          // go tool workshop's commands
	tools    []string          // go tool names pinned in tools/go.mod and tools/buf/go.mod
	pins     map[string]string // module path -> pinned version
}

var (
	taskName    = regexp.MustCompile(`^  ([A-Za-z0-9_*:.-]+):\s*$`)
	taskCmdLine = regexp.MustCompile(`^\s+- (.*)$`)
	usageLine   = regexp.MustCompile(`(?m)^  ([a-z][a-z-]*)\b`)
	goModTool   = regexp.MustCompile(`(?m)^tool\s+(\S+)\s*$`)
	goModReq    = regexp.MustCompile(`(?m)^(?:require\s+|\t)([^\s()]+)\s+(v\S+)`)
)

func loadRepoFacts(root string) (*repoFacts, error) {
	f := &repoFacts{pins: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(root, "Taskfile.yml"))
	if err != nil {
		return nil, err
	}
	inTasks, inTest, inCmds := false, false, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "tasks:" {
			inTasks = true
			continue
		}
		if !inTasks {
			continue
		}
		if m := taskName.FindStringSubmatch(line); m != nil {
			f.tasks = append(f.tasks, m[1])
			inTest, inCmds = m[1] == "test", false
			continue
		}
		if inTest {
			switch t := strings.TrimSpace(line); {
			case t == "cmds:":
				inCmds = true
			case inCmds && taskCmdLine.MatchString(line):
				f.testCmds = append(f.testCmds, taskCmdLine.FindStringSubmatch(line)[1])
			case inCmds && t != "" && !strings.HasPrefix(line, "      "):
				inCmds = false
			}
		}
	}
	for _, m := range usageLine.FindAllStringSubmatch(usage, -1) {
		f.runner = append(f.runner, m[1])
	}
	for _, mod := range []string{"tools/go.mod", "tools/buf/go.mod"} {
		data, err := os.ReadFile(filepath.Join(root, mod))
		if err != nil {
			return nil, err
		}
		text := string(data)
		if _, block, ok := strings.Cut(text, "\ntool ("); ok {
			block, _, _ = strings.Cut(block, ")")
			for _, line := range strings.Fields(block) {
				f.tools = append(f.tools, path.Base(line))
			}
		}
		for _, m := range goModTool.FindAllStringSubmatch(text, -1) {
			f.tools = append(f.tools, path.Base(m[1]))
		}
		for _, m := range goModReq.FindAllStringSubmatch(text, -1) {
			if _, ok := f.pins[m[1]]; !ok { // tools/go.mod wins over buf's own pins
				f.pins[m[1]] = m[2]
			}
		}
	}
	return f, nil
}

// hasTask reports whether Taskfile.yml has a target for name. Wildcard
// targets match any suffix, so "lesson-N" and "lesson-3" match "lesson-*".
func (f *repoFacts) hasTask(name string) bool {
	for _, t := range f.tasks {
		if t == name {
			return true
		}
		if prefix, ok := strings.CutSuffix(t, "*"); ok && strings.HasPrefix(name, prefix) && len(name) > len(prefix) {
			return true
		}
	}
	return false
}

// checkCommand checks the names a command uses: Task targets, runner
// commands, pinned tools and pinned versions.
func (f *repoFacts) checkCommand(text string) []string {
	var problems []string
	for _, part := range regexp.MustCompile(`&&|;|\|`).Split(text, -1) {
		w := looseWords(part)
		for len(w) > 0 && strings.Contains(w[0], "=") && !strings.HasPrefix(w[0], "-") {
			w = w[1:] // an environment variable, such as GOWORK=off
		}
		if len(w) == 0 {
			continue
		}
		switch {
		case w[0] == "task" || (len(w) >= 3 && w[0] == "go" && w[1] == "tool" && w[2] == "task"):
			if w[0] == "go" {
				w = w[2:]
			}
			for _, a := range w[1:] {
				if a == "--" {
					break
				}
				if strings.HasPrefix(a, "-") || strings.Contains(a, "=") || placeholder.MatchString(a) {
					continue
				}
				if !f.hasTask(a) {
					problems = append(problems, fmt.Sprintf("Taskfile.yml has no target %q", a))
				}
			}
		case len(w) >= 3 && w[0] == "go" && w[1] == "tool" && w[2] == "workshop":
			if len(w) > 3 && !slices.Contains(f.runner, w[3]) && !placeholder.MatchString(w[3]) {
				problems = append(problems, fmt.Sprintf("go tool workshop has no command %q (see its usage in tools/workshop/main.go)", w[3]))
			}
		case w[0] == "go":
			problems = append(problems, f.checkGo(w)...)
		}
	}
	return problems
}

// checkGo checks `go tool NAME` and `go install PKG@VERSION`.
func (f *repoFacts) checkGo(w []string) []string {
	i := 1
	for i < len(w) && strings.HasPrefix(w[i], "-") { // go -C dir ...
		if w[i] == "-C" {
			i++
		}
		i++
	}
	if i >= len(w) {
		return nil
	}
	switch w[i] {
	case "tool":
		for i++; i < len(w) && strings.HasPrefix(w[i], "-"); i++ {
		}
		if i < len(w) && !slices.Contains(f.tools, w[i]) && !slices.Contains(goBuiltinTools, w[i]) && !placeholder.MatchString(w[i]) {
			return []string{fmt.Sprintf("go tool %s is not a tool pinned in tools/go.mod or tools/buf/go.mod", w[i])}
		}
	case "install", "run":
		for _, a := range w[i+1:] {
			pkg, version, ok := strings.Cut(a, "@")
			if !ok || strings.HasPrefix(a, "-") {
				continue
			}
			mod, pinned := f.pinFor(pkg)
			switch {
			case mod == "":
				return []string{fmt.Sprintf("%s is not pinned in tools/go.mod; pin it there, so the docs can name its version", pkg)}
			case version != pinned:
				return []string{fmt.Sprintf("%s@%s, but tools/go.mod pins %s %s", pkg, version, mod, pinned)}
			}
		}
	}
	return nil
}

// goBuiltinTools are the tools that come with Go itself.
var goBuiltinTools = []string{"pprof", "cover", "trace", "vet", "fix", "covdata", "compile", "link", "asm", "nm", "objdump", "addr2line", "dist", "doc", "test2json", "buildid", "cgo"}

// pinFor finds the module that provides pkg among the pinned modules.
func (f *repoFacts) pinFor(pkg string) (mod, version string) {
	for m, v := range f.pins {
		if (pkg == m || strings.HasPrefix(pkg, m+"/")) && len(m) > len(mod) {
			mod, version = m, v
		}
	}
	return mod, version
}

// looseWords splits a command into words for name checks: quotes are
// removed, nothing else is interpreted.
func looseWords(s string) []string {
	if w, err := shellwords.Split(s); err == nil {
		return w
	}
	return strings.Fields(strings.NewReplacer(`"`, "", `'`, "").Replace(s))
}

// instructorGuide is the doc whose lesson headings checkCourseFacts holds
// against lessons.json.
const instructorGuide = "docs/instructor-guide.md"

var (
	guideLesson = regexp.MustCompile(`^Lesson (\d+): (.+) \((\d+) min\)$`)
	scheduleRow = regexp.MustCompile(`\|\s*Lesson (\d+): ([^|]+?)\s*\|\s*(\d+) min\s*\|`)
)

// checkCourseFacts checks that the instructor guide has one heading per
// lesson of lessons.json, "Lesson N: Title (M min)", with the manifest's
// title and minutes, so that a changed or added lesson shows up there.
func checkCourseFacts(c *Course, docs []*mdDoc) []string {
	var guide *mdDoc
	for _, d := range docs {
		if d.Path == instructorGuide {
			guide = d
		}
	}
	if guide == nil {
		return []string{instructorGuide + " is missing"}
	}
	var problems []string
	seen := map[int]bool{}
	for _, h := range guide.Headings {
		m := guideLesson.FindStringSubmatch(h)
		if m == nil {
			continue
		}
		var n, minutes int
		fmt.Sscan(m[1], &n)
		fmt.Sscan(m[3], &minutes)
		if n < 1 || n > len(c.Lessons) {
			problems = append(problems, fmt.Sprintf("%s: heading %q: lessons.json has no lesson %d", instructorGuide, h, n))
			continue
		}
		seen[n] = true
		l := c.Lessons[n-1]
		if m[2] != l.Title || minutes != l.Minutes {
			problems = append(problems, fmt.Sprintf("%s: heading %q, but lessons.json says %q", instructorGuide, h, fmt.Sprintf("Lesson %d: %s (%d min)", n, l.Title, l.Minutes)))
		}
	}
	// Schedule rows: "| 09:15 | Lesson 1: Title | 75 min |".
	for _, pl := range guide.Prose {
		m := scheduleRow.FindStringSubmatch(pl.Text)
		if m == nil {
			continue
		}
		var n, minutes int
		fmt.Sscan(m[1], &n)
		fmt.Sscan(m[3], &minutes)
		if n < 1 || n > len(c.Lessons) {
			problems = append(problems, fmt.Sprintf("%s:%d: the schedule names lesson %d, which lessons.json does not have", instructorGuide, pl.Line, n))
			continue
		}
		if l := c.Lessons[n-1]; m[2] != l.Title || minutes != l.Minutes {
			problems = append(problems, fmt.Sprintf("%s:%d: the schedule says \"Lesson %d: %s\" takes %d min, but lessons.json says \"%s\", %d min", instructorGuide, pl.Line, n, m[2], minutes, l.Title, l.Minutes))
		}
	}
	for _, l := range c.Lessons {
		if !seen[l.Number] {
			problems = append(problems, fmt.Sprintf("%s has no heading %q: add the lesson's section (schedule, what to demo, common mistakes)", instructorGuide, fmt.Sprintf("Lesson %d: %s (%d min)", l.Number, l.Title, l.Minutes)))
		}
	}
	return problems
}

// docRunner runs the commands of runIt rules.
type docRunner struct {
	mu      sync.Mutex // guards servers and bin, which close may use from a signal handler
	c       *Course
	bin     string
	servers map[string]*server
	python  string
	done    map[string]ranCmd // results by command line and folder, so each runs once
}

// ranCmd is the result of a command the runner has run.
type ranCmd struct {
	out  string
	code int
}

func newDocRunner(c *Course) *docRunner {
	return &docRunner{c: c, servers: map[string]*server{}, done: map[string]ranCmd{}}
}

// close stops every server the runner started.
func (r *docRunner) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, s := range r.servers {
		s.stop()
		delete(r.servers, name)
	}
	if r.bin != "" {
		os.RemoveAll(r.bin)
		r.bin = ""
	}
}

// serverPackages are the finished servers a command can run against, with
// the address their docs use.
var serverPackages = map[string]struct {
	pkg     string
	args    []string // flags besides -addr, as the doc starts it
	docAddr string
}{
	"aggserver": {"./solutions/03-unary-server/cmd/aggserver", nil, "localhost:50051"},
	"finished":  {"./finished/cmd/server", nil, "localhost:50051"},
	"rpcserver": {"./solutions/01-net-rpc/cmd/rpcserver", nil, "localhost:1234"},
	"hello6":    {"./solutions/06-server-streaming/cmd/helloserver", []string{"-replies", "10", "-interval", "500ms"}, "localhost:50051"},
	"hello7":    {"./solutions/07-client-streaming/cmd/helloserver", nil, "localhost:50051"},
	"hello8":    {"./solutions/08-bidi-streaming/cmd/helloserver", nil, "localhost:50051"},
}

// server starts the named finished server once, on a free port.
func (r *docRunner) server(name string) (*server, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.servers[name]; s != nil {
		return s, nil
	}
	if r.bin == "" {
		dir, err := os.MkdirTemp("", "workshop-doccheck-")
		if err != nil {
			return nil, err
		}
		r.bin = dir
	}
	p := serverPackages[name]
	exe := filepath.Join(r.bin, name, exeName(filepath.Base(p.pkg)))
	if out, err := runQuiet(r.c.Root, "go", "build", "-o", exe, p.pkg); err != nil {
		return nil, fmt.Errorf("cannot build %s:\n%s", name, out)
	}
	s, err := startServer(exe, append([]string{"-addr", "127.0.0.1:0"}, p.args...)...)
	if err != nil {
		return nil, err
	}
	r.servers[name] = s
	return s, nil
}

// run runs one command the way its rule says and compares the result with
// the doc.
func (r *docRunner) run(cmd docCommand, spec runIt) error {
	text := cmd.Text
	if spec.Via != "" {
		text = spec.Via
	}
	words, err := shellwords.Split(text)
	if err != nil {
		return err
	}
	addr, docAddr := "", ""
	if spec.Server != "" {
		s, err := r.server(spec.Server)
		if err != nil {
			return err
		}
		addr, docAddr = s.addr, serverPackages[spec.Server].docAddr
		if spec.Replace != "" {
			docAddr = spec.Replace
			for i := range words {
				words[i] = strings.ReplaceAll(words[i], spec.Replace, addr)
			}
		}
		if spec.Inject != "" {
			words = injectAddr(words, spec.Inject, addr)
		}
	}
	if words[0] == "python" {
		if r.python == "" {
			if r.python, err = ensureVenv(r.c.Root); err != nil {
				return err
			}
		}
		words[0] = r.python
	}
	key := spec.Dir + "\x00" + strings.Join(words, "\x00")
	res, ok := r.done[key]
	if !ok {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		ex := exec.CommandContext(ctx, words[0], words[1:]...)
		ex.Dir = filepath.Join(r.c.Root, filepath.FromSlash(spec.Dir))
		var out bytes.Buffer
		ex.Stdout, ex.Stderr = &out, &out
		err = ex.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			res.code = exit.ExitCode()
		} else if err != nil {
			return fmt.Errorf("cannot run it: %v", err)
		}
		res.out = out.String()
		r.done[key] = res
	}
	got, code := res.out, res.code
	if addr != "" {
		got = strings.ReplaceAll(got, addr, docAddr)
	}
	if spec.Lessons {
		got = strings.ReplaceAll(got, "solutions/", "lessons/")
	}
	wantExit := spec.Exit
	if wantExit == 0 && len(cmd.Output) > 0 && goRunExit.MatchString(cmd.Output[len(cmd.Output)-1]) {
		wantExit = 1 // go run reports the program's status and exits 1
	}
	var problems []string
	if code != wantExit && wantExit != -1 {
		problems = append(problems, fmt.Sprintf("it exited with status %d, want %d", code, wantExit))
	}
	if len(cmd.Output) > 0 && !outputMatches(cmd.Output, got, spec.Prefix) {
		problems = append(problems, fmt.Sprintf("its output differs from the doc (durations and runs of spaces aside; a doc that leaves lines out must put a line \"...\" where they were).\nThe doc shows:\n%s\nIt printed:\n%s", indent(strings.Join(cmd.Output, "\n"), "  | "), indent(got, "  | ")))
	} else if len(cmd.Output) == 0 && code != wantExit && wantExit != -1 {
		problems = append(problems, "It printed:\n"+indent(lastLines(got, 20), "  | "))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

var (
	goRunExit = regexp.MustCompile(`^exit status \d+$`)
	// placeholder matches a word that stands for a name, such as NAME in
	// "go tool task NAME".
	placeholder = regexp.MustCompile(`^[A-Z][A-Z_]*$`)
)

// injectAddr gives a command the server's address: after the program (a
// ./cmd/... package or a .py script) as flag ADDR, or after the Task target
// as the Task variable ADDR=..., unless the command already sets it.
func injectAddr(words []string, flagName, addr string) []string {
	for _, w := range words {
		if w == flagName || strings.HasPrefix(w, flagName+"=") || (strings.HasSuffix(flagName, "=") && strings.HasPrefix(w, flagName)) {
			return words
		}
	}
	at := -1
	if strings.HasSuffix(flagName, "=") {
		if len(words) >= 4 && words[0] == "go" && words[2] == "task" {
			at = 4
		}
	} else {
		for i, w := range words {
			if strings.HasPrefix(w, "./") || strings.HasSuffix(w, ".py") {
				at = i + 1
				break
			}
		}
	}
	if at < 0 {
		return words
	}
	var ins []string
	if strings.HasSuffix(flagName, "=") {
		ins = []string{flagName + addr}
	} else {
		ins = []string{flagName, addr}
	}
	return slices.Concat(words[:at], ins, words[at:])
}

var (
	durationRE = regexp.MustCompile(`(\d+h)?(\d+m)?\d+(\.\d+)?(ns|µs|μs|us|ms|s)\b|\(cached\)`)
	spaceRE    = regexp.MustCompile(`[ \t]+`)
	elapsedRE  = regexp.MustCompile(`\s*\(DUR\)`) // "(0.00s)" after a test, "(7s)" after a lesson in status: present or not
)

// normalizeLine makes a line of output comparable: durations (which differ
// from run to run, and "(cached)" in their place) read as DUR, and runs of
// spaces and tabs as one space.
func normalizeLine(s string) string {
	s = durationRE.ReplaceAllString(s, "DUR")
	s = elapsedRE.ReplaceAllString(s, "")
	return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
}

// outputMatches compares the lines a doc shows with what a command
// printed, after normalizeLine. A doc line "..." stands for any number of
// lines. With prefix, the doc may stop before the output does.
func outputMatches(want []string, got string, prefix bool) bool {
	var w, g []string
	for _, l := range want {
		w = append(w, normalizeLine(l))
	}
	for len(w) > 0 && w[len(w)-1] == "" {
		w = w[:len(w)-1]
	}
	if prefix {
		w = append(w, "...")
	}
	for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		g = append(g, normalizeLine(l))
	}
	return matchLines(w, g)
}

func matchLines(w, g []string) bool {
	if len(w) == 0 {
		return len(g) == 0
	}
	if w[0] == "..." {
		for i := 0; i <= len(g); i++ {
			if matchLines(w[1:], g[i:]) {
				return true
			}
		}
		return false
	}
	return len(g) > 0 && w[0] == g[0] && matchLines(w[1:], g[1:])
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
