package main

import (
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
)

// workspaceModules lists the module paths in go.work, such as
// "grpcworkshop/proto".
func workspaceModules(c *Course) ([]string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Path}}")
	cmd.Dir = c.Root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m failed: %w", err)
	}
	return strings.Fields(string(out)), nil
}

// patterns turns module paths into package patterns ("mod/...").
func patterns(mods []string) []string {
	var ps []string
	for _, m := range mods {
		ps = append(ps, m+"/...")
	}
	return ps
}

// cmdTestSolutions runs the tests of every module except the starters, which
// are meant to fail: solutions, shared modules and checks. It adds the race
// detector where a C compiler makes it available.
func cmdTestSolutions(w io.Writer, c *Course) error {
	mods, err := workspaceModules(c)
	if err != nil {
		return err
	}
	var keep []string
	for _, m := range mods {
		if !strings.HasPrefix(m, "grpcworkshop/lessons/") {
			keep = append(keep, m)
		}
	}
	args := []string{"test"}
	if raceAvailable() {
		args = append(args, "-race")
	} else {
		fmt.Fprintln(w, "(no C compiler found: running without the race detector)")
	}
	args = append(args, patterns(keep)...)
	if err := runTo(w, c.Root, nil, "go", args...); err != nil {
		return exitError(1)
	}
	// Run every benchmark briefly, so that none of them rots. The numbers of
	// so short a run mean nothing; the lesson READMEs give the commands for
	// real measurements.
	fmt.Fprintln(w, "Benchmarks, 100 iterations each, to check that they run:")
	bench := append([]string{"test", "-run", "^$", "-bench", ".", "-benchtime", "100x"}, patterns(keep)...)
	out, err := runQuiet(c.Root, "go", bench...)
	if err != nil {
		fmt.Fprint(w, out)
		return exitError(1)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			fmt.Fprintln(w, "  "+line)
		}
	}
	return nil
}

// raceAvailable reports whether go test -race can work here: it needs cgo
// and a C compiler.
func raceAvailable() bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		return false
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != "1" {
		return false
	}
	_, err = exec.LookPath(f[1])
	return err == nil
}

// preRelease matches module versions a lesson must not build with: tagged
// pre-releases (v2.0.0-beta.1) and pseudo-versions that sit on top of a
// release (v1.36.12-0.20260101000000-abcdef123456), the kind a tool like buf
// requires and that would leak into every lesson through go.work. Plain
// pseudo-versions (v0.0.0-...) of modules that have never been tagged, such
// as genproto, are fine.
var preRelease = regexp.MustCompile(`^v\d+\.\d+\.\d+-(?:alpha|beta|rc|dev|pre)|^v\d+\.\d+\.\d+-0\.\d{14}-[0-9a-f]{12}$`)

// cmdCheckVersions checks the modules that the lessons and solutions
// actually build with, tests included: no pre-release versions. (The rest
// of lint, gofmt, go vet and staticcheck, is in the Taskfile.)
func cmdCheckVersions(w io.Writer, c *Course) error {
	mods, err := workspaceModules(c)
	if err != nil {
		return err
	}
	var lessonMods []string
	for _, m := range mods {
		if strings.HasPrefix(m, "grpcworkshop/lessons/") || strings.HasPrefix(m, "grpcworkshop/solutions/") {
			lessonMods = append(lessonMods, m)
		}
	}
	args := append([]string{"list", "-deps", "-test", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}"}, patterns(lessonMods)...)
	out, err := runQuiet(c.Root, "go", args...)
	if err != nil {
		return fmt.Errorf("go list failed on the lessons: %w\n%s", err, out)
	}
	seen := map[string]bool{}
	var bad []string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && !seen[line] && preRelease.MatchString(f[1]) {
			seen[line] = true
			bad = append(bad, "  "+line)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("lesson build list: lessons build with pre-release module versions:\n%s\nA tool in go.work probably requires them; move that tool to its own module outside go.work (as tools/buf is)", strings.Join(bad, "\n"))
	}
	fmt.Fprintln(w, "lesson build list: ok (no pre-release module versions)")
	return nil
}
