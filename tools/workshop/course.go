package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// manifestFile is the one list of lessons, at the repository root.
const manifestFile = "lessons.json"

// A Lesson is one entry of lessons.json.
type Lesson struct {
	Number   int    `json:"number"`
	Dir      string `json:"dir"`     // folder name under lessons/ and solutions/
	Title    string `json:"title"`   // one line
	Kind     string `json:"kind"`    // "go", "python" or "go-tests" (mutants.go): how the lesson is tested
	Seed     string `json:"seed"`    // the part of the blog post it comes from
	Minutes  int    `json:"minutes"` // classroom time estimate
	Requires []int  `json:"requires"`
	Teaches  string `json:"teaches"` // one sentence
	// Steps are the learner's steps, in the README's order. verify checks
	// that exactly their tests fail on the starter, each for a TODO reason.
	Steps   []Step     `json:"steps"`
	Further Further    `json:"further"`
	Demo    []demoStep `json:"demo"` // its finished programs, live (demo.go)
}

// A Step is one test the learner makes pass, the file to edit for it, and
// hints that say more each time the learner asks (never the code itself).
// In a go-tests lesson, a step is a mutant that the learner's tests must
// catch, Test the test that should (none: the real service, which they
// must pass).
type Step struct {
	Test   string   `json:"test"`
	Mutant string   `json:"mutant,omitempty"`
	File   string   `json:"file"`
	Hints  []string `json:"hints"`
}

// what names a step for the learner: its test, or the mutant to catch.
func (s Step) what() string {
	switch {
	case s.Mutant != "":
		return fmt.Sprintf("catch mutant %s with %s", s.Mutant, s.Test)
	case s.Test == "":
		return "your tests pass on the real service"
	}
	return s.Test
}

// Further is the lesson's "Going further" exercise, checked by further-N:
// its test passes, or in a go-tests lesson, the learner's tests catch its
// mutant.
type Further struct {
	Goal   string `json:"goal"`
	Test   string `json:"test"`
	Mutant string `json:"mutant,omitempty"`
}

// A Course is the manifest together with the repository root it came from.
type Course struct {
	Root    string
	Lessons []Lesson   `json:"lessons"`
	Tour    []demoStep `json:"tour"` // the tour of the finished system (demo.go)
}

// findRoot walks up from the working directory to the folder that holds the
// manifest, so that the runner works from any folder of the repository.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	for ; err == nil; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, manifestFile)); err == nil {
			return dir, nil
		} else if filepath.Dir(dir) == dir {
			return "", errors.New("cannot find lessons.json: run this from inside the workshop repository")
		}
	}
	return "", err
}

func loadCourse(root string) (*Course, error) {
	data, err := os.ReadFile(filepath.Join(root, manifestFile))
	if err != nil {
		return nil, err
	}
	c := &Course{Root: root}
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %w", manifestFile, err)
	}
	for i, l := range c.Lessons {
		// A gap is allowed while a lesson is being written: 12 may come in
		// before 11 does.
		if (i == 0 && l.Number != 1) || (i > 0 && l.Number <= c.Lessons[i-1].Number) {
			return nil, fmt.Errorf("%s: entry %d has number %d; lessons are numbered 1, 2, 3, ... in order", manifestFile, i+1, l.Number)
		}
		if !strings.HasPrefix(l.Dir, fmt.Sprintf("%02d-", l.Number)) {
			return nil, fmt.Errorf("%s: lesson %d has dir %q; it must start with %02d-", manifestFile, l.Number, l.Dir, l.Number)
		}
		if l.Kind != "go" && l.Kind != "python" && l.Kind != "go-tests" {
			return nil, fmt.Errorf("%s: lesson %d has kind %q; use \"go\", \"python\" or \"go-tests\"", manifestFile, l.Number, l.Kind)
		}
	}
	return c, nil
}

// lesson parses a lesson number given on the command line.
func (c *Course) lesson(arg string) (Lesson, error) {
	n, err := strconv.Atoi(arg)
	if i := slices.IndexFunc(c.Lessons, func(l Lesson) bool { return l.Number == n }); err == nil && i >= 0 {
		return c.Lessons[i], nil
	}
	return Lesson{}, fmt.Errorf("there is no lesson %q: the lessons are 1 to %d (go tool task status lists them)", arg, c.Lessons[len(c.Lessons)-1].Number)
}

// path returns a lesson's folder on side "lessons" or "solutions".
func (c *Course) path(side string, l Lesson) string { return filepath.Join(c.Root, side, l.Dir) }

// label names a lesson in messages: "lesson 1 (01-net-rpc)".
func (l Lesson) label() string { return fmt.Sprintf("lesson %d (%s)", l.Number, l.Dir) }

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }
