package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// cmdIndex writes what depends on the list of lessons from lessons.json:
// the course map docs/lessons.md, go.work's use lines and the outline of
// the instructor guide. With -check it only reports each stale file.
func cmdIndex(w io.Writer, c *Course, args []string) error {
	check := len(args) == 1 && args[0] == "-check"
	if len(args) > 0 && !check {
		return errors.New("usage: go tool workshop index [-check]")
	}
	stale := 0
	for _, f := range []struct {
		path   string
		render func(c *Course, have string) (string, error)
	}{
		{"docs/lessons.md", renderIndex},
		{"go.work", renderGoWork},
		{"docs/instructor-guide.md", renderOutline},
	} {
		haveBytes, _ := os.ReadFile(filepath.Join(c.Root, f.path))
		have := string(haveBytes)
		want, err := f.render(c, have)
		switch {
		case err != nil:
			fmt.Fprintf(w, "%s: %v\n", f.path, err)
			stale++
		case want == have:
			fmt.Fprintf(w, "index: %s matches lessons.json\n", f.path)
		case check:
			fmt.Fprintf(w, "%s is out of date with lessons.json: run `go tool task index` and commit it.\n", f.path)
			stale++
		default:
			if err := os.WriteFile(filepath.Join(c.Root, f.path), []byte(want), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(w, "wrote %s\n", f.path)
		}
	}
	if stale > 0 {
		return exitError(1)
	}
	return nil
}

func renderIndex(c *Course, _ string) (string, error) {
	var b strings.Builder
	b.WriteString("<!-- Generated from lessons.json by `go tool task index`. Do not edit by hand. -->\n\n")
	b.WriteString("# The lessons\n\n")
	b.WriteString("Work through them in order. Each lesson's README explains the idea, lists the steps and shows what success looks like, and ends with a Going further exercise.\n\n")
	b.WriteString("| # | Lesson | What it teaches | From the post | Needs | Steps | Time |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	total := 0
	for _, l := range c.Lessons {
		var needs []string
		for _, r := range l.Requires {
			needs = append(needs, fmt.Sprint(r))
		}
		need := strings.Join(needs, ", ")
		if need == "" {
			need = "none"
		}
		total += l.Minutes
		fmt.Fprintf(&b, "| %d | [%s](../lessons/%s/README.md) | %s | %s | %s | %d | %d min |\n",
			l.Number, l.Title, l.Dir, l.Teaches, l.Seed, need, len(l.Steps), l.Minutes)
	}
	fmt.Fprintf(&b, "\nIn all, about %d hours %d minutes of classroom time.\n\n", total/60, total%60)
	b.WriteString("For every lesson N:\n\n")
	b.WriteString("| Command | What it does |\n|---|---|\n")
	b.WriteString("| `go tool task lesson-N` | runs lesson N's steps on your code in `lessons/`, in order, and stops at the first that fails |\n")
	b.WriteString("| `go tool task lesson-N -- -v` | runs all of lesson N's tests and shows everything |\n")
	b.WriteString("| `go tool task hint-N` | a hint for the step you are on; ask again for more |\n")
	b.WriteString("| `go tool task further-N` | checks the lesson's Going further exercise |\n")
	b.WriteString("| `go tool task watch-N` | runs the steps again each time you save a file |\n")
	b.WriteString("| `go tool task solution-N` | runs the same steps on the finished code in `solutions/` |\n")
	b.WriteString("| `go tool task reset-N` | puts the starter back; your version stays in `git stash` |\n")
	b.WriteString("| `go tool task status` | shows which lessons pass and what to do next |\n")
	return b.String(), nil
}

var useBlock = regexp.MustCompile(`(?s)use \(\n(.*?)\n\)`)

// renderGoWork keeps go.work's use lines for the shared modules and writes
// one for each Go lesson's starter and solution, sorted.
func renderGoWork(c *Course, have string) (string, error) {
	m := useBlock.FindStringSubmatchIndex(have)
	if m == nil {
		return "", errors.New("no use ( ... ) block found")
	}
	var uses []string
	for _, line := range strings.Split(have[m[2]:m[3]], "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "./lessons/") && !strings.HasPrefix(line, "./solutions/") {
			uses = append(uses, line)
		}
	}
	for _, l := range c.Lessons {
		if l.Kind == "go" {
			uses = append(uses, "./lessons/"+l.Dir, "./solutions/"+l.Dir)
		}
	}
	slices.Sort(uses)
	return have[:m[2]] + "\t" + strings.Join(uses, "\n\t") + have[m[3]:], nil
}

const (
	outlineStart = "<!-- outline: generated from lessons.json by `go tool task index`; do not edit -->\n"
	outlineEnd   = "<!-- end of outline -->\n"
)

var guideHeading = regexp.MustCompile(`(?m)^### Lesson (\d+): .*$`)

// renderOutline writes the outline of the instructor guide between its
// markers, and checks that its per-lesson headings follow lessons.json.
func renderOutline(c *Course, have string) (string, error) {
	var want []string
	var b strings.Builder
	b.WriteString(outlineStart + "\n| # | Lesson | Time | Steps | Going further |\n|---|---|---|---|---|\n")
	for _, l := range c.Lessons {
		want = append(want, fmt.Sprintf("### Lesson %d: %s (%d min)", l.Number, l.Title, l.Minutes))
		goal := l.Further.Goal
		if goal == "" {
			goal = "(none yet)"
		}
		fmt.Fprintf(&b, "| %d | %s | %d min | %d | %s |\n", l.Number, l.Title, l.Minutes, len(l.Steps), goal)
	}
	b.WriteString("\n" + outlineEnd)
	if got := guideHeading.FindAllString(have, -1); !slices.Equal(got, want) {
		return "", fmt.Errorf("the lesson headings are\n%s\nbut lessons.json gives\n%s\nedit the headings to match lessons.json (one section per lesson, in order)", indent(strings.Join(got, "\n"), "  "), indent(strings.Join(want, "\n"), "  "))
	}
	start, end := strings.Index(have, outlineStart), strings.Index(have, outlineEnd)
	if start < 0 || end < start {
		return "", errors.New("the outline markers are missing: put the two lines\n  " + strings.TrimSpace(outlineStart) + "\n  " + strings.TrimSpace(outlineEnd) + "\nunder the heading \"## The lessons\", then run `go tool task index`")
	}
	return have[:start] + b.String() + have[end+len(outlineEnd):], nil
}
