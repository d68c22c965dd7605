package main

import (
	"cmp"
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
	Ko      LessonKo   `json:"ko"`   // the Korean edition's words for it
}

// LessonKo is the Korean of a lesson's title, teaches, seed and further
// goal: the Korean course map and the runner's Korean messages show them.
type LessonKo struct {
	Title   string `json:"title"`
	Teaches string `json:"teaches"`
	Seed    string `json:"seed"`
	Further string `json:"further"` // Further.Goal in Korean
}

// missingKo names the Korean words a lesson lacks: index -check fails on them.
func (l Lesson) missingKo() []string {
	var miss, steps []string
	for _, f := range [][2]string{{"title", l.Ko.Title}, {"teaches", l.Ko.Teaches}, {"seed", l.Ko.Seed}, {"further", l.Ko.Further}} {
		if f[1] == "" && (f[0] != "further" || l.Further.Goal != "") {
			miss = append(miss, "ko."+f[0])
		}
	}
	for i, s := range l.Steps {
		if len(s.HintsKo) != len(s.Hints) {
			steps = append(steps, strconv.Itoa(i+1))
		}
	}
	if len(steps) > 0 {
		miss = append(miss, "hints_ko (one per hint) of step "+strings.Join(steps, ", "))
	}
	return miss
}

// korean says whether the learner asked for Korean: WORKSHOP_LANG=ko, or
// when WORKSHOP_LANG is unset, a Korean locale (LC_ALL, LC_MESSAGES, LANG,
// the first one set, as POSIX reads them: LANG=ko_KR.UTF-8).
func korean() bool {
	for _, v := range []string{"WORKSHOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return strings.HasPrefix(strings.ToLower(s), "ko")
		}
	}
	return false
}

// lang is the language of the runner's messages: true for Korean.
type lang bool

// pick returns the English or the Korean of a message.
func (k lang) pick(en, ko string) string {
	if k {
		return ko
	}
	return en
}

// title is a lesson's title in the language.
func (k lang) title(l Lesson) string { return k.pick(l.Title, cmp.Or(l.Ko.Title, l.Title)) }

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
	// HintsKo are the same hints in Korean, one for each.
	HintsKo []string `json:"hints_ko"`
}

// what names a step for the learner: its test, or the mutant to catch.
func (s Step) what() string { return s.whatIn(false) }

func (s Step) whatIn(k lang) string {
	switch {
	case s.Mutant != "":
		return fmt.Sprintf(k.pick("catch mutant %s with %s", "뮤턴트 %s 잡기 (테스트: %s)"), s.Mutant, s.Test)
	case s.Test == "":
		return k.pick("your tests pass on the real service", "여러분의 테스트가 실제 서비스에서 통과")
	}
	return s.Test
}

// hints are a step's hints in the language (English where the Korean is
// missing, as it is until index -check passes).
func (s Step) hintsIn(k lang) []string {
	if k && len(s.HintsKo) == len(s.Hints) {
		return s.HintsKo
	}
	return s.Hints
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
