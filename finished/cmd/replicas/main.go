// Command replicas runs several replicas of the finished server, each a
// process of its own on a free loopback port, for lesson 14: one client
// that balances its calls over them, and what happens when one stops.
//
//	replicas -server bin/server -n 3 [-- flags for each server]
//
// It prints one line per replica, "replica N (pid P) listening on ADDR",
// then "replicas: ADDR,ADDR,ADDR" and the command that calls them round
// robin (go tool task client, whose -addr takes a list); then each
// replica's log, each line after "replica N: ". `go tool task
// serve-replicas` builds and runs it.
//
// Ctrl-C or SIGTERM stops every replica gracefully; `kill PID` of one
// replica stops that one, and the others go on serving. It exits once
// every replica has stopped.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"grpcworkshop/finished"
)

var (
	n      = flag.Int("n", 3, "how many replicas to start")
	server = flag.String("server", "bin/server", "the finished server's binary (go build -o bin/ ./finished/cmd/server makes it)")
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: replicas [-n 3] [-server bin/server] [-- flags for each server]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *n < 1 {
		fmt.Fprintf(os.Stderr, "replicas: -n %d: want at least 1 replica\n", *n)
		os.Exit(2)
	}
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go finished.StopWhenOrphaned(signals)

	exited := make(chan string, *n)
	var running []*replica
	var addrs []string
	for i := range *n {
		r, err := start(i+1, *server, flag.Args(), exited)
		if err != nil {
			fmt.Fprintf(os.Stderr, "replicas: %v\n", err)
			stopAll(running, syscall.SIGTERM)
			for range running {
				fmt.Fprintln(os.Stderr, <-exited)
			}
			os.Exit(1)
		}
		fmt.Printf("replica %d (pid %d) listening on %s\n", r.number, r.cmd.Process.Pid, r.addr)
		running = append(running, r)
		addrs = append(addrs, r.addr)
	}
	fmt.Printf("replicas: %s\n", strings.Join(addrs, ","))
	fmt.Printf("call them round robin: go tool task client ADDR=%s -- sum 1 2 sum 3 4 sum 5 6\n", strings.Join(addrs, ","))
	fmt.Println("Ctrl-C stops them all; kill PID stops one")

	for left := len(running); left > 0; {
		select {
		case sig := <-signals:
			// Each replica stops gracefully on the first signal, and at
			// once on a second (see finished.Serve).
			stopAll(running, sig)
		case line := <-exited:
			fmt.Println(line)
			left--
		}
	}
}

// A replica is one server process.
type replica struct {
	number int
	cmd    *exec.Cmd
	addr   string
}

// start starts the server binary as replica number on 127.0.0.1:0, with
// the extra flags, and returns once it has said where it listens. From
// then on, the rest of its log goes to stderr, each line after "replica
// N: ", and a line goes to exited when it has exited.
func start(number int, binary string, extra []string, exited chan<- string) (*replica, error) {
	cmd := exec.Command(binary, append([]string{"-addr", "127.0.0.1:0"}, extra...)...)
	cmd.Stdout = os.Stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("replica %d: %w (build the server first: go build -o bin/ ./finished/cmd/server)", number, err)
	}
	r := &replica{number: number, cmd: cmd}
	prefix := fmt.Sprintf("replica %d: ", number)
	lines := bufio.NewReader(stderr)
	first := make(chan string, 1)
	go func() {
		line, _ := lines.ReadString('\n')
		first <- line
		copyLines(os.Stderr, lines, prefix)
		err := cmd.Wait()
		exited <- fmt.Sprintf("replica %d (pid %d) exited: %v", number, cmd.Process.Pid, exitStatus(err))
	}()
	select {
	case line := <-first:
		addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
		if !ok {
			_ = cmd.Process.Kill()
			return nil, fmt.Errorf("replica %d's first line is %q, want \"listening on HOST:PORT\"", number, line)
		}
		r.addr = addr
		return r, nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("replica %d said nothing for 10s, want \"listening on HOST:PORT\"", number)
	}
}

// copyLines copies r to w line by line, each after prefix.
func copyLines(w io.Writer, r *bufio.Reader, prefix string) {
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			fmt.Fprint(w, prefix+strings.TrimSuffix(line, "\n")+"\n")
		}
		if err != nil {
			return
		}
	}
}

// exitStatus says how a replica ended.
func exitStatus(err error) string {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return "status 0"
	case errors.As(err, &exit):
		return exit.String()
	default:
		return err.Error()
	}
}

// stopAll passes sig on to every replica still running (on Windows, which
// cannot send signals, it kills them).
func stopAll(replicas []*replica, sig os.Signal) {
	for _, r := range replicas {
		if runtime.GOOS == "windows" {
			_ = r.cmd.Process.Kill()
			continue
		}
		_ = r.cmd.Process.Signal(sig) // fails only when it has exited
	}
}
