package accuracy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// BaselineName is the file, at the corpus root, that records the last
// accepted score.
const BaselineName = "baseline.json"

// Baseline is the accepted score per case: which labels were found, how
// many false findings there were and whether the input was refused. A run
// may do better than its baseline, never worse.
type Baseline struct {
	Cases map[string]BaselineCase `json:"cases"`
}

// BaselineCase is one case's accepted score.
type BaselineCase struct {
	// Found are the keys (LabelKeys) of the labels found.
	Found   []string `json:"found"`
	False   int      `json:"false"`
	Refused bool     `json:"refused"`
}

// LabelKeys names each label "kind address path" ("…" after a prefix path),
// with " #2", " #3" after the second and later labels of the same name, so
// that every label of a case has its own key.
func LabelKeys(labels []Label) []string {
	keys := make([]string, len(labels))
	seen := map[string]int{}
	for i, l := range labels {
		k := fmt.Sprintf("%s %s %s", l.Kind, displayAddress(l.Address), labelPath(l))
		seen[k]++
		if n := seen[k]; n > 1 {
			k = fmt.Sprintf("%s #%d", k, n)
		}
		keys[i] = k
	}
	return keys
}

// foundKeys returns the keys of the labels r found. Labels with the same
// name are interchangeable (any finding one absorbs, the other could), so
// the first ones of a name count as found.
func foundKeys(r Result) []string {
	count := map[string]int{}
	for _, k := range LabelKeys(r.Found) {
		count[baseKey(k)]++
	}
	var out []string
	for _, k := range LabelKeys(r.Case.Labels) {
		if count[baseKey(k)] > 0 {
			count[baseKey(k)]--
			out = append(out, k)
		}
	}
	return out
}

func baseKey(k string) string {
	if i := strings.LastIndex(k, " #"); i > 0 {
		return k[:i]
	}
	return k
}

// NewBaseline records results as the accepted score.
func NewBaseline(results []Result) Baseline {
	b := Baseline{Cases: map[string]BaselineCase{}}
	for _, r := range results {
		found := foundKeys(r)
		if found == nil {
			found = []string{}
		}
		b.Cases[r.Case.Name] = BaselineCase{Found: found, False: len(r.False), Refused: r.Refused}
	}
	return b
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (Baseline, error) {
	var b Baseline
	data, err := os.ReadFile(path)
	if err != nil {
		return b, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return b, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// WriteBaseline writes b to path with sorted keys, one case per block, so
// that its diffs are easy to review.
func WriteBaseline(path string, b Baseline) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Comparison is a run set against a baseline.
type Comparison struct {
	// Regressions make the run worse than the baseline: a label found
	// before and missed now, more false findings, a newly refused input, or
	// a case the baseline does not know (the baseline must describe every
	// case) or no longer has.
	Regressions []string
	// RegressedCases names the cases with regressions, in order.
	RegressedCases []string
	// Improvements are better than the baseline: run with -update to record
	// them.
	Improvements []string
}

// Compare sets results against the baseline.
func Compare(b Baseline, results []Result) Comparison {
	var c Comparison
	seen := map[string]bool{}
	for _, r := range results {
		name := r.Case.Name
		before := len(c.Regressions)
		c.compareCase(b, r)
		if len(c.Regressions) > before {
			c.RegressedCases = append(c.RegressedCases, name)
		}
		seen[name] = true
	}
	var stale []string
	for name := range b.Cases {
		if !seen[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		c.Regressions = append(c.Regressions, fmt.Sprintf("%s: in the baseline but not in the corpus: record the corpus with -update", name))
	}
	return c
}

// compareCase adds the regressions and improvements of one case.
func (c *Comparison) compareCase(b Baseline, r Result) {
	name := r.Case.Name
	base, ok := b.Cases[name]
	if !ok {
		c.Regressions = append(c.Regressions, fmt.Sprintf("%s: not in the baseline (a new case): record it with -update", name))
		return
	}
	if r.Refused && !base.Refused {
		c.Regressions = append(c.Regressions, fmt.Sprintf("%s: refused now, read before: %s", name, firstLine(r.Refusal)))
	}
	if !r.Refused && base.Refused {
		c.Improvements = append(c.Improvements, fmt.Sprintf("%s: read now, refused before", name))
	}
	now := map[string]bool{}
	for _, k := range foundKeys(r) {
		now[k] = true
	}
	before := map[string]bool{}
	for _, k := range base.Found {
		before[k] = true
		if !now[k] {
			c.Regressions = append(c.Regressions, fmt.Sprintf("%s: label %q was found and is missed now", name, k))
		}
	}
	for _, k := range foundKeys(r) {
		if !before[k] {
			c.Improvements = append(c.Improvements, fmt.Sprintf("%s: label %q is found now", name, k))
		}
	}
	switch n := len(r.False); {
	case n > base.False:
		c.Regressions = append(c.Regressions, fmt.Sprintf("%s: %d false findings, %d in the baseline", name, n, base.False))
	case n < base.False:
		c.Improvements = append(c.Improvements, fmt.Sprintf("%s: %d false findings, %d in the baseline", name, n, base.False))
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
