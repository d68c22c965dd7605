package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// indexFile is the docs' list of lessons, written from the manifest.
const indexFile = "docs/lessons.md"

// cmdIndex writes docs/lessons.md from lessons.json. With -check it only
// reports whether the file is current.
func cmdIndex(c *Course, args []string) error {
	check := len(args) == 1 && args[0] == "-check"
	if len(args) > 0 && !check {
		return errors.New("usage: go tool workshop index [-check]")
	}
	want := renderIndex(c)
	path := filepath.Join(c.Root, indexFile)
	if check {
		have, _ := os.ReadFile(path)
		if !bytes.Equal(have, want) {
			fmt.Printf("%s is out of date with lessons.json: run `go tool task index` and commit it.\n", indexFile)
			return exitError(1)
		}
		fmt.Printf("index -check: %s matches lessons.json.\n", indexFile)
		return nil
	}
	if err := os.WriteFile(path, want, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s\n", indexFile)
	return nil
}

func renderIndex(c *Course) []byte {
	var b strings.Builder
	b.WriteString("<!-- Generated from lessons.json by `go tool task index`. Do not edit by hand. -->\n\n")
	b.WriteString("# The lessons\n\n")
	b.WriteString("Work through them in order. Each lesson's README explains the idea, lists the steps and shows what success looks like.\n\n")
	b.WriteString("| # | Lesson | What it teaches | From the post | Needs | Time |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
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
		fmt.Fprintf(&b, "| %d | [%s](../lessons/%s/README.md) | %s | %s | %s | %d min |\n",
			l.Number, l.Title, l.Dir, l.Teaches, l.Seed, need, l.Minutes)
	}
	fmt.Fprintf(&b, "\nIn all, about %d hours %d minutes of classroom time.\n\n", total/60, total%60)
	b.WriteString("For every lesson N:\n\n")
	b.WriteString("| Command | What it does |\n|---|---|\n")
	b.WriteString("| `go tool task lesson-N` | runs lesson N's tests on your code in `lessons/` |\n")
	b.WriteString("| `go tool task watch-N` | runs them again each time you save a file |\n")
	b.WriteString("| `go tool task hint-N` | shows the hint |\n")
	b.WriteString("| `go tool task solution-N` | runs the same tests on the finished code in `solutions/` |\n")
	b.WriteString("| `go tool task reset-N` | puts the starter back; your version stays in `git stash` |\n")
	b.WriteString("| `go tool task status` | shows which lessons pass and what to do next |\n")
	return []byte(b.String())
}
