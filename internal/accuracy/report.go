package accuracy

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// RunAll runs every case, at most GOMAXPROCS at a time, and returns the
// results in the order of cases.
func RunAll(ctx context.Context, cases []Case) ([]Result, error) {
	results := make([]Result, len(cases))
	errs := make([]error, len(cases))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range cases {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			tmp, err := os.MkdirTemp("", "parity-accuracy-")
			if err != nil {
				errs[i] = err
				return
			}
			defer os.RemoveAll(tmp)
			results[i], errs[i] = Run(ctx, &cases[i], tmp)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// Totals sums results.
type Totals struct {
	Cases, ParityCases, DriftCases int
	Labels, Found, Missed          int
	False                          int
	Refused                        int
	// CasesRight counts cases with every label found, no false finding and
	// no refusal.
	CasesRight int
}

// Recall is found/labels, 1 when there are no labels.
func (t Totals) Recall() float64 {
	if t.Labels == 0 {
		return 1
	}
	return float64(t.Found) / float64(t.Labels)
}

// Sum adds up results.
func Sum(results []Result) Totals {
	var t Totals
	for _, r := range results {
		t.Cases++
		if r.Case.Drift() {
			t.DriftCases++
		} else {
			t.ParityCases++
		}
		t.Labels += len(r.Case.Labels)
		t.Found += len(r.Found)
		t.Missed += len(r.Missed)
		t.False += len(r.False)
		if r.Refused {
			t.Refused++
		}
		if len(r.Missed) == 0 && len(r.False) == 0 && !r.Refused {
			t.CasesRight++
		}
	}
	return t
}

// WriteTable prints one row per case (labels, found, missed, false findings,
// refused) and the totals.
func WriteTable(w io.Writer, results []Result) error {
	t := Sum(results)
	total := fmt.Sprintf("total (%d cases)", t.Cases)
	width := len(total)
	for _, r := range results {
		width = max(width, len(r.Case.Name))
	}
	var b strings.Builder
	row := func(name string, cols ...any) {
		fmt.Fprintf(&b, "%-*s", width, name)
		for _, c := range cols {
			fmt.Fprintf(&b, "  %7v", c)
		}
		b.WriteString("\n")
	}
	row("case", "labels", "found", "missed", "false", "refused")
	for _, r := range results {
		refused := "-"
		if r.Refused {
			refused = "yes"
		}
		row(r.Case.Name, len(r.Case.Labels), len(r.Found), len(r.Missed), len(r.False), refused)
	}
	row(total, t.Labels, t.Found, t.Missed, t.False, t.Refused)
	fmt.Fprintf(&b, "\n%d cases (%d parity, %d drift): recall %.1f%% (%d of %d labelled drifts found), %d false findings, %d refused; %d cases exactly right.\n",
		t.Cases, t.ParityCases, t.DriftCases, 100*t.Recall(), t.Found, t.Labels, t.False, t.Refused, t.CasesRight)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteDetails lists, per case, every missed label (with its reason), every
// false finding (with the engine's message) and every refusal.
func WriteDetails(w io.Writer, results []Result) error {
	var b strings.Builder
	for _, r := range results {
		if len(r.Missed) == 0 && len(r.False) == 0 && !r.Refused {
			continue
		}
		fmt.Fprintf(&b, "%s\n", r.Case.Name)
		if r.Refused {
			for _, line := range strings.Split(r.Refusal, "\n") {
				fmt.Fprintf(&b, "  refused  %s\n", line)
			}
		}
		for _, l := range r.Missed {
			fmt.Fprintf(&b, "  missed   %s %s %s: %s\n", l.Kind, displayAddress(l.Address), labelPath(l), l.Why)
		}
		spurious := append([]Finding(nil), r.False...)
		sort.SliceStable(spurious, func(i, j int) bool { return spurious[i].Address < spurious[j].Address })
		for _, f := range spurious {
			fmt.Fprintf(&b, "  false    %s %s %s: %s\n", f.Kind, displayAddress(findingAddress(f)), f.Path, oneLine(f.Message, 240))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine folds a message (which may quote a multi-line document) onto one
// line of at most limit runes.
func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return s
}

func labelPath(l Label) string {
	if l.Prefix {
		return l.Path + "…"
	}
	return l.Path
}

func displayAddress(a string) string {
	if a == "" {
		return "(settings)"
	}
	return a
}

// findingAddress names a finding by the document's own address: the staging
// one, else the production one, else the normalised address.
func findingAddress(f Finding) string {
	switch {
	case f.StagingAddress != "":
		return f.StagingAddress
	case f.ProductionAddress != "":
		return f.ProductionAddress
	}
	return f.Address
}
