package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// workspaceModules lists the module paths in go.work, such as
// "grpcworkshop/proto".
func workspaceModules(c *Course) ([]string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}}").Output()
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

// cmdLint runs gofmt, go vet and the pinned staticcheck over every module,
// starters included.
func cmdLint(c *Course) error {
	bad := false
	unformatted, err := gofmtCheck(c.Root)
	if err != nil {
		return err
	}
	if len(unformatted) > 0 {
		bad = true
		fmt.Println("gofmt: these files are not formatted; run gofmt -w on them:")
		for _, f := range unformatted {
			fmt.Println("  " + f)
		}
	} else {
		fmt.Println("gofmt: ok")
	}
	mods, err := workspaceModules(c)
	if err != nil {
		return err
	}
	if err := checkLessonBuildList(c, mods); err != nil {
		bad = true
		fmt.Println(err)
	} else {
		fmt.Println("lesson build list: ok (no pre-release module versions)")
	}
	for _, tool := range [][]string{{"go", "vet"}, {"go", "tool", "staticcheck"}} {
		args := append(tool[1:], patterns(mods)...)
		if err := runShown(c.Root, nil, tool[0], args...); err != nil {
			bad = true
			fmt.Printf("%s: found problems (listed above)\n", strings.Join(tool, " "))
		} else {
			fmt.Printf("%s: ok\n", strings.Join(tool, " "))
		}
	}
	if bad {
		return exitError(1)
	}
	return nil
}

// gofmtCheck lists the Go files that gofmt would change.
func gofmtCheck(root string) ([]string, error) {
	files, err := filesMatching(root, "*.go")
	if err != nil {
		return nil, err
	}
	var bad []string
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		formatted, err := format.Source(src)
		if err != nil || !bytes.Equal(src, formatted) {
			bad = append(bad, f)
		}
	}
	return bad, nil
}

// cmdTestSolutions runs the tests of every module except the starters, which
// are meant to fail: solutions, shared modules and checks. It adds the race
// detector where a C compiler makes it available.
func cmdTestSolutions(c *Course) error {
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
		fmt.Println("(no C compiler found: running without the race detector)")
	}
	args = append(args, patterns(keep)...)
	if err := runShown(c.Root, nil, "go", args...); err != nil {
		return exitError(1)
	}
	// Run every benchmark briefly, so that none of them rots. The numbers of
	// so short a run mean nothing; the lesson READMEs give the commands for
	// real measurements.
	fmt.Println("Benchmarks, 100 iterations each, to check that they run:")
	bench := append([]string{"test", "-run", "^$", "-bench", ".", "-benchtime", "100x"}, patterns(keep)...)
	out, err := runQuiet(c.Root, "go", bench...)
	if err != nil {
		fmt.Print(out)
		return exitError(1)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			fmt.Println("  " + line)
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

// checkLessonBuildList checks the modules that the lessons and solutions
// actually build with, tests included.
func checkLessonBuildList(c *Course, mods []string) error {
	var lessonMods []string
	for _, m := range mods {
		if strings.HasPrefix(m, "grpcworkshop/lessons/") || strings.HasPrefix(m, "grpcworkshop/solutions/") {
			lessonMods = append(lessonMods, m)
		}
	}
	args := append([]string{"list", "-deps", "-test", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}"}, patterns(lessonMods)...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return fmt.Errorf("go list failed on the lessons: %w", err)
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
	return nil
}
