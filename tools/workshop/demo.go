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

// cmdDemo is the README's main job: a tour of the finished system. It builds
// the finished programs, starts each server on a free loopback port, calls it
// from the clients, and stops it again, leaving no process behind.
func cmdDemo(c *Course) error {
	bin, err := os.MkdirTemp("", "workshop-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)

	say("Building the finished programs (the first run downloads modules and compiles; later runs are quick) ...")
	builds := []struct{ module, pkg string }{
		{"solutions/01-net-rpc", "./cmd/rpcserver"},
		{"solutions/01-net-rpc", "./cmd/rpcclient"},
	}
	for _, b := range builds {
		if out, err := runQuiet(filepath.Join(c.Root, b.module), "go", "build", "-o", bin+string(filepath.Separator), b.pkg); err != nil {
			return fmt.Errorf("cannot build %s/%s:\n%s", b.module, b.pkg, indent(out, "  "))
		}
	}

	say("\n== Lesson 01: a remote procedure call by hand, with Go's net/rpc")
	srv, err := startServer(filepath.Join(bin, exeName("rpcserver")), "-addr", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.stop()
	say("The net/rpc server listens on %s. The client calls it twice:\n", srv.addr)
	if err := show(bin, "rpcclient", "-addr", srv.addr, "sum", "3", "4"); err != nil {
		return err
	}
	if err := show(bin, "rpcclient", "-addr", srv.addr, "multiply", "6", "7"); err != nil {
		return err
	}
	say("\nWith -trace, the client makes one call to a server it starts inside its own")
	say("process, so that both halves of the call print the eight steps in one place:\n")
	if err := show(bin, "rpcclient", "-trace", "sum", "3", "4"); err != nil {
		return err
	}
	if err := srv.stop(); err != nil {
		return err
	}
	say("\nThe server has stopped. The demo is over: every process it started has ended.")
	return nil
}

func say(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
}

// show runs one of the built programs with its output going to the terminal,
// after printing the command line the way a learner would type it.
func show(bin, name string, args ...string) error {
	fmt.Printf("$ %s %s\n", name, strings.Join(args, " "))
	cmd := exec.Command(filepath.Join(bin, exeName(name)), args...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s failed: %w", name, strings.Join(args, " "), err)
	}
	return nil
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
