package parity

import (
	"fmt"
	"strings"
)

// patternHelp says what a step may be; it ends several pattern errors.
const patternHelp = `a step is a name (letters, digits, "_" and "-"), * or **, optionally followed by [n], ["key"] or [*]`

// checkPatternSyntax checks the syntax of an attribute path pattern such as
// aws_db_instance.*.allocated_storage or spec.*.template.**.limits["cpu"].
// Steps are separated by dots; a step is a name, * (exactly one step) or **
// (any number of steps), and names and * may carry index selectors [n],
// ["key"] or [*]. Wildcards stand for whole steps: "web*" is rejected rather
// than silently never matching.
func checkPatternSyntax(p string) error {
	if p == "" {
		return fmt.Errorf("pattern is empty")
	}
	if strings.TrimSpace(p) != p {
		return fmt.Errorf("pattern %q has leading or trailing spaces", p)
	}
	i := 0
	for {
		next, err := scanStep(p, i)
		if err != nil {
			return err
		}
		if next == len(p) {
			return nil
		}
		// scanStep stops only at the end or at a dot.
		i = next + 1
		if i == len(p) {
			return fmt.Errorf("pattern %q ends with a dot; remove it", p)
		}
	}
}

// scanStep scans the step starting at byte i and returns the offset of the
// dot that ends it, or len(p).
func scanStep(p string, i int) (int, error) {
	start := i
	// Positions in messages count characters from 1, as editors do.
	pos := func(off int) int { return len([]rune(p[:off])) + 1 }

	switch {
	case strings.HasPrefix(p[i:], "**"):
		i += 2
		if i < len(p) && p[i] == '[' {
			return 0, fmt.Errorf("pattern %q indexes ** at character %d; ** stands for any number of steps and cannot carry an index", p, pos(i))
		}
		if i < len(p) && p[i] != '.' {
			return 0, fmt.Errorf("pattern %q has %q at character %d; wildcards stand for a whole step, so ** must be followed by a dot or the end", p, string(p[i]), pos(i))
		}
		return i, nil
	case p[i] == '*':
		i++
		if i < len(p) && p[i] != '.' && p[i] != '[' {
			return 0, fmt.Errorf("pattern %q has %q after * at character %d; wildcards stand for a whole step (\"web*\" or \"*_id\" are not supported)", p, string(p[i]), pos(i))
		}
	case p[i] == '.':
		if i == 0 {
			return 0, fmt.Errorf("pattern %q starts with a dot; remove it", p)
		}
		return 0, fmt.Errorf("pattern %q has an empty step at character %d; steps are separated by single dots", p, pos(i))
	case p[i] == '[':
		return 0, fmt.Errorf("pattern %q has an index with no step before it at character %d; write name[n] or name.*", p, pos(i))
	default:
		for i < len(p) && isNameByte(p[i]) {
			i++
		}
		if i == start {
			return 0, fmt.Errorf("pattern %q has an unexpected character %q at character %d; %s", p, string([]rune(p[i:])[0]), pos(i), patternHelp)
		}
		if i < len(p) && p[i] == '*' {
			return 0, fmt.Errorf("pattern %q has * inside the step %q at character %d; wildcards stand for a whole step (\"web*\" or \"*_id\" are not supported)", p, p[start:i+1], pos(i))
		}
	}

	for i < len(p) && p[i] == '[' {
		end, err := scanIndex(p, i, pos)
		if err != nil {
			return 0, err
		}
		i = end
	}
	if i < len(p) && p[i] != '.' {
		return 0, fmt.Errorf("pattern %q has an unexpected character %q at character %d; %s", p, string([]rune(p[i:])[0]), pos(i), patternHelp)
	}
	return i, nil
}

// scanIndex scans an index selector starting at the '[' at byte i and returns
// the offset just after its ']'.
func scanIndex(p string, i int, pos func(int) int) (int, error) {
	open := i
	i++
	switch {
	case i >= len(p):
		return 0, fmt.Errorf("pattern %q has an unclosed [ at character %d", p, pos(open))
	case p[i] == '*':
		i++
	case p[i] == '"':
		i++
		for {
			if i >= len(p) {
				return 0, fmt.Errorf("pattern %q has an unterminated string in the index at character %d", p, pos(open))
			}
			if p[i] == '\\' {
				if i+1 >= len(p) {
					return 0, fmt.Errorf("pattern %q has an unterminated string in the index at character %d", p, pos(open))
				}
				i += 2
				continue
			}
			if p[i] == '"' {
				i++
				break
			}
			i++
		}
	case p[i] >= '0' && p[i] <= '9':
		for i < len(p) && p[i] >= '0' && p[i] <= '9' {
			i++
		}
	case p[i] == ']':
		return 0, fmt.Errorf("pattern %q has an empty index [] at character %d; write [n], [\"key\"] or [*]", p, pos(open))
	default:
		return 0, fmt.Errorf("pattern %q has an invalid index at character %d; an index is a number, a quoted key or *: [0], [\"key\"], [*]", p, pos(open))
	}
	if i >= len(p) || p[i] != ']' {
		return 0, fmt.Errorf("pattern %q has an unclosed [ at character %d; an index is a number, a quoted key or *: [0], [\"key\"], [*]", p, pos(open))
	}
	return i + 1, nil
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
