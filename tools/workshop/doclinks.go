package main

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

var (
	// inlineLink matches [text](target) and ![alt](target), with an
	// optional "title" after the target.
	inlineLink = regexp.MustCompile(`\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	// refLink matches a reference definition: [name]: target
	refLink = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?`)
	// htmlLink matches href="..." and src="..." in raw HTML.
	htmlLink  = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	lineRef   = regexp.MustCompile(`^L\d+(-L\d+)?$`)
)

// checkLinks checks the relative links of every doc: the file or folder
// they name must exist inside the repository, and an #anchor must name a
// heading (or an <a id>) of the Markdown file it points into. Links to
// other sites are not fetched.
func checkLinks(root string, docs []*mdDoc) []string {
	byPath := map[string]*mdDoc{}
	for _, d := range docs {
		byPath[d.Path] = d
	}
	var problems []string
	for _, d := range docs {
		for _, l := range d.Prose {
			var targets []string
			for _, re := range []*regexp.Regexp{inlineLink, refLink, htmlLink} {
				for _, m := range re.FindAllStringSubmatch(l.Text, -1) {
					targets = append(targets, m[1])
				}
			}
			for _, t := range targets {
				if msg := checkLink(root, d, t, byPath); msg != "" {
					problems = append(problems, fmt.Sprintf("%s:%d: link %q: %s", d.Path, l.Line, t, msg))
				}
			}
		}
	}
	return problems
}

// checkLink checks one link target of doc d and says what is wrong with it,
// or returns "".
func checkLink(root string, d *mdDoc, target string, byPath map[string]*mdDoc) string {
	if target == "" {
		return "empty link"
	}
	if urlScheme.MatchString(target) || strings.HasPrefix(target, "//") {
		return "" // another site, or mailto:
	}
	file, anchor, _ := strings.Cut(target, "#")
	file, _, _ = strings.Cut(file, "?")
	if f, err := url.PathUnescape(file); err == nil {
		file = f
	}
	var rel string
	switch {
	case file == "":
		rel = d.Path
	case strings.HasPrefix(file, "/"): // GitHub reads /x as the repository root
		rel = path.Clean(strings.TrimPrefix(file, "/"))
	default:
		rel = path.Clean(path.Join(path.Dir(d.Path), file))
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "points outside the repository"
	}
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return fmt.Sprintf("%s does not exist", rel)
	}
	if anchor == "" {
		return ""
	}
	if info.IsDir() {
		return fmt.Sprintf("%s is a folder; it has no #%s", rel, anchor)
	}
	if !strings.HasSuffix(rel, ".md") {
		if lineRef.MatchString(anchor) {
			return "" // GitHub's line anchors, such as #L10
		}
		return fmt.Sprintf("%s is not Markdown, so it has no #%s", rel, anchor)
	}
	td := byPath[rel]
	if td == nil {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return err.Error()
		}
		td = parseMarkdown(rel, string(data))
		byPath[rel] = td
	}
	if !td.Anchors[anchor] {
		return fmt.Sprintf("%s has no heading with the anchor #%s", rel, anchor)
	}
	return ""
}
