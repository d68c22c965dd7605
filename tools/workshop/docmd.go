package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// This file reads the workshop's Markdown files for doccheck: fenced code
// blocks (where the shell commands are), prose lines (where the links are)
// and headings (where the #anchors come from). It is not a full CommonMark
// parser; it understands what our docs use, and doccheck's tests pin that.

// An mdDoc is one Markdown file.
type mdDoc struct {
	Path     string    // slash-separated, relative to the repository root
	Blocks   []mdBlock // fenced code blocks, in order
	Prose    []mdLine  // the lines outside fenced blocks
	Headings []string  // the text of each heading, in order
	Anchors  map[string]bool
}

// An mdBlock is one fenced code block.
type mdBlock struct {
	Line   int      // the line of the opening fence (1-based)
	Lang   string   // the first word of the info string, lower-case
	Lines  []string // the lines between the fences
	Marker string   // an HTML comment line right before the fence, if any
}

// An mdLine is one line of prose, with its inline code spans taken out.
type mdLine struct {
	Line int
	Text string   // the line with each code span replaced by "code"
	Code []string // the contents of its code spans
}

var (
	fenceLine   = regexp.MustCompile("^( {0,3})(```+|~~~+)\\s*([^`\\s]*)")
	headingLine = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	htmlAnchor  = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	codeSpan    = regexp.MustCompile("(`+)(.+?)(`+)")
)

// parseMarkdown reads one Markdown document.
func parseMarkdown(path, text string) *mdDoc {
	d := &mdDoc{Path: path, Anchors: map[string]bool{}}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	lastProse := "" // the last non-blank prose line, for block markers
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := fenceLine.FindStringSubmatch(line); m != nil {
			b := mdBlock{Line: i + 1, Lang: strings.ToLower(m[3])}
			if strings.HasPrefix(strings.TrimSpace(lastProse), "<!--") {
				b.Marker = strings.TrimSpace(lastProse)
			}
			// A fence indented inside a list item indents its lines too.
			pad, fence := m[1], m[2]
			for i++; i < len(lines); i++ {
				t := strings.TrimSpace(lines[i])
				if strings.HasPrefix(t, fence[:1]) && strings.Trim(t, fence[:1]) == "" && len(t) >= len(fence) {
					break
				}
				line := lines[i]
				for j := 0; j < len(pad) && strings.HasPrefix(line, " "); j++ {
					line = line[1:]
				}
				b.Lines = append(b.Lines, line)
			}
			d.Blocks = append(d.Blocks, b)
			lastProse = ""
			continue
		}
		pl := mdLine{Line: i + 1}
		pl.Text = codeSpan.ReplaceAllStringFunc(line, func(s string) string {
			m := codeSpan.FindStringSubmatch(s)
			if len(m[1]) != len(m[3]) {
				return s
			}
			pl.Code = append(pl.Code, strings.TrimSpace(m[2]))
			return "code"
		})
		d.Prose = append(d.Prose, pl)
		if m := headingLine.FindStringSubmatch(line); m != nil {
			d.Headings = append(d.Headings, m[2])
		}
		for _, m := range htmlAnchor.FindAllStringSubmatch(line, -1) {
			d.Anchors[m[1]] = true
		}
		if strings.TrimSpace(line) != "" {
			lastProse = line
		}
	}
	seen := map[string]int{}
	for _, h := range d.Headings {
		slug := githubSlug(h)
		if n := seen[slug]; n > 0 {
			d.Anchors[slug+"-"+strconv.Itoa(n)] = true
		} else {
			d.Anchors[slug] = true
		}
		seen[slug]++
	}
	return d
}

var (
	mdLinkText   = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	notSlugChars = regexp.MustCompile(`[^\p{L}\p{M}\p{N}_\- ]`)
)

// githubSlug is the anchor GitHub gives a heading: its text as rendered,
// lower-case, without punctuation, with spaces turned into hyphens.
func githubSlug(heading string) string {
	s := mdLinkText.ReplaceAllString(heading, "$1")
	s = strings.ToLower(s)
	s = notSlugChars.ReplaceAllString(s, "")
	return strings.ReplaceAll(s, " ", "-")
}

// markdownFiles lists the Markdown files of the repository that learners
// and instructors read: every *.md outside .git, .venv, bin, node_modules
// and testdata folders, as slash-separated paths relative to root.
func markdownFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".venv", "bin", "node_modules", "testdata", "__pycache__", ".pytest_cache":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".md") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// readMarkdown parses every Markdown file under root.
func readMarkdown(root string) ([]*mdDoc, error) {
	files, err := markdownFiles(root)
	if err != nil {
		return nil, err
	}
	var docs []*mdDoc
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		docs = append(docs, parseMarkdown(f, string(data)))
	}
	return docs, nil
}
