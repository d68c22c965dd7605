// Command workshop runs the gRPC workshop's lessons step by step, with
// progress and hints, verifies every lesson against its solution,
// regenerates code and runs the demos. Learners reach it through Task (go
// tool task lesson-1, ...); `go tool workshop help` lists its commands. Every
// command reads the lesson manifest, lessons.json: no other file lists the
// lessons.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// A command is one thing the runner does.
type command struct {
	name, args, help string
	run              func(w io.Writer, c *Course, args []string) error
}

var commands = []command{
	{"test", "lessons|solutions N [-v]", "run lesson N's steps on your code (lessons) or the finished code; -v runs every test plainly", cmdTest},
	{"further", "N", "check lesson N's Going further exercise on your code", cmdFurther},
	{"status", "", "show which lessons pass, and what to do next", cmdStatus},
	{"hint", "N", "a hint for the step you are on; ask again for more", cmdHint},
	{"reset", "N", "put lesson N back to its starter; your version is kept in git stash", cmdReset},
	{"doctor", "", "check the tools the workshop uses, and say how to install what is missing", cmdDoctor},
	{"demo", "[N]", "run the finished system, or lesson N's finished programs with commentary", cmdDemo},
	{"verify", "[N...]", "check each lesson: steps fail on the starter for TODO reasons, the solution passes", cmdVerify},
	{"generate", "[-check]", "regenerate all generated code; -check only reports stale files", cmdGenerate},
	{"index", "[-check]", "write docs/lessons.md, go.work's use lines and the instructor guide's outline from lessons.json", cmdIndex},
	{"doccheck", "[-norun] [FILE.md...]", "check the docs: links, and every command they show", cmdDocCheck},
	{"venv", "", "create .venv from python-client/requirements.txt if needed", func(_ io.Writer, c *Course, _ []string) error { _, err := ensureVenv(c.Root); return err }},
}

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		var exit exitError
		if errors.As(err, &exit) {
			os.Exit(int(exit)) // the command has explained the failure already
		}
		fmt.Fprintln(os.Stderr, "workshop:", err)
		os.Exit(1)
	}
}

// exitError is returned by commands that have already printed their own
// explanation and only need to set the exit status.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(w io.Writer, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(w, "usage: go tool workshop COMMAND [ARGS]  (learners: go tool task --list)")
		for _, cmd := range commands {
			fmt.Fprintf(w, "  %-32s %s\n", cmd.name+" "+cmd.args, cmd.help)
		}
		return nil
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	c, err := loadCourse(root)
	if err != nil {
		return err
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			return cmd.run(w, c, args[1:])
		}
	}
	return fmt.Errorf("unknown command %q; run `go tool workshop help` for the list", args[0])
}
