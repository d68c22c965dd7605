// Command workshop runs the gRPC workshop: it tests lessons, shows progress
// and hints, verifies every lesson against its solution, regenerates code and
// runs the demo.
//
// Learners reach it through Task (go tool task lesson-1, go tool task status,
// ...); every Task target is a thin wrapper around one workshop command. Run
// it directly as `go tool workshop help`.
//
// Every command reads the lesson manifest, lessons.json, at the repository
// root. No other file lists the lessons.
package main

import (
	"errors"
	"fmt"
	"os"
)

const usage = `usage: go tool workshop COMMAND [ARGS]

Learner commands (also available as go tool task ...):
  test lessons N     run lesson N's tests on your code in lessons/
  test solutions N   run lesson N's tests on the finished code in solutions/
  status             show which lessons pass, and what to do next
  hint N             show the hint for lesson N
  reset N            put lesson N back to its starter; your version is kept in git stash
  doctor             check the tools the workshop uses, and say how to install what is missing
  demo               run the finished system: server, clients, grpcurl
  demo N             run lesson N's finished programs, with commentary to narrate
  slides             serve the slides (docs/slides) on http://127.0.0.1:3999

Maintainer commands:
  verify [N...]      check each lesson: starter builds and fails for TODO reasons, solution passes
  generate [-check]  regenerate all generated code; -check only reports stale files
  index [-check]     write docs/lessons.md from lessons.json; -check only compares
  lint               gofmt, go vet and staticcheck over every module
  doccheck [-list]   check the docs: links, and every command they show (run, run in CI, or skipped with a reason)
  test-solutions     run every solution's tests
  check-buf          buf lint, and lesson 02's buf path end to end
  venv               create .venv from python-client/requirements.txt if needed
`

func main() {
	if err := run(os.Args[1:]); err != nil {
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

func run(args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(usage)
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
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "test":
		return cmdTest(c, rest)
	case "status":
		return cmdStatus(c)
	case "hint":
		return cmdHint(c, rest)
	case "reset":
		return cmdReset(c, rest)
	case "doctor":
		return cmdDoctor(c)
	case "demo":
		return cmdDemos(c, rest)
	case "doccheck":
		return cmdDocCheck(c, rest)
	case "slides":
		return cmdSlides(c, rest)
	case "verify":
		return cmdVerify(c, rest)
	case "generate":
		return cmdGenerate(c, rest)
	case "index":
		return cmdIndex(c, rest)
	case "lint":
		return cmdLint(c)
	case "test-solutions":
		return cmdTestSolutions(c)
	case "check-buf":
		return cmdCheckBuf(c)
	case "venv":
		_, err := ensureVenv(c.Root)
		return err
	default:
		return fmt.Errorf("unknown command %q; run `go tool workshop help` for the list", cmd)
	}
}
