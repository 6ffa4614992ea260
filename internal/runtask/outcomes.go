package runtask

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	tfe "github.com/hashicorp/go-tfe"
	"github.com/hashicorp/jsonapi"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/report"
)

// Bounds of a callback. HCP Terraform recommends outcome bodies under 1 MB
// and refuses them above 5 MB; a callback with many resources in drift stays
// far below both.
const (
	MaxOutcomeBodyBytes  = 64 << 10
	MaxOutcomes          = 50
	maxDescriptionLength = 200
	maxMessageLength     = 500
)

// The severity tag levels HCP Terraform renders with colour and icon.
const (
	levelError   = "error"
	levelWarning = "warning"
	levelInfo    = "info"
)

// Result is what a run task reports back: the callback's status, message,
// link and outcomes.
type Result struct {
	Status   tfe.TaskResultStatus
	Message  string
	URL      string
	Outcomes []*tfe.TaskResultOutcome
	// Findings and Drift count the report's findings, for logs and exit codes.
	Findings, Drift int
}

// CallbackOptions is the JSON:API task-results body of the result; outcomes
// are left out when the caller does not accept them.
func (r *Result) CallbackOptions(withOutcomes bool) tfe.TaskResultCallbackRequestOptions {
	opts := tfe.TaskResultCallbackRequestOptions{Status: r.Status, Message: r.Message, URL: r.URL}
	if withOutcomes {
		opts.Outcomes = r.Outcomes
	}
	return opts
}

// CallbackBody is the JSON:API document the callback sends, indented: the
// same encoding go-tfe uses for the PATCH.
func (r *Result) CallbackBody(withOutcomes bool) ([]byte, error) {
	opts := r.CallbackOptions(withOutcomes)
	var compact bytes.Buffer
	if err := jsonapi.MarshalPayloadWithoutIncluded(&compact, &opts); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// comparison is what the outcomes describe.
type comparison struct {
	report      *parity.Report
	runSide     Side
	runName     string // the run's workspace
	counterpart string // the counterpart workspace (or file)
	meta        report.Meta
	reportURL   string
	advisory    bool
}

// buildResult turns a report into the callback: passed when in parity,
// failed on drift (values unknown until apply warn but do not fail, like
// `parity check`).
func buildResult(c comparison) *Result {
	rep := c.report
	res := &Result{URL: c.reportURL}
	counts := rep.Counts()
	for _, f := range rep.Findings {
		res.Findings++
		if f.Kind.IsDrift() {
			res.Drift++
		}
	}
	unknown := counts[parity.FindingUnknown]
	against := fmt.Sprintf("%s workspace %s", c.runSide.other(), c.counterpart)
	if res.Drift == 0 {
		res.Status = tfe.TaskPassed
		res.Message = fmt.Sprintf("In parity with %s: %s compared, no drift", against, plural(len(rep.Resources), "resource"))
		if unknown > 0 {
			res.Message += fmt.Sprintf("; %d value%s unknown until apply", unknown, pluralS(unknown))
		}
		res.Message += "."
	} else {
		var kinds []string
		for _, k := range parity.AllFindingKinds {
			if n := counts[k]; n > 0 && k.IsDrift() {
				kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
			}
		}
		res.Status = tfe.TaskFailed
		res.Message = fmt.Sprintf("Drift from %s: %s (%s) in %d of %s.", against, plural(res.Drift, "finding"),
			strings.Join(kinds, ", "), driftResources(rep), plural(len(rep.Resources), "resource"))
		if c.advisory {
			res.Message += advisoryNote
		}
	}
	res.Message = truncate(res.Message, maxMessageLength)
	res.Outcomes = buildOutcomes(c)
	return res
}

// advisoryNote ends the message of a failed advisory task, which does not
// stop the run.
const advisoryNote = " Advisory task: the run is not blocked."

// failure is the result of an evaluation that could not compare.
func failure(advisory bool, format string, args ...any) *Result {
	msg := "Parity check could not run: " + fmt.Sprintf(format, args...)
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	if advisory {
		msg += advisoryNote
	}
	return &Result{Status: tfe.TaskFailed, Message: truncate(oneLine(msg), maxMessageLength)}
}

// group is the findings of one resource address.
type group struct {
	address  string
	findings []parity.Finding
	drift    bool
}

// buildOutcomes makes one outcome per resource with findings, sorted by
// address, and one for ignored paths; past MaxOutcomes the rest are summed
// up in a last outcome.
func buildOutcomes(c comparison) []*tfe.TaskResultOutcome {
	var groups []group
	byAddress := map[string]int{}
	for _, f := range c.report.Findings {
		i, ok := byAddress[f.Address]
		if !ok {
			i = len(groups)
			byAddress[f.Address] = i
			groups = append(groups, group{address: f.Address})
		}
		groups[i].findings = append(groups[i].findings, f)
		groups[i].drift = groups[i].drift || f.Kind.IsDrift()
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].address < groups[j].address })

	var out []*tfe.TaskResultOutcome
	room := MaxOutcomes
	if len(c.report.Ignored) > 0 {
		room--
	}
	for i, g := range groups {
		if i == room-1 && len(groups) > room {
			out = append(out, moreOutcome(groups[i:], c))
			break
		}
		out = append(out, groupOutcome(g, c))
	}
	if len(c.report.Ignored) > 0 {
		out = append(out, ignoredOutcome(c))
	}
	return out
}

func groupOutcome(g group, c comparison) *tfe.TaskResultOutcome {
	level, label := levelWarning, "Warning"
	if g.drift {
		level, label = levelError, "Error"
	}
	var kinds []string
	seen := map[parity.FindingKind]bool{}
	for _, f := range g.findings {
		if !seen[f.Kind] {
			seen[f.Kind] = true
			kinds = append(kinds, string(f.Kind))
		}
	}
	sort.Strings(kinds)
	kindTags := make([]*tfe.TaskResultTag, len(kinds))
	for i, k := range kinds {
		kindTags[i] = &tfe.TaskResultTag{Label: k}
	}
	return &tfe.TaskResultOutcome{
		OutcomeID:   outcomeID(g.address),
		Description: truncate(oneLine(fmt.Sprintf("%s: %s (%s)", displayAddress(g.address), plural(len(g.findings), "finding"), strings.Join(kinds, ", "))), maxDescriptionLength),
		Body:        groupBody(g, c),
		URL:         c.reportURL,
		Tags: map[string][]*tfe.TaskResultTag{
			"Severity": {{Label: label, Level: level}},
			"Finding":  kindTags,
		},
	}
}

// groupBody renders the group with the Markdown report renderer (which
// masks secrets and escapes values), dropping findings from the end until it
// fits in MaxOutcomeBodyBytes.
func groupBody(g group, c comparison) string {
	render := func(n int) string {
		sub := &parity.Report{
			Findings:       g.findings[:n],
			StagingHash:    c.report.StagingHash,
			ProductionHash: c.report.ProductionHash,
			Ratio:          c.report.Ratio,
		}
		for _, r := range c.report.Resources {
			if r.Address == g.address {
				sub.Resources = append(sub.Resources, r)
			}
		}
		var b bytes.Buffer
		if err := report.Render(&b, report.FormatMarkdown, sub, c.meta); err != nil {
			return "The findings could not be rendered: " + err.Error()
		}
		s := b.String()
		if n < len(g.findings) {
			s += fmt.Sprintf("\n_%d more finding%s of this resource not shown: run `parity check` on the two documents for the full report._\n",
				len(g.findings)-n, pluralS(len(g.findings)-n))
		}
		return s
	}
	body := render(len(g.findings))
	if len(body) <= MaxOutcomeBodyBytes {
		return body
	}
	// The largest prefix of findings that fits.
	lo, hi := 0, len(g.findings)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(render(mid)) <= MaxOutcomeBodyBytes {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return truncate(render(lo), MaxOutcomeBodyBytes)
}

// moreOutcome sums up the resources past MaxOutcomes.
func moreOutcome(rest []group, c comparison) *tfe.TaskResultOutcome {
	level, label := levelWarning, "Warning"
	findings := 0
	for _, g := range rest {
		findings += len(g.findings)
		if g.drift {
			level, label = levelError, "Error"
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s with %s are not shown as outcomes of their own:\n\n", plural(len(rest), "more resource"), plural(findings, "finding"))
	for _, g := range rest {
		line := fmt.Sprintf("* `%s`: %s\n", mdCodeText(displayAddress(g.address)), plural(len(g.findings), "finding"))
		if b.Len()+len(line) > MaxOutcomeBodyBytes-200 {
			b.WriteString("* …\n")
			break
		}
		b.WriteString(line)
	}
	b.WriteString("\nRun `parity check` on the two documents for the full report.\n")
	return &tfe.TaskResultOutcome{
		OutcomeID:   "PARITY-MORE",
		Description: fmt.Sprintf("%d more resource%s with findings", len(rest), pluralS(len(rest))),
		Body:        b.String(),
		URL:         c.reportURL,
		Tags:        map[string][]*tfe.TaskResultTag{"Severity": {{Label: label, Level: level}}},
	}
}

// ignoredOutcome lists the paths the rules excluded, with their reasons.
func ignoredOutcome(c comparison) *tfe.TaskResultOutcome {
	ignored := append([]parity.Ignored{}, c.report.Ignored...)
	sort.SliceStable(ignored, func(i, j int) bool {
		if ignored[i].Address != ignored[j].Address {
			return ignored[i].Address < ignored[j].Address
		}
		return ignored[i].Path < ignored[j].Path
	})
	var b strings.Builder
	b.WriteString("Paths the rules exclude from comparison:\n\n| Resource | Path | Reason |\n| --- | --- | --- |\n")
	for i, ig := range ignored {
		line := "| `" + mdCodeText(displayAddress(ig.Address)) + "` | `" + mdCodeText(ig.Path) + "` | " + mdProse(ig.Reason) + " |\n"
		if b.Len()+len(line) > MaxOutcomeBodyBytes-200 {
			fmt.Fprintf(&b, "\n_%d more ignored paths not shown._\n", len(ignored)-i)
			break
		}
		b.WriteString(line)
	}
	secrets := c.report.SecretsNotCompared()
	description := fmt.Sprintf("%s ignored by rules", plural(len(ignored)-secrets, "path"))
	switch {
	case secrets > 0 && secrets == len(ignored):
		description = fmt.Sprintf("%s not compared", plural(secrets, "secret value"))
	case secrets > 0:
		description += fmt.Sprintf(", %s not compared", plural(secrets, "secret value"))
	}
	return &tfe.TaskResultOutcome{
		OutcomeID:   "PARITY-IGNORED",
		Description: description,
		Body:        b.String(),
		URL:         c.reportURL,
		Tags:        map[string][]*tfe.TaskResultTag{"Severity": {{Label: "Info", Level: levelInfo}}},
	}
}

// outcomeID is stable for an address across runs, so that HCP Terraform's
// list of outcomes reads the same from run to run.
func outcomeID(address string) string {
	sum := sha256.Sum256([]byte(address))
	return "PARITY-" + strings.ToUpper(hex.EncodeToString(sum[:5]))
}

func displayAddress(a string) string {
	if a == "" {
		return "settings"
	}
	return a
}

// mdCodeText makes text safe inside a single-backtick code span in a table
// cell: backticks become quotes, pipes are escaped, control characters
// dropped.
func mdCodeText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '`':
			return '\''
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.ReplaceAll(s, "|", `\|`)
}

// mdProse escapes text so that nothing in it is read as Markdown or HTML.
func mdProse(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if strings.ContainsRune("\\`*_[]<>|~&@$#!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncate cuts s to at most n bytes at a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func driftResources(rep *parity.Report) int {
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Kind.IsDrift() {
			seen[f.Address] = true
		}
	}
	return len(seen)
}

func plural(n int, word string) string {
	return strconv.Itoa(n) + " " + word + pluralS(n)
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
