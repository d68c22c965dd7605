package main

import (
	"errors"
	"flag"
	"fmt"
	"os/exec"
)

// slidesDir holds the workshop's decks, in the format of Go's present tool
// (golang.org/x/tools/present). Their code comes from the solution files
// through .code lines; slides_test.go checks every reference.
const slidesDir = "docs/slides"

// presentFlags are the flags of the pinned present tool that serve the
// decks on addr: on loopback only, with speaker notes (press N), and
// without running any code, locally or on the playground.
func presentFlags(addr string) []string {
	return []string{"-http", addr, "-content", slidesDir, "-play=false", "-use_playground=false", "-notes"}
}

// cmdSlides serves the decks until Ctrl-C.
func cmdSlides(c *Course, args []string) error {
	fs := flag.NewFlagSet("slides", flag.ContinueOnError)
	addr := fs.String("http", "127.0.0.1:3999", "address to serve the slides on")
	if err := fs.Parse(args); err != nil {
		return errors.New("usage: go tool workshop slides [-http 127.0.0.1:3999]")
	}
	fmt.Printf("Open http://%s/workshop.slide (N shows the speaker notes; Ctrl-C stops the server)\n", *addr)
	err := runShown(c.Root, nil, "go", append([]string{"tool", "present"}, presentFlags(*addr)...)...)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if exit.ExitCode() < 0 {
			return nil // stopped by Ctrl-C
		}
		return exitError(exit.ExitCode()) // present has said what went wrong
	}
	return err
}
