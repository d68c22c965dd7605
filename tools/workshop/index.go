package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
)

// cmdIndex writes from lessons.json the course map docs/lessons.md (and its
// Korean edition docs/lessons.ko.md), go.work's
// use lines and the instructor guide's outline; -check reports stale ones.
func cmdIndex(w io.Writer, c *Course, args []string) error {
	check := len(args) == 1 && args[0] == "-check"
	if len(args) > 0 && !check {
		return errors.New("usage: go tool workshop index [-check]")
	}
	stale := 0
	for path, render := range map[string]func(*Course, string) (string, error){
		"docs/lessons.md": renderIndex, "docs/lessons.ko.md": renderIndexKo, "go.work": renderGoWork,
		"docs/instructor-guide.md": renderOutline, "docs/instructor-guide.ko.md": renderOutlineKo,
	} {
		have, err := os.ReadFile(filepath.Join(c.Root, path))
		if os.IsNotExist(err) && path == "docs/instructor-guide.ko.md" {
			continue // not translated yet
		}
		want, err := render(c, string(have))
		switch {
		case err != nil:
			fmt.Fprintf(w, "%s: %v\n", path, err)
		case want == string(have):
			continue
		case check:
			fmt.Fprintf(w, "%s is out of date with lessons.json: run `go tool task index` and commit it.\n", path)
		default:
			if err = os.WriteFile(filepath.Join(c.Root, path), []byte(want), 0o644); err == nil {
				fmt.Fprintf(w, "wrote %s\n", path)
			} else {
				fmt.Fprintln(w, err)
			}
		}
		if err != nil || check {
			stale++
		}
	}
	if stale > 0 {
		return exitError(1)
	}
	fmt.Fprintln(w, "index: docs/lessons.md, docs/lessons.ko.md, go.work and docs/instructor-guide.md follow lessons.json")
	return nil
}

//go:embed index.tmpl
var indexTemplates string

var index = template.Must(template.New("").Parse(indexTemplates))

// Hours is the classroom time of the whole course, for the course map.
func (c *Course) Hours() string {
	total := 0
	for _, l := range c.Lessons {
		total += l.Minutes
	}
	return fmt.Sprintf("%d hours %d minutes", total/60, total%60)
}

func execute(name string, c *Course) (string, error) {
	var b strings.Builder
	err := index.ExecuteTemplate(&b, name, c)
	return b.String(), err
}

func renderIndex(c *Course, _ string) (string, error) { return execute("lessons.md", c) }

// renderIndexKo writes the Korean course map; every lesson needs its Korean
// words in lessons.json first (docs/contributing.md).
func renderIndexKo(c *Course, _ string) (string, error) {
	var errs []error
	for _, l := range c.Lessons {
		if miss := l.missingKo(); len(miss) > 0 {
			errs = append(errs, fmt.Errorf("%s lacks its Korean in lessons.json: %s (docs/contributing.md, \"The Korean edition\")", l.label(), strings.Join(miss, ", ")))
		}
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return execute("lessons.ko.md", c)
}

// ReadmeKo links the Korean course map to a lesson's Korean README, or to
// its English one until the translation exists.
func (c *Course) ReadmeKo(dir string) string {
	if _, err := os.Stat(filepath.Join(c.Root, "lessons", dir, "README.ko.md")); err == nil {
		return "../lessons/" + dir + "/README.ko.md"
	}
	return "../lessons/" + dir + "/README.md"
}

// HoursKo is Hours in Korean.
func (c *Course) HoursKo() string {
	h, m, _ := strings.Cut(strings.TrimSuffix(c.Hours(), " minutes"), " hours ")
	return h + "시간 " + m + "분"
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
		if l.Kind != "python" {
			uses = append(uses, "./lessons/"+l.Dir, "./solutions/"+l.Dir)
		}
	}
	slices.Sort(uses)
	return have[:m[2]] + "\t" + strings.Join(uses, "\n\t") + have[m[3]:], nil
}

var (
	outlineStart = "<!-- outline: generated from lessons.json by `go tool task index`; do not edit -->\n"
	outlineEnd   = "<!-- end of outline -->\n"
)

// renderOutline writes the outline of the instructor guide between its
// markers, and checks that its per-lesson headings follow lessons.json.
func renderOutline(c *Course, have string) (string, error) { return outlineIn(c, have, false) }

// renderOutlineKo does the same for the Korean guide, in Korean.
func renderOutlineKo(c *Course, have string) (string, error) { return outlineIn(c, have, true) }

func outlineIn(c *Course, have string, k lang) (string, error) {
	var want []string
	for _, l := range c.Lessons {
		want = append(want, fmt.Sprintf(k.pick("### Lesson %d: %s (%d min)", "### 레슨 %d: %s (%d분)"), l.Number, k.title(l), l.Minutes))
	}
	guideHeading := regexp.MustCompile(k.pick(`(?m)^### Lesson (\d+): .*$`, `(?m)^### 레슨 (\d+): .*$`))
	if got := guideHeading.FindAllString(have, -1); !slices.Equal(got, want) {
		return "", fmt.Errorf("the lesson headings are\n%s\nbut lessons.json gives\n%s\nedit the headings to match lessons.json (one section per lesson, in order)", indent(strings.Join(got, "\n"), "  "), indent(strings.Join(want, "\n"), "  "))
	}
	start, end := strings.Index(have, outlineStart), strings.Index(have, outlineEnd)
	if start < 0 || end < start {
		return "", errors.New("the outline markers are missing: put the two lines\n  " + strings.TrimSpace(outlineStart) + "\n  " + strings.TrimSpace(outlineEnd) + "\nunder the heading \"## The lessons\", then run `go tool task index`")
	}
	outline, err := execute(k.pick("outline", "outline.ko"), c)
	return have[:start] + outline + have[end+len(outlineEnd):], err
}
