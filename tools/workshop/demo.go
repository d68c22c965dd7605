package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"grpcworkshop/testkit/shellwords"
)

// A demoStep is one step of a demo in lessons.json (Course.Tour, Lesson.Demo):
// exactly one of Say, Build, Start, Run and Stop. Command lines are split like
// a shell's words and run from the repository root; "$NAME" stands for the
// address of the program started "as" NAME.
type demoStep struct {
	Say   string            `json:"say,omitempty"`   // commentary, printed as "# " lines
	Build map[string]string `json:"build,omitempty"` // program name -> Go package to build under that name
	Start string            `json:"start,omitempty"` // a server's command line, run in the background
	As    string            `json:"as,omitempty"`    // with start: the name of its address, and of what to stop
	Run   string            `json:"run,omitempty"`   // a command line to run, showing its output
	Exit  int               `json:"exit,omitempty"`  // with run: the exit status it must end with (default 0)
	Stop  string            `json:"stop,omitempty"`  // the name ("as") of a started server to stop
}

// cmdDemo runs `go tool workshop demo [N]`: the tour, or lesson N's demo.
// An interrupt or SIGTERM stops every program the demo started.
func cmdDemo(w io.Writer, c *Course, args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runDemo(ctx, w, c, args)
}

// runDemo runs the tour, or lesson N's demo, printing to w.
func runDemo(ctx context.Context, w io.Writer, c *Course, args []string) error {
	if len(args) == 0 {
		return runSteps(ctx, w, c.Root, "the tour", c.Tour)
	}
	l, err := c.lesson(args[0])
	if err != nil || len(args) > 1 {
		return cmp.Or(err, errors.New("usage: go tool workshop demo [N]"))
	}
	if len(l.Demo) == 0 {
		return fmt.Errorf("%s has no demo: give its entry in %s a \"demo\" key (see demo.go); go tool task demo is the full tour", l.label(), manifestFile)
	}
	fmt.Fprintf(w, "== Lesson %d: %s\nFrom the post: %s\nIt teaches: %s\n\n", l.Number, l.Title, l.Seed, l.Teaches)
	return runSteps(ctx, w, c.Root, "the demo of "+l.label(), l.Demo)
}

// A demoRun is a demo in progress.
type demoRun struct {
	w       io.Writer
	root    string
	bin     string // the folder of the programs it builds
	addrs   map[string]string
	servers map[string]*server
}

// newDemoRun makes a demo, with a new folder for the programs it builds.
func newDemoRun(w io.Writer, root string) (*demoRun, error) {
	bin, err := os.MkdirTemp("", "workshop-demo-")
	return &demoRun{w: w, root: root, bin: bin, addrs: map[string]string{}, servers: map[string]*server{}}, err
}

// runSteps runs the steps in order and stops every server they started
// before it returns, whether a step failed or ctx was cancelled.
func runSteps(ctx context.Context, w io.Writer, root, what string, steps []demoStep) (err error) {
	d, err := newDemoRun(w, root)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, d.cleanup()) }()
	for i, s := range steps {
		if err := d.step(ctx, s); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%s was interrupted at step %d; it stops every program it started", what, i+1)
			}
			return fmt.Errorf("%s failed at step %d: %w", what, i+1, err)
		}
	}
	if err = d.cleanup(); err == nil {
		fmt.Fprintln(w, "\nThe demo is over: every server it started has stopped.")
	}
	return err
}

// step runs one step, which the caller numbers in its errors.
func (d *demoRun) step(ctx context.Context, s demoStep) error {
	set := fmt.Sprint(s.Say != "", s.Build != nil, s.Start != "", s.Run != "", s.Stop != "")
	if strings.Count(set, "true") != 1 || (s.Start != "") != (s.As != "") {
		return fmt.Errorf("%+v: a step has exactly one of say, build, start (with as), run or stop", s)
	}
	switch {
	case s.Say != "":
		for _, line := range strings.Split(d.expand(s.Say), "\n") {
			if line != "" {
				line = "# " + line
			}
			fmt.Fprintln(d.w, line)
		}
		return nil
	case s.Build != nil:
		return d.build(ctx, s.Build)
	case s.Stop != "":
		if d.servers[s.Stop] == nil {
			return fmt.Errorf("stop %q: no server was started as %[1]q", s.Stop)
		}
		fmt.Fprintf(d.w, "(stopping %s with an interrupt, as Ctrl-C does)\n", s.Stop)
		return d.servers[s.Stop].stop()
	case s.Start != "":
		if d.servers[s.As] != nil {
			return fmt.Errorf("a server was started as %s already", s.As)
		}
		words, err := d.command(s.Start, " &")
		if err != nil {
			return err
		}
		srv, err := startProc(ctx, d.root, words)
		if err != nil {
			return err
		}
		d.servers[s.As], d.addrs[s.As] = srv, srv.addr
		fmt.Fprintln(d.w, "listening on", srv.addr)
		return nil
	}
	words, err := d.command(s.Run, "")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := newCmd(ctx, d.root, words)
	cmd.Stdout, cmd.Stderr = d.w, d.w
	var exit *exec.ExitError
	if err := cmd.Run(); err != nil && !errors.As(err, &exit) || ctx.Err() != nil {
		return fmt.Errorf("%s: %w", s.Run, errors.Join(err, ctx.Err()))
	}
	if got := cmd.ProcessState.ExitCode(); got != s.Exit {
		return fmt.Errorf("%s exited with status %d, want %d", s.Run, got, s.Exit)
	}
	return nil
}

// expand replaces each $NAME in s with the address of the server started
// as NAME. A $ is left where no server was.
func (d *demoRun) expand(s string) string {
	return os.Expand(s, func(name string) string { return cmp.Or(d.addrs[name], "$"+name) })
}

// command expands a command line, shows it as "$ line" (then suffix), and
// splits it into words. The first becomes a path: a program a build step
// made, "python" (the project's virtualenv), or else one on the PATH.
func (d *demoRun) command(line, suffix string) ([]string, error) {
	line = d.expand(line)
	if strings.Contains(line, "$") {
		return nil, fmt.Errorf("%q: no step started a server under that $ name", line)
	}
	fmt.Fprintf(d.w, "$ %s%s\n", line, suffix)
	words, err := shellwords.Split(line)
	if err != nil || len(words) == 0 {
		return nil, fmt.Errorf("%q is not a command line: %v", line, err)
	}
	prog := filepath.Join(d.bin, exeName(words[0]))
	if _, serr := os.Stat(prog); serr == nil {
		words[0] = prog
	} else if words[0] == "python" {
		words[0], err = ensureVenv(d.root) // quick once .venv is up to date
	}
	return words, err
}

// build compiles Go packages (relative to the root, or tools of tools/go.mod)
// into the demo's folder, each under the name the step gives it.
func (d *demoRun) build(ctx context.Context, progs map[string]string) error {
	names := slices.Sorted(maps.Keys(progs))
	fmt.Fprintf(d.w, "(building %s; the first run downloads modules and compiles, later runs are quick)\n", strings.Join(names, ", "))
	for _, name := range names {
		if out, err := newCmd(ctx, d.root, []string{"go", "build", "-o", filepath.Join(d.bin, exeName(name)), progs[name]}).CombinedOutput(); err != nil {
			return fmt.Errorf("cannot build %s:\n%s", progs[name], indent(string(out), "  "))
		}
	}
	return nil
}

// cleanup stops the demo's servers and removes its programs; it may repeat.
func (d *demoRun) cleanup() error {
	var errs []error
	for _, s := range d.servers {
		errs = append(errs, s.stop())
	}
	return errors.Join(append(errs, os.RemoveAll(d.bin))...)
}

func exeName(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// newCmd makes a command that the end of ctx interrupts, as Ctrl-C does, and
// kills stopWait later (at once on Windows, which has no interrupt to send).
func newCmd(ctx context.Context, dir string, words []string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, words[0], words[1:]...)
	cmd.Dir, cmd.WaitDelay = dir, stopWait
	if runtime.GOOS != "windows" {
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	}
	return cmd
}

const stopWait = 10 * time.Second

// A server is a program started in the background, listening on loopback.
type server struct {
	cmd    *exec.Cmd
	addr   string // from its line "listening on ADDR"
	cancel context.CancelFunc
	done   chan error // receives Wait's result once, then is closed
	err    error      // from stop
}

var listeningLine = regexp.MustCompile(`listening on (\S+)`)

// startProc starts a server in dir, in the background, and reads its output
// up to its first line "listening on ADDR", for a minute or until wait ends.
func startProc(wait context.Context, dir string, words []string) (*server, error) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := newCmd(ctx, dir, words)
	s := &server{cmd: cmd, cancel: cancel, done: make(chan error, 1)}
	out, err := cmd.StderrPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("cannot start %s: %w", words[0], err)
	}
	wait, stopWaiting := context.WithTimeout(wait, time.Minute)
	defer stopWaiting()
	defer context.AfterFunc(wait, cancel)() // interrupts the program if the wait ends first
	sc := bufio.NewScanner(out)
	for s.addr == "" && sc.Scan() {
		if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
			s.addr = m[1]
		}
	}
	go func() {
		io.Copy(io.Discard, out) // the rest of its output
		s.done <- cmd.Wait()
		close(s.done)
	}()
	if s.addr == "" {
		return nil, errors.Join(fmt.Errorf("%s stopped without a line \"listening on ADDR\"", words[0]), s.stop())
	}
	return s, nil
}

// stop interrupts the server, kills it if it has not exited stopWait later,
// and waits until it has exited. It is safe to call more than once.
func (s *server) stop() error {
	start := time.Now()
	s.cancel()
	if _, ok := <-s.done; ok && time.Since(start) >= stopWait {
		s.err = fmt.Errorf("%s did not stop within %v of an interrupt and was killed", filepath.Base(s.cmd.Path), stopWait)
	}
	return s.err
}
