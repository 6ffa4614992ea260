package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/baseline"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// today is the date baselines are written with; tests inject it.
func (c *command) today() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// baseline prints the baseline of two environments: one rules-file entry
// per finding, so that a team can turn the check on today and burn the
// list down.
func (c *command) baseline(args []string) int {
	fs := newFlagSet("baseline")
	var in inputFlags
	in.register(fs, true)
	positional, err := parseInterspersed(fs, args)
	if err == nil && len(positional) != 2 {
		err = usagef("want STAGING and PRODUCTION, got %d argument%s", len(positional), plural(len(positional)))
	}
	if err == nil && tfinput.IsStdin(positional[0]) && tfinput.IsStdin(positional[1]) {
		err = usagef("%s and %s both name standard input, which can be read once: give one side as a file", positional[0], positional[1])
	}
	if code, done := c.usageOutcome("baseline", err); done {
		return code
	}
	rules, err := c.loadRules(&in)
	if err != nil {
		return c.inputErrorOrUsage("baseline", err)
	}
	// The baseline lists every current finding: entries of an older
	// baseline among the rules would hide theirs.
	rules, old := baseline.Split(rules)
	if n := baseline.Count(old); n > 0 {
		fmt.Fprintf(c.stderr, "parity: %d baseline %s of the rules set aside: the new baseline lists every current finding\n",
			n, pluralWord(n, "entry", "entries"))
	}
	sides := []side{{name: "staging", path: positional[0]}, {name: "production", path: positional[1]}}
	if code, ok := c.readSides(&in, sides); !ok {
		return code
	}
	if in.terraform && in.schema == "" {
		rules = c.workingDirSchema(sides, in, rules)
	}
	rep, err := parity.Compare(sides[0].env, sides[1].env, rules)
	if err != nil {
		fmt.Fprintf(c.stderr, "parity: %v\n", err)
		return exitError
	}
	b, err := baseline.Make(sides[0].env, sides[1].env, rules, rep, c.today())
	if err != nil {
		fmt.Fprintf(c.stderr, "parity: %v\n", err)
		return exitError
	}
	if _, err := c.stdout.Write(b.HCL()); err != nil {
		fmt.Fprintf(c.stderr, "parity: cannot write the baseline: %v\n", err)
		return exitError
	}
	c.baselineSummary(b)
	return exitOK
}

// baselineSummary says on standard error what a baseline holds.
func (c *command) baselineSummary(b *baseline.Baseline) {
	fmt.Fprintf(c.stderr, "parity: baseline of %d %s: %d %s", b.Findings, pluralWord(b.Findings, "finding", "findings"),
		len(b.Entries), pluralWord(len(b.Entries), "entry", "entries"))
	if b.Widened > 0 {
		fmt.Fprintf(c.stderr, " (%d for the list that holds an element the engine compares inside it)", b.Widened)
	}
	if b.Unknown > 0 {
		fmt.Fprintf(c.stderr, "; %d %s of values unknown until apply left out", b.Unknown, pluralWord(b.Unknown, "finding", "findings"))
	}
	fmt.Fprintln(c.stderr)
}

// readSides reads both sides side by side; on failure it has printed why
// and returns the exit code.
func (c *command) readSides(in *inputFlags, sides []side) (int, bool) {
	c.announceReading(sides)
	c.setMemoryLimit(sides)
	var wg sync.WaitGroup
	for i := range sides {
		s := &sides[i]
		wg.Go(func() {
			s.env, s.err = tfinput.Load(c.ctx, s.path, c.options(in, s.name))
		})
	}
	wg.Wait()
	failed := false
	for _, s := range sides {
		if s.err != nil {
			fmt.Fprintf(c.stderr, "parity: %s\n", inputErrorText(s.path, s.err))
			failed = true
		}
	}
	if failed {
		return exitError, false
	}
	if err := sameKind(sides); err != nil {
		return c.inputError(err), false
	}
	return exitOK, true
}

// adoption is what check found out about baselines.
type adoption struct {
	// entries are the baseline entries among the rules.
	entries parity.Rules
	// written is the baseline --write-baseline writes; nil without it.
	written []byte
}

// baselineCheck is what check does about baselines once it has compared
// under rules: entries of a baseline among the rules that accept no
// finding any more are stale (rep.Stale, reported with the unused rules),
// and with --write-baseline the baseline of every current finding is made,
// to be written with the reports. Both need the comparison without the
// entries, which runs only when the rules hold some.
func (c *command) baselineCheck(compare func(parity.Rules) (*parity.Report, error), sides []side, rules parity.Rules, rep *parity.Report, writeTo string) (adoption, error) {
	kept, entries := baseline.Split(rules)
	a := adoption{entries: entries}
	rep0 := rep
	if baseline.Count(entries) > 0 {
		var err error
		if rep0, err = compare(kept); err != nil {
			return a, err
		}
		rep.Stale = baseline.Stale(entries, rep0)
	}
	if writeTo == "" {
		return a, nil
	}
	b, err := baseline.Make(sides[0].env, sides[1].env, kept, rep0, c.today())
	if err != nil {
		return a, err
	}
	c.baselineSummary(b)
	a.written = b.HCL()
	return a, nil
}

// rulesThatChangeNothing reports the rules that change nothing, as
// --unused-rules says (warn, error or ignore): the stale baseline entries,
// whose difference is gone, then the other rules the comparison did not
// use (unusedRules). A baseline entry is reported once, as stale or not at
// all: an entry the comparison did not use accepts no finding either. It
// returns true when the check must stop with exit code 2.
func (c *command) rulesThatChangeNothing(rep *parity.Report, setting string, entries parity.Rules) bool {
	if setting == "ignore" {
		return false
	}
	level := "warning"
	if setting == "error" {
		level = "error"
	}
	for _, s := range rep.Stale {
		where := ""
		if s.Source != nil {
			where = fmt.Sprintf("%s:%d: ", s.Source.File, s.Source.Line)
		}
		fmt.Fprintf(c.stderr, "parity: %s: %s%s changes nothing: it accepts no finding any more (a baseline entry whose difference is gone); delete it\n",
			level, parity.EscapeText(where), parity.EscapeText(s.Rule))
	}
	isEntry := map[parity.Location]bool{}
	for _, r := range entries.Ignores {
		if r.Source != nil {
			isEntry[*r.Source] = true
		}
	}
	for _, r := range entries.OnlyIn {
		if r.Source != nil {
			isEntry[*r.Source] = true
		}
	}
	all := rep.Rules
	rep.Rules = nil
	for _, u := range all {
		if u.Source == nil || !isEntry[*u.Source] {
			rep.Rules = append(rep.Rules, u)
		}
	}
	stop := c.unusedRules(rep, setting)
	rep.Rules = all
	if !stop && len(rep.Stale) > 0 && setting == "error" {
		fmt.Fprintln(c.stderr, "parity: unused rules are errors (--unused-rules error); fix or remove them, or pass --unused-rules warn")
		return true
	}
	return stop
}

// checkBaselineTarget refuses a --write-baseline file that is an input
// (the rules files included: a baseline is rewritten from a check without
// the old one) or a report's file, and one whose directory does not exist,
// before anything is read.
func checkBaselineTarget(path string, environments bool, outputs []outputSpec, inputs []inputFile) error {
	if environments {
		return usagef("--write-baseline %s: a baseline is written for STAGING PRODUCTION, not with --env", path)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("--write-baseline %s: directory %s does not exist", path, dir)
	}
	key := resolvedPath(path)
	info, statErr := os.Stat(path)
	for _, in := range inputs {
		if statErr == nil && os.SameFile(info, in.info) {
			return usagef("--write-baseline %s: %s is the %s %s; the baseline never overwrites an input: write it to another file, or check without the old baseline", path, path, in.role, in.path)
		}
	}
	for _, out := range outputs {
		if out.path == "" {
			continue
		}
		same := resolvedPath(out.path) == key
		if oi, err := os.Stat(out.path); err == nil && statErr == nil {
			same = os.SameFile(info, oi)
		}
		if same {
			return usagef("--write-baseline %s: %s is already the output of --format %s=%s; give the baseline its own file", path, path, out.format, out.path)
		}
	}
	return nil
}

// writeBaseline adds the baseline to the reports, written all or none with
// them.
func (rw *reportWriter) writeBaseline(path string, src []byte) error {
	return rw.render(path, func(w io.Writer) error {
		_, err := w.Write(src)
		return err
	})
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
