package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// finishedServer is the package of the finished system's server.
const finishedServer = "./finished/cmd/server"

// cmdDemo is the README's main job: a tour of the finished system. It builds
// the finished programs, starts each server on a free loopback port, calls it
// from the Go client, the Python client and grpcurl, makes one streaming call
// of each kind, and stops it again, leaving no process behind.
func cmdDemo(c *Course) error {
	bin, err := os.MkdirTemp("", "workshop-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)

	say("Building the finished programs (the first run downloads modules and compiles; later runs are quick) ...")
	if out, err := runQuiet(c.Root, "go", "build", "-o", bin+string(filepath.Separator),
		"./solutions/01-net-rpc/cmd/rpcserver",
		"./solutions/01-net-rpc/cmd/rpcclient",
		finishedServer,
		"./solutions/04-unary-client/cmd/aggclient",
		"github.com/fullstorydev/grpcurl/cmd/grpcurl",
	); err != nil {
		return fmt.Errorf("cannot build the finished programs:\n%s", indent(out, "  "))
	}
	python, err := ensureVenv(c.Root)
	if err != nil {
		return err
	}

	if err := tourNetRPC(bin); err != nil {
		return err
	}
	if err := tourGRPC(c, bin, python); err != nil {
		return err
	}
	say("\nThe demo is over: every server it started has stopped.")
	return nil
}

// tourNetRPC shows lesson 01: a remote procedure call built by hand.
func tourNetRPC(bin string) error {
	say("\n== Lesson 01: a remote procedure call by hand, with Go's net/rpc")
	srv, err := startServer(filepath.Join(bin, exeName("rpcserver")), "-addr", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.stop()
	say("The net/rpc server listens on %s. The client calls it:\n", srv.addr)
	if err := show(bin, 0, "rpcclient", "-addr", srv.addr, "sum", "3", "4"); err != nil {
		return err
	}
	say("\nWith -trace, the client makes one call to a server it starts inside its own")
	say("process, so that both halves of the call print the eight steps in one place:\n")
	if err := show(bin, 0, "rpcclient", "-trace", "sum", "3", "4"); err != nil {
		return err
	}
	return srv.stop()
}

// tourGRPC shows the finished gRPC server called from Go, Python and grpcurl.
func tourGRPC(c *Course, bin, python string) error {
	say("\n== Lessons 02 to 05: the same API over gRPC")
	srv, err := startServer(filepath.Join(bin, exeName("server")), "-addr", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.stop()
	say("The finished gRPC server listens on %s.", srv.addr)

	say("\nThe Go client (lesson 04):")
	if err := show(bin, 0, "aggclient", "-addr", srv.addr, "sum", "3", "4"); err != nil {
		return err
	}
	if err := show(bin, 0, "aggclient", "-addr", srv.addr, "multiply", "6", "7"); err != nil {
		return err
	}
	say("A result that does not fit in an int32 comes back as a status error, and the client exits 1:")
	if err := show(bin, 1, "aggclient", "-addr", srv.addr, "sum", "2147483647", "1"); err != nil {
		return err
	}

	say("\nThe Python client (lesson 05), first blocking, then with grpc.aio:")
	client := filepath.Join(c.Root, "python-client", "aggclient.py")
	if err := showCmd(0, "python python-client/aggclient.py", []string{python, client}, "--addr", srv.addr, "sum", "3", "4"); err != nil {
		return err
	}
	if err := showCmd(0, "python python-client/aggclient.py", []string{python, client}, "--addr", srv.addr, "--mode", "aio", "multiply", "6", "7"); err != nil {
		return err
	}

	say("\ngrpcurl asks the server's reflection service what it serves, then calls sum with JSON:")
	if err := show(bin, 0, "grpcurl", "-plaintext", srv.addr, "list"); err != nil {
		return err
	}
	if err := show(bin, 0, "grpcurl", "-plaintext", "-d", `{"value1": 3, "value2": 4}`, srv.addr, "proto.gRPCRouteFuncs/sum"); err != nil {
		return err
	}
	if err := show(bin, 0, "grpcurl", "-plaintext", "-d", `{"greeting": "hello"}`, srv.addr, "hello.v1.HelloService/SayHello"); err != nil {
		return err
	}

	say("\n== Lessons 06 to 08: one streaming call of each kind, from the Python client")
	streams := []struct{ what, mode, command string }{
		{"Server streaming: one greeting in, a stream of replies out.", "blocking", "replies"},
		{"Client streaming: a stream of greetings in, one reply out.", "blocking", "greetings"},
		{"Bidirectional streaming: both sides stream at once, here with grpc.aio.", "aio", "bidi"},
	}
	for _, st := range streams {
		say("%s", st.what)
		args := []string{"--addr", srv.addr, "--mode", st.mode, st.command, "hello"}
		if st.command != "replies" {
			args = append(args, "hi", "hey")
		}
		if err := showCmd(0, "python python-client/aggclient.py", []string{python, client}, args...); err != nil {
			return err
		}
	}
	return srv.stop()
}

func say(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
}

// show runs one of the built programs, after printing the command line the
// way a learner would type it, and checks that it exits with want.
func show(bin string, want int, name string, args ...string) error {
	return showCmd(want, name, []string{filepath.Join(bin, exeName(name))}, args...)
}

// showCmd runs the program and arguments in run followed by args, with its
// output going to the terminal, after printing label and args.
func showCmd(want int, label string, run []string, args ...string) error {
	fmt.Printf("$ %s %s\n", label, quoteArgs(args))
	cmd := exec.Command(run[0], append(run[1:], args...)...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stdout
	err := cmd.Run()
	got := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		got = exit.ExitCode()
	} else if err != nil {
		return fmt.Errorf("cannot run %s: %w", label, err)
	}
	if got != want {
		return fmt.Errorf("%s %s exited with status %d, want %d", label, quoteArgs(args), got, want)
	}
	return nil
}

// quoteArgs joins args for display, quoting the ones a shell would split.
func quoteArgs(args []string) string {
	var quoted []string
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \"{}") {
			a = "'" + a + "'"
		}
		quoted = append(quoted, a)
	}
	return strings.Join(quoted, " ")
}

func exeName(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// A server is a program started by the demo, listening on loopback.
type server struct {
	cmd  *exec.Cmd
	addr string
	done chan error
}

var listeningLine = regexp.MustCompile(`listening on (\S+)`)

// startServer starts a server program and waits for the "listening on ADDR"
// line that every workshop server logs first, so it knows the port.
func startServer(path string, args ...string) (*server, error) {
	cmd := exec.Command(path, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start %s: %w", filepath.Base(path), err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addrc <- m[1]:
				default:
				}
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.addr = <-addrc:
		return s, nil
	case err := <-s.done:
		s.done <- err
		return nil, fmt.Errorf("%s exited before it listened: %v", filepath.Base(path), err)
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, fmt.Errorf("%s did not say where it listens within 30s", filepath.Base(path))
	}
}

// stop asks the server to shut down gracefully (an interrupt, as Ctrl-C
// sends), kills it if it takes too long, and waits until it has exited. It is
// safe to call more than once.
func (s *server) stop() error {
	if s.cmd.ProcessState != nil {
		return nil
	}
	if runtime.GOOS == "windows" {
		s.cmd.Process.Kill()
	} else {
		s.cmd.Process.Signal(os.Interrupt)
	}
	select {
	case err := <-s.done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return err
		}
		return nil
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("%s did not stop within 10s of an interrupt and was killed", filepath.Base(s.cmd.Path))
	}
}
