package cli

import (
	"fmt"
	"regexp"
	"strings"
)

// A check compares production with one or more environments, each at its
// own ratio: `parity check --env dev=0.25:dev.json --env staging=1/2:staging.json
// production.json`. `parity check STAGING PRODUCTION` is the special case of
// one environment named staging at --ratio.

// envSpec is one --env NAME=RATIO:PATH.
type envSpec struct {
	name  string
	ratio float64
	path  string
}

// envList is the repeatable --env flag.
type envList []envSpec

// envName is what an environment may be called: a word, as it appears in
// resource names (it is also one of the environment's tokens).
var envName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$`)

func (l *envList) String() string {
	parts := make([]string, len(*l))
	for i, e := range *l {
		parts[i] = fmt.Sprintf("%s=%g:%s", e.name, e.ratio, e.path)
	}
	return strings.Join(parts, " ")
}

// Set parses NAME=RATIO:PATH. RATIO is written as for --ratio (0.5, 1/2,
// 50%); PATH is everything after the first colon, so it may hold colons
// itself (C:\envs\dev.json).
func (l *envList) Set(s string) error {
	const form = "want NAME=RATIO:PATH, as in dev=0.25:dev.json"
	name, rest, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q: %s", s, form)
	}
	if !envName.MatchString(name) {
		return fmt.Errorf("%q: environment name %q: use letters, digits, - and _ (starting with a letter or digit, at most 63 characters)", s, name)
	}
	if strings.EqualFold(name, "production") {
		return fmt.Errorf("%q: production is the last argument, not an --env", s)
	}
	for _, e := range *l {
		if strings.EqualFold(e.name, name) {
			return fmt.Errorf("%q: environment %s is given twice", s, e.name)
		}
	}
	ratioText, path, ok := strings.Cut(rest, ":")
	if !ok || ratioText == "" {
		return fmt.Errorf("%q: no ratio: %s", s, form)
	}
	if path == "" {
		return fmt.Errorf("%q: no path: %s", s, form)
	}
	rat, err := parseRatio(ratioText)
	if err != nil {
		return fmt.Errorf("%q: %v", s, err)
	}
	ratio, _ := rat.Float64()
	*l = append(*l, envSpec{name: name, ratio: ratio, path: path})
	return nil
}
