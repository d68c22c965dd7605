package checks

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"grpcworkshop/testkit/shellwords"
)

// A Check is one command from a doc, with the output the doc promises.
type Check struct {
	Line       int      // where the command is in the doc, for messages
	Args       []string // the command, split into words as a shell would
	Output     string   // the lines after the command, each ending in "\n"
	Stdin      string   // the here-document after the command, if any, each line ending in "\n"
	Exit       int      // the exit status the marker asks for (default 0)
	Reflection bool     // false when the marker says reflection=off
}

// checkMarker is the line that makes the next console block a check.
const checkMarker = "<!-- check"

// ParseChecks reads a Markdown document and returns its checks: each fenced
// block tagged "console" right after a marker line such as
//
//	<!-- check -->
//	<!-- check exit=75 -->
//	<!-- check reflection=off exit=1 -->
//
// The block's first line is the command, after "$ "; a line that ends in
// " \" goes on on the next line. A command that ends in a here-document
// marker, such as "<<EOF", reads the lines up to the line "EOF" as its
// standard input, as a POSIX shell would. The remaining lines are its
// output.
//
// A console block without a marker is not a check, but if its command runs
// mustMark (such as "grpcurl"), ParseChecks fails, so that no such command
// goes untested by mistake.
func ParseChecks(r io.Reader, mustMark string) ([]Check, error) {
	sc := bufio.NewScanner(r)
	var checks []Check
	var marker *Check // set by a marker line, used by the next block
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, checkMarker):
			m, err := parseMarker(trimmed)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			marker = &m
		case trimmed == "```console":
			start := lineNo
			var body []string
			closed := false
			for sc.Scan() {
				lineNo++
				if strings.TrimSpace(sc.Text()) == "```" {
					closed = true
					break
				}
				body = append(body, sc.Text())
			}
			if !closed {
				return nil, fmt.Errorf("line %d: the console block never ends", start)
			}
			c, err := parseBlock(body)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", start, err)
			}
			c.Line = start + 1
			if marker == nil {
				if strings.Contains(strings.Join(c.Args, " "), mustMark) {
					return nil, fmt.Errorf("line %d: this console block runs %s but has no %q marker before it", start, mustMark, checkMarker+" -->")
				}
				continue
			}
			c.Exit, c.Reflection = marker.Exit, marker.Reflection
			checks = append(checks, c)
			marker = nil
		case trimmed == "":
			// A blank line may sit between the marker and its block.
		default:
			if marker != nil {
				return nil, fmt.Errorf("line %d: a %q marker must be followed by a ```console block", lineNo, checkMarker+" -->")
			}
		}
	}
	return checks, sc.Err()
}

// parseMarker reads the options of a marker line.
func parseMarker(line string) (Check, error) {
	c := Check{Reflection: true}
	body, ok := strings.CutSuffix(strings.TrimPrefix(line, checkMarker), "-->")
	if !ok {
		return c, fmt.Errorf("a check marker must end with \"-->\": %q", line)
	}
	for _, opt := range strings.Fields(body) {
		switch {
		case opt == "reflection=off":
			c.Reflection = false
		case strings.HasPrefix(opt, "exit="):
			n, err := strconv.Atoi(strings.TrimPrefix(opt, "exit="))
			if err != nil {
				return c, fmt.Errorf("bad option %q in a check marker", opt)
			}
			c.Exit = n
		default:
			return c, fmt.Errorf("unknown option %q in a check marker; want exit=N or reflection=off", opt)
		}
	}
	return c, nil
}

// parseBlock splits a console block into its command and its output.
func parseBlock(lines []string) (Check, error) {
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "$ ") {
		return Check{}, fmt.Errorf("a console block must start with a command line, \"$ ...\"")
	}
	cmd := strings.TrimPrefix(lines[0], "$ ")
	lines = lines[1:]
	for strings.HasSuffix(cmd, "\\") && len(lines) > 0 {
		cmd = strings.TrimSuffix(cmd, "\\") + " " + strings.TrimSpace(lines[0])
		lines = lines[1:]
	}
	var stdin strings.Builder
	if m := hereDoc.FindStringSubmatch(cmd); m != nil {
		cmd = m[1]
		word := strings.Trim(m[2], `'"`)
		end := slices.Index(lines, word)
		if end < 0 {
			return Check{}, fmt.Errorf("the here-document of %q never ends: no line %q", cmd, word)
		}
		for _, l := range lines[:end] {
			stdin.WriteString(l + "\n")
		}
		lines = lines[end+1:]
	}
	args, err := shellwords.Split(cmd)
	if err != nil {
		return Check{}, err
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(l + "\n")
	}
	return Check{Args: args, Output: out.String(), Stdin: stdin.String()}, nil
}

// hereDoc matches a command that ends in a here-document marker, "<<EOF"
// or "<<'EOF'": the command before it, and the word that ends the
// document.
var hereDoc = regexp.MustCompile(`^(.*\S)\s+<<('[A-Za-z_]\w*'|"[A-Za-z_]\w*"|[A-Za-z_]\w*)$`)
