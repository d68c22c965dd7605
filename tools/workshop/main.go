// Command workshop runs the gRPC workshop: it tests lessons, shows progress
// and hints, verifies every lesson against its solution, regenerates code and
// runs the demo.
//
// Learners reach it through Task (go tool task lesson-1, go tool task status,
// ...); a Task target is either a thin wrapper around one workshop command or,
// for jobs that are only a command line, the command itself. Run it directly
// as `go tool workshop help`.
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
  test lessons N [-v]  run lesson N's steps on your code in lessons/; -v runs every test plainly
  test solutions N     run lesson N's steps on the finished code in solutions/
  further N [-v]       check lesson N's Going further exercise on your code
  status               show which lessons pass, and what to do next
  hint N               a hint for the step you are on; ask again for more
  reset N              put lesson N back to its starter; your version is kept in git stash
  doctor               check the tools the workshop uses, and say how to install what is missing
  demo [N]             run the finished system, or lesson N's finished programs with commentary
  slides               serve the slides (docs/slides) on http://127.0.0.1:3999

Maintainer commands:
  verify [N...]        check each lesson: steps fail on the starter for TODO reasons, the solution passes
  generate [-check]    regenerate all generated code; -check only reports stale files
  index [-check]       write docs/lessons.md, go.work's use lines and the instructor guide's outline from lessons.json
  check-versions       the lessons build with no pre-release module version
  doccheck [-list]     check the docs: links, and every command they show
  test-solutions       run every solution's tests
  venv                 create .venv from python-client/requirements.txt if needed
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
	cmd, rest, w := args[0], args[1:], os.Stdout
	switch cmd {
	case "test":
		return cmdTest(w, c, rest)
	case "further":
		return cmdFurther(w, c, rest)
	case "status":
		return cmdStatus(w, c)
	case "hint":
		return cmdHint(w, c, rest)
	case "reset":
		return cmdReset(w, c, rest)
	case "doctor":
		return cmdDoctor(w, c)
	case "demo":
		return cmdDemos(c, rest)
	case "doccheck":
		return cmdDocCheck(c, rest)
	case "slides":
		return cmdSlides(c, rest)
	case "verify":
		return cmdVerify(w, c, rest)
	case "generate":
		return cmdGenerate(c, rest)
	case "index":
		return cmdIndex(w, c, rest)
	case "check-versions":
		return cmdCheckVersions(w, c)
	case "test-solutions":
		return cmdTestSolutions(w, c)
	case "venv":
		_, err := ensureVenv(c.Root)
		return err
	default:
		return fmt.Errorf("unknown command %q; run `go tool workshop help` for the list", cmd)
	}
}
