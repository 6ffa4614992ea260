package parity

import (
	"fmt"
	"strings"
)

// ParseRounding parses a rounding mode: nearest, up, down or either.
func ParseRounding(s string) (Rounding, error) {
	switch r := Rounding(s); r {
	case RoundingNearest, RoundingUp, RoundingDown, RoundingEither:
		return r, nil
	}
	return "", fmt.Errorf("rounding %q is not one of %s", s, roundingList)
}

// roundingList names the rounding modes for messages.
const roundingList = `"nearest", "up", "down" or "either"`

// ValidateModulePath checks a module call path such as
// module.staging_infrastructure or module.app["staging"].module.db.
func ValidateModulePath(p string) error { return validateModulePath(p) }

func validateModulePath(p string) error {
	if _, err := CompilePattern(p); err != nil {
		return err
	}
	if strings.Contains(p, "*") {
		return fmt.Errorf("module path %q contains a wildcard; name the module call exactly", p)
	}
	steps := splitSteps(p)
	if len(steps)%2 != 0 {
		return fmt.Errorf("module path %q is not a sequence of module.NAME steps", p)
	}
	for k := 0; k < len(steps); k += 2 {
		if steps[k] != "module" || strings.HasPrefix(steps[k+1], "[") {
			return fmt.Errorf("module path %q is not a sequence of module.NAME steps", p)
		}
	}
	return nil
}

// splitSteps splits a valid pattern at the dots that separate steps (dots
// inside quoted index keys do not).
func splitSteps(p string) []string {
	var steps []string
	start, inString := 0, false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case c == '.' && !inString:
			steps = append(steps, p[start:i])
			start = i + 1
		}
	}
	return append(steps, p[start:])
}
