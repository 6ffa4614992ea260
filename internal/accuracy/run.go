package accuracy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/cli"
)

// Finding is the part of a JSON report finding the score looks at.
type Finding struct {
	Kind              string `json:"kind"`
	Address           string `json:"address"`
	StagingAddress    string `json:"staging_address"`
	ProductionAddress string `json:"production_address"`
	Path              string `json:"path"`
	Staging           string `json:"staging"`
	Production        string `json:"production"`
	Rule              string `json:"rule"`
	Message           string `json:"message"`
}

// Result is the score of one case.
type Result struct {
	Case *Case
	// Refused is set when the check exited with status 2 (an input it cannot
	// read, say); Refusal is what it printed on standard error.
	Refused bool
	Refusal string
	// Found and Missed partition the case's labels; False are the findings
	// no label accounts for.
	Found  []Label
	Missed []Label
	False  []Finding
}

// Run checks one case with the parity CLI, in process and exactly as a user
// runs it (`parity check --format json=FILE [--rules parity.hcl] --ratio R
// STAGING PRODUCTION`), and scores the JSON report. tmp is a directory for
// the report.
func Run(ctx context.Context, c *Case, tmp string) (Result, error) {
	res := Result{Case: c}
	report := filepath.Join(tmp, "report.json")
	args := []string{"check", "--format", "json=" + report}
	if c.Rules != "" {
		args = append(args, "--rules", c.Rules)
	}
	args = append(args, "--ratio", strconv.FormatFloat(c.Ratio, 'g', -1, 64), c.Staging, c.Production)
	var stdout, stderr bytes.Buffer
	code := cli.Main(ctx, args, "accuracy", strings.NewReader(""), &stdout, &stderr)
	switch code {
	case 0, 1:
	case 2:
		res.Refused = true
		res.Refusal = strings.TrimSpace(stderr.String())
		res.Missed = append([]Label(nil), c.Labels...)
		return res, nil
	default:
		return res, fmt.Errorf("%s: parity check exited %d: %s", c.Name, code, strings.TrimSpace(stderr.String()))
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return res, fmt.Errorf("%s: parity check exited %d without a report: %w", c.Name, code, err)
	}
	var doc struct {
		Findings []Finding `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return res, fmt.Errorf("%s: %s: %w", c.Name, report, err)
	}
	res.Found, res.Missed, res.False = Score(c.Labels, doc.Findings)
	return res, nil
}

// Matches reports whether finding f accounts for label l: the same kind, the
// label's address among the finding's address, staging address and
// production address, and the same path (for a prefix label, the label's
// path followed by nothing, "." or "[").
func Matches(l Label, f Finding) bool {
	if l.Kind != f.Kind {
		return false
	}
	if l.Address != f.Address && l.Address != f.StagingAddress && l.Address != f.ProductionAddress {
		return false
	}
	if f.Path == l.Path {
		return true
	}
	if !l.Prefix || !strings.HasPrefix(f.Path, l.Path) {
		return false
	}
	next := f.Path[len(l.Path)]
	return next == '.' || next == '['
}

// Score pairs labels with findings so that as many labels as possible are
// found, each label absorbing at most one finding and each finding at most
// one label (a maximum bipartite matching, so a broad prefix label never
// takes the only finding a precise label could have had). Labels keep their
// manifest order; findings that no label absorbed are false.
func Score(labels []Label, findings []Finding) (found, missed []Label, falseFindings []Finding) {
	owner := make([]int, len(findings)) // finding → label index, or -1
	for i := range owner {
		owner[i] = -1
	}
	var augment func(l int, seen []bool) bool
	augment = func(l int, seen []bool) bool {
		for fi := range findings {
			if seen[fi] || !Matches(labels[l], findings[fi]) {
				continue
			}
			seen[fi] = true
			if owner[fi] < 0 || augment(owner[fi], seen) {
				owner[fi] = l
				return true
			}
		}
		return false
	}
	matched := make([]bool, len(labels))
	for l := range labels {
		matched[l] = augment(l, make([]bool, len(findings)))
	}
	// Augmenting paths may move a label to another finding but never unmatch
	// it; recompute from the final owners.
	for l := range matched {
		matched[l] = false
	}
	for fi, l := range owner {
		if l >= 0 {
			matched[l] = true
		} else {
			falseFindings = append(falseFindings, findings[fi])
		}
	}
	for l, ok := range matched {
		if ok {
			found = append(found, labels[l])
		} else {
			missed = append(missed, labels[l])
		}
	}
	return found, missed, falseFindings
}
