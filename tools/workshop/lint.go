package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// preRelease matches module versions a lesson must not build with, which a
// tool like buf would leak into every lesson through go.work: pre-releases
// (v2.0.0-beta.1) and pseudo-versions above a release (v1.36.12-0.2026...).
// Pseudo-versions of never-tagged modules (v0.0.0-..., genproto) are fine.
var preRelease = regexp.MustCompile(`^v\d+\.\d+\.\d+-(?:alpha|beta|rc|dev|pre)|^v\d+\.\d+\.\d+-0\.\d{14}-[0-9a-f]{12}$`)

// cmdCheckVersions checks the modules that the lessons and solutions
// actually build with, tests included: no pre-release versions. (The rest
// of lint, gofmt, go vet and staticcheck, is in the Taskfile.)
func cmdCheckVersions(w io.Writer, c *Course, _ []string) error {
	args := []string{"list", "-deps", "-test", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}"}
	for _, l := range c.Lessons {
		if l.Kind == "go" {
			args = append(args, "./lessons/"+l.Dir+"/...", "./solutions/"+l.Dir+"/...")
		}
	}
	out, err := runQuiet(c.Root, "go", args...)
	if err != nil {
		return fmt.Errorf("go list failed on the lessons: %w\n%s", err, out)
	}
	seen := map[string]bool{}
	var bad []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 2 && !seen[line] && preRelease.MatchString(f[1]) {
			seen[line] = true
			bad = append(bad, "  "+line)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("lessons build with pre-release module versions:\n%s\nA tool in go.work probably requires them; move that tool to its own module outside go.work (as tools/buf is)", strings.Join(bad, "\n"))
	}
	fmt.Fprintln(w, "lesson build list: ok (no pre-release module versions)")
	return nil
}
