// Package shellwords splits command lines into words, as a POSIX shell
// would, for the runner's tools that run commands without a shell: the
// demos (lessons.json's demo steps) and doccheck.
package shellwords

import (
	"fmt"
	"strings"
)

// Split splits a command line into words the way a POSIX shell does for the
// simple commands in our docs: spaces separate words, '...' keeps its
// content as it is, "..." keeps it but for \" and \\, and \ outside quotes
// escapes the next character. Anything that needs a real shell (pipes,
// redirections, variables, globs, comments) is an error, so the docs stay
// simple enough to check.
func Split(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unclosed ' in %q", s)
			}
			word.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				} else if s[i] == '$' || s[i] == '`' {
					return nil, fmt.Errorf("%q needs a shell (%c inside \"...\"); the checks run commands without one", s, s[i])
				}
				word.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, fmt.Errorf("unclosed \" in %q", s)
			}
			inWord = true
		case c == '\\':
			if i+1 == len(s) {
				return nil, fmt.Errorf("%q ends with a lone \\", s)
			}
			i++
			word.WriteByte(s[i])
			inWord = true
		case strings.IndexByte("|&;<>()$`*?[]{}~#", c) >= 0:
			return nil, fmt.Errorf("%q needs a shell (%c); the checks run commands without one", s, c)
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}
