package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/report"
	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// usageError is a mistake in the command line: the command prints it with
// the short usage and exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// newFlagSet returns a FlagSet that reports errors to the caller instead of
// printing them, so that every usage error looks the same.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("parity "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseInterspersed parses flags anywhere among the positional arguments:
// the flag package stops at the first non-flag, so the arguments are parsed
// again after each positional one. "--" ends the flags; everything after it
// is positional. It returns flag.ErrHelp for -h/--help.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" && !isFlagValue(fs, args, consumed-1) {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// isFlagValue reports whether args[i] is the separate value of the flag
// before it (as in `--rules --`), rather than the "--" terminator.
func isFlagValue(fs *flag.FlagSet, args []string, i int) bool {
	if i == 0 {
		return false
	}
	prev := args[i-1]
	if !strings.HasPrefix(prev, "-") || strings.Contains(prev, "=") {
		return false
	}
	f := fs.Lookup(strings.TrimLeft(prev, "-"))
	if f == nil {
		return false
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	return true
}

// flagError turns an error of the flag package into a usage error; the flag
// package says "flag provided but not defined: -x", which is clear enough
// with the dash count the user typed.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &usageError{msg: err.Error()}
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// outputSpec is one --format: a report format and where it goes ("" is
// stdout).
type outputSpec struct {
	format report.Format
	path   string
}

// parseOutputs parses --format values FORMAT[=PATH]. A PATH of "-" or none
// is stdout; at most one format may go to stdout. (checkReportTargets makes
// sure no file is named twice, however it is spelled.)
func parseOutputs(values []string) ([]outputSpec, error) {
	if len(values) == 0 {
		return []outputSpec{{format: report.FormatText}}, nil
	}
	var outs []outputSpec
	stdout := ""
	for _, v := range values {
		name, path, _ := strings.Cut(v, "=")
		f, err := report.ParseFormat(name)
		if err != nil {
			return nil, usagef("--format %s: %v", v, err)
		}
		path = strings.TrimSpace(path)
		if path == "-" {
			path = ""
		}
		if path == "" {
			if stdout != "" {
				return nil, usagef("--format %s: only one format can go to standard output, and %s already does; give one of them a file: --format %s=FILE", v, stdout, name)
			}
			stdout = string(f)
		}
		outs = append(outs, outputSpec{format: f, path: path})
	}
	return outs, nil
}

// parseEnvTokens parses --env-tokens: sides separated by ";", each
// SIDE=TOKEN,TOKEN, SIDE being staging or production. A side not given keeps
// the rules file's tokens (or the defaults); "staging=" means no tokens.
func parseEnvTokens(s string) (parity.EnvironmentTokens, error) {
	var t parity.EnvironmentTokens
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		side, list, ok := strings.Cut(part, "=")
		side = strings.ToLower(strings.TrimSpace(side))
		if !ok {
			return t, usagef("--env-tokens %q: want SIDE=TOKEN,TOKEN;SIDE=TOKEN,… with SIDE staging or production, as in staging=stg,staging;production=prod,production", s)
		}
		tokens := []string{}
		for _, tok := range strings.Split(list, ",") {
			if tok = strings.TrimSpace(tok); tok != "" {
				tokens = append(tokens, tok)
			}
		}
		if seen[side] {
			return t, usagef("--env-tokens %q: %s is given twice", s, side)
		}
		seen[side] = true
		switch side {
		case "staging":
			t.Staging = tokens
		case "production":
			t.Production = tokens
		default:
			return t, usagef("--env-tokens %q: unknown side %q: use staging or production", s, side)
		}
	}
	if len(seen) == 0 {
		return t, usagef("--env-tokens %q: no side given; write staging=stg,staging;production=prod,production", s)
	}
	return t, nil
}

// parseRatio reads a ratio as a decimal (0.5), a fraction (1/2) or a
// percentage (50%), checked against the range every entry point shares.
func parseRatio(s string) (*big.Rat, error) { return sizes.ParseRatio(s) }

// ratioFlag is --ratio: it remembers whether it was set, so that it only
// overrides the rules file when given.
type ratioFlag struct {
	value float64
	set   bool
}

func (r *ratioFlag) String() string {
	if !r.set {
		return ""
	}
	return fmt.Sprint(r.value)
}

func (r *ratioFlag) Set(s string) error {
	rat, err := parseRatio(s)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "ratio "))
	}
	r.value, _ = rat.Float64()
	r.set = true
	return nil
}

// failOnFlag is --fail-on, validated as it is parsed.
type failOnFlag string

func (f *failOnFlag) String() string { return string(*f) }

func (f *failOnFlag) Set(s string) error {
	switch s {
	case report.FailOnDrift, report.FailOnUnknown, report.FailOnNever:
		*f = failOnFlag(s)
		return nil
	}
	return fmt.Errorf("%q is not one of drift, unknown, never", s)
}

// sizeFlag is --max-input-size: a size such as 512MiB or 2GiB.
type sizeFlag int64

func (f *sizeFlag) String() string {
	if *f == 0 {
		return ""
	}
	return inputlimit.FormatSize(int64(*f))
}

func (f *sizeFlag) Set(s string) error {
	n, err := inputlimit.ParseSize(s)
	if err != nil {
		return err
	}
	*f = sizeFlag(n)
	return nil
}
