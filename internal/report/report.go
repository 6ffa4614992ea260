package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Format names an output format.
type Format string

// The output formats.
const (
	FormatText     Format = "text"
	FormatJSON     Format = "json"
	FormatSARIF    Format = "sarif"
	FormatJUnit    Format = "junit"
	FormatMarkdown Format = "markdown"
	FormatGitHub   Format = "github"
)

// Formats lists every format, in the order help texts show them.
var Formats = []Format{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatMarkdown, FormatGitHub}

// ParseFormat parses a format name, case-insensitively; "md" is accepted for
// markdown.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == "md" {
		return FormatMarkdown, nil
	}
	for _, f := range Formats {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown report format %q: use one of %s", s, strings.Join(names, ", "))
}

// Extension is the file name extension (with the dot) conventional for the
// format, for the CLI when it writes several formats to files.
func (f Format) Extension() string {
	switch f {
	case FormatText:
		return ".txt"
	case FormatJSON:
		return ".json"
	case FormatSARIF:
		return ".sarif"
	case FormatJUnit:
		return ".xml"
	case FormatMarkdown:
		return ".md"
	case FormatGitHub:
		return ".log"
	}
	return ""
}

// The values of Meta.FailOn.
const (
	FailOnDrift   = "drift"   // drift findings fail (the default)
	FailOnUnknown = "unknown" // drift and unknown findings fail
	FailOnNever   = "never"   // nothing fails; findings are reported only
)

// The values of Meta.GroupBy.
const (
	// GroupByAttribute groups findings by attribute path (list indexes
	// folded): drift on an estate is systematic — one module variable or
	// default sets one attribute in many resources — so each cause shows
	// once, with every resource it touches. The default.
	GroupByAttribute = "attribute"
	// GroupByResource groups findings by resource address, for reviewing
	// one resource at a time.
	GroupByResource = "resource"
)

// DefaultMarkdownMaxBytes is the markdown budget parity check uses unless
// told otherwise: GitHub refuses comments over 65,536 characters, and a byte is at
// most one character; the margin leaves room for what a workflow wraps
// around the report (a marker, a heading, a link to the run).
const DefaultMarkdownMaxBytes = 60000

// Meta is what a report needs besides the engine's result.
type Meta struct {
	// StagingSource and ProductionSource are the file or directory names
	// given on the command line. With several environments, StagingSource
	// is unused and EnvironmentSources names each environment's input.
	StagingSource, ProductionSource string
	// EnvironmentSources maps each environment of a comparison of several
	// environments (parity.Report.Environments) to where it was read from.
	EnvironmentSources map[string]string
	// ToolName is "parity" when empty; ToolVersion may be empty.
	ToolName    string
	ToolVersion string
	// Color enables ANSI colour in the text format only.
	Color bool
	// FailOn is FailOnDrift (the default when empty), FailOnUnknown or
	// FailOnNever. It decides which findings count as failures in the verdict,
	// in SARIF result levels and in JUnit failures.
	FailOn string
	// GroupBy is how the text and markdown formats group findings:
	// GroupByAttribute (the default when empty) or GroupByResource.
	GroupBy string
	// Quiet makes the text format print the summary and the verdict only.
	Quiet bool
	// MaxBytes bounds the size of the markdown format (the CLI's default is
	// DefaultMarkdownMaxBytes); zero or less means no bound. Details that
	// do not fit are left out, with a line saying how many.
	MaxBytes int
}

// Render writes rep in format f to w. Output is deterministic: findings,
// resources and ignored paths are sorted, and nothing depends on the clock.
func Render(w io.Writer, f Format, rep *parity.Report, meta Meta) error {
	f, err := ParseFormat(string(f))
	if err != nil {
		return err
	}
	if rep == nil {
		return fmt.Errorf("render %s report: no report", f)
	}
	switch meta.FailOn {
	case "":
		meta.FailOn = FailOnDrift
	case FailOnDrift, FailOnUnknown, FailOnNever:
	default:
		return fmt.Errorf("render %s report: unknown fail-on value %q: use one of %s, %s, %s",
			f, meta.FailOn, FailOnDrift, FailOnUnknown, FailOnNever)
	}
	switch meta.GroupBy {
	case "":
		meta.GroupBy = GroupByAttribute
	case GroupByAttribute, GroupByResource:
	default:
		return fmt.Errorf("render %s report: unknown group-by value %q: use %s or %s", f, meta.GroupBy, GroupByAttribute, GroupByResource)
	}
	if meta.ToolName == "" {
		meta.ToolName = "parity"
	}
	v := newView(rep, meta)
	switch f {
	case FormatText:
		return renderText(w, v)
	case FormatJSON:
		return renderJSON(w, v)
	case FormatSARIF:
		return renderSARIF(w, v)
	case FormatJUnit:
		return renderJUnit(w, v)
	case FormatGitHub:
		return renderGitHub(w, v)
	}
	return renderMarkdown(w, v)
}

// view is the sorted, secret-scrubbed form of a report that every renderer
// works from, so that all formats agree on order, counts and verdict.
type view struct {
	rep      *parity.Report
	meta     Meta
	findings []parity.Finding        // sorted by address, path, environment, kind
	ignored  []parity.Ignored        // sorted by address, path, environment
	groups   []group                 // resources with findings, sorted by address
	results  []parity.ResourceResult // rep.Resources plus resources only findings name, sorted by address, environment
	// byResult holds the findings of each (environment, address).
	byResult map[resultKey][]parity.Finding
	// envs is the environment matrix; empty for a staging/production pair.
	envs    []parity.EnvironmentResult
	envRank map[string]int

	drift, unknown int // finding counts
	failed         bool
	summary        summary
}

type resultKey struct{ environment, address string }

// group is the findings of one resource address (in every environment).
type group struct {
	address           string
	resourceType      string
	stagingAddress    string
	productionAddress string
	findings          []parity.Finding
}

func newView(rep *parity.Report, meta Meta) *view {
	v := &view{rep: rep, meta: meta, envs: rep.Environments, envRank: map[string]int{}}
	for i, e := range v.envs {
		v.envRank[e.Name] = i
	}
	v.findings = make([]parity.Finding, len(rep.Findings))
	for i, f := range rep.Findings {
		v.findings[i] = scrub(f)
	}
	sort.SliceStable(v.findings, func(i, j int) bool {
		a, b := v.findings[i], v.findings[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if ea, eb := v.rank(a.Environment), v.rank(b.Environment); ea != eb {
			return ea < eb
		}
		if ka, kb := kindRank(a.Kind), kindRank(b.Kind); ka != kb {
			return ka < kb
		}
		return a.Message < b.Message
	})
	v.ignored = append([]parity.Ignored{}, rep.Ignored...)
	sort.SliceStable(v.ignored, func(i, j int) bool {
		a, b := v.ignored[i], v.ignored[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return v.rank(a.Environment) < v.rank(b.Environment)
	})

	v.byResult = map[resultKey][]parity.Finding{}
	for _, f := range v.findings {
		if f.Kind.IsDrift() {
			v.drift++
		} else if f.Kind == parity.FindingUnknown {
			v.unknown++
		}
		if v.failing(f.Kind) {
			v.failed = true
		}
		k := resultKey{f.Environment, f.Address}
		v.byResult[k] = append(v.byResult[k], f)
		if n := len(v.groups); n == 0 || v.groups[n-1].address != f.Address {
			v.groups = append(v.groups, group{address: f.Address})
		}
		g := &v.groups[len(v.groups)-1]
		g.findings = append(g.findings, f)
		if g.resourceType == "" {
			g.resourceType = f.ResourceType
		}
		if g.stagingAddress == "" {
			g.stagingAddress = f.StagingAddress
		}
		if g.productionAddress == "" {
			g.productionAddress = f.ProductionAddress
		}
	}

	// Results: every compared resource, plus those only findings name (a
	// resource present on one side only may not be among the compared ones).
	seen := make(map[resultKey]bool, len(rep.Resources))
	for _, r := range rep.Resources {
		k := resultKey{r.Environment, r.Address}
		if seen[k] {
			continue
		}
		seen[k] = true
		v.results = append(v.results, r)
	}
	for _, f := range v.findings {
		k := resultKey{f.Environment, f.Address}
		if seen[k] {
			continue
		}
		seen[k] = true
		r := parity.ResourceResult{
			Environment:       f.Environment,
			Address:           f.Address,
			Type:              f.ResourceType,
			StagingAddress:    f.StagingAddress,
			ProductionAddress: f.ProductionAddress,
		}
		for _, rf := range v.byResult[k] {
			r.Findings++
			r.Drift = r.Drift || rf.Kind.IsDrift()
		}
		v.results = append(v.results, r)
	}
	sort.SliceStable(v.results, func(i, j int) bool {
		a, b := v.results[i], v.results[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return v.rank(a.Environment) < v.rank(b.Environment)
	})
	v.summary = v.summarize()
	return v
}

// multi reports whether the report compares several environments with
// production.
func (v *view) multi() bool { return len(v.envs) > 0 }

// rank orders environments as the comparison listed them; a name the
// matrix does not hold (or none) sorts first.
func (v *view) rank(env string) int {
	if r, ok := v.envRank[env]; ok {
		return r
	}
	return -1
}

// failing reports whether findings of kind k fail under meta.FailOn.
func (v *view) failing(k parity.FindingKind) bool {
	switch v.meta.FailOn {
	case FailOnNever:
		return false
	case FailOnUnknown:
		return k.IsDrift() || k == parity.FindingUnknown
	}
	return k.IsDrift()
}

// resourceCount is the number of resources compared: distinct addresses,
// however many environments each was compared in.
func (v *view) resourceCount() int {
	n := 0
	for i, r := range v.results {
		if i == 0 || v.results[i-1].Address != r.Address {
			n++
		}
	}
	return n
}

// driftResources counts the resources with at least one drift finding.
func (v *view) driftResources() int {
	n := 0
	for _, g := range v.groups {
		for _, f := range g.findings {
			if f.Kind.IsDrift() {
				n++
				break
			}
		}
	}
	return n
}

// envFindings returns the findings of one environment.
func (v *view) envFindings(env string) []parity.Finding {
	var out []parity.Finding
	for _, f := range v.findings {
		if f.Environment == env {
			out = append(out, f)
		}
	}
	return out
}

// envFailed reports whether an environment has a finding failing under
// fail-on.
func (v *view) envFailed(env string) bool {
	for _, f := range v.findings {
		if f.Environment == env && v.failing(f.Kind) {
			return true
		}
	}
	return false
}

// envStatus is an environment's verdict in a word or two.
func (v *view) envStatus(e parity.EnvironmentResult) string {
	unknown := e.Counts[parity.FindingUnknown]
	switch {
	case !e.InParity:
		return "drift"
	case unknown > 0 && v.meta.FailOn == FailOnUnknown:
		return "unknown values"
	}
	return "in parity"
}

// envCounts is an environment's findings by kind, such as "3 config_drift,
// 1 size_ratio", or "0 findings".
func envCounts(e parity.EnvironmentResult) string {
	var parts []string
	for _, kc := range countsOf(e.Counts) {
		if kc.count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", kc.count, kc.kind))
		}
	}
	if len(parts) == 0 {
		return "0 findings"
	}
	return strings.Join(parts, ", ")
}

// envSource is where an environment was read from, "" when not known.
func (v *view) envSource(name string) string { return v.meta.EnvironmentSources[name] }

// countsByKind returns the count of every kind in report order, including
// zero counts, followed by any kind the engine added that this package does
// not know yet.
func (v *view) countsByKind() []kindCount { return countsOf(v.rep.Counts()) }

func countsOf(m map[parity.FindingKind]int) []kindCount {
	counts := make(map[parity.FindingKind]int, len(m))
	for k, n := range m {
		counts[k] = n
	}
	out := make([]kindCount, 0, len(counts))
	for _, k := range parity.AllFindingKinds {
		out = append(out, kindCount{k, counts[k]})
		delete(counts, k)
	}
	extra := make([]kindCount, 0, len(counts))
	for k, n := range counts {
		extra = append(extra, kindCount{k, n})
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].kind < extra[j].kind })
	return append(out, extra...)
}

type kindCount struct {
	kind  parity.FindingKind
	count int
}

// verdict is the one-line summary every human-facing format starts and
// ends with, such as "Drift: 3 findings (2 config_drift, 1 size_ratio) in 2
// of 14 resources; 1 unknown." With several environments it says how many
// of them drift.
func (v *view) verdict() string {
	var b strings.Builder
	total := v.resourceCount()
	envs := ""
	if v.multi() {
		drifting := 0
		for _, e := range v.envs {
			if !e.InParity {
				drifting++
			}
		}
		envs = fmt.Sprintf(" in %d of %s", drifting, plural(len(v.envs), "environment"))
	}
	switch {
	case v.drift > 0:
		var kinds []string
		for _, kc := range v.countsByKind() {
			if kc.count > 0 && kc.kind.IsDrift() {
				kinds = append(kinds, fmt.Sprintf("%d %s", kc.count, kc.kind))
			}
		}
		fmt.Fprintf(&b, "Drift%s: %s (%s) in %d of %s", envs, plural(v.drift, "finding"),
			strings.Join(kinds, ", "), v.driftResources(), plural(total, "resource"))
	case v.unknown > 0 && v.meta.FailOn == FailOnUnknown:
		fmt.Fprintf(&b, "Not verified: %s compared, no drift, but %d unknown until apply", plural(total, "resource"), v.unknown)
	default:
		if v.multi() {
			fmt.Fprintf(&b, "In parity: %s compared in %s, 0 findings", plural(total, "resource"), plural(len(v.envs), "environment"))
		} else {
			fmt.Fprintf(&b, "In parity: %s compared, 0 findings", plural(total, "resource"))
		}
	}
	if v.unknown > 0 && !(v.drift == 0 && v.meta.FailOn == FailOnUnknown) {
		fmt.Fprintf(&b, "; %d unknown", v.unknown)
	}
	if n := v.rep.SecretsNotCompared(); n > 0 {
		fmt.Fprintf(&b, "; %s not compared", plural(n, "secret value"))
	}
	b.WriteString(".")
	if v.meta.FailOn == FailOnNever && (v.drift > 0 || v.unknown > 0) {
		b.WriteString(" Not failing: fail-on is never.")
	}
	return b.String()
}

// status is a short verdict for headings.
func (v *view) status() string {
	switch {
	case v.drift > 0:
		return "drift found"
	case v.unknown > 0 && v.meta.FailOn == FailOnUnknown:
		return "unknown values"
	}
	return "in parity"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func kindRank(k parity.FindingKind) int {
	for i, known := range parity.AllFindingKinds {
		if k == known {
			return i
		}
	}
	return len(parity.AllFindingKinds)
}

// scrub masks every value of a sensitive finding. The engine already masks
// the sensitive side; this is defence in depth for the other side (an
// attribute marked sensitive in one environment is a secret in the other
// too) and for the size fields, which are derived from the values.
func scrub(f parity.Finding) parity.Finding {
	if !f.Sensitive {
		return f
	}
	mask := func(s string) string {
		if s == "" || s == "(unknown)" {
			return s
		}
		return parity.SensitiveMask
	}
	f.Staging = mask(f.Staging)
	f.Production = mask(f.Production)
	f.Expected = mask(f.Expected)
	if f.Accepted != nil {
		f.Accepted = []string{parity.SensitiveMask}
	}
	if f.Arithmetic != "" {
		f.Arithmetic = parity.SensitiveMask
	}
	return f
}

// displayAddress names a resource in human-facing output; a settings object
// has no address.
func displayAddress(address string) string {
	if address == "" {
		return "settings"
	}
	return address
}

// displayPath names an attribute path; whole-resource findings have none.
func displayPath(path string) string {
	if path == "" {
		return "(resource)"
	}
	return path
}

// displayValue shows an absent value as "(none)" and escapes control
// characters, so a value can neither break a line or table nor send
// terminal escape sequences.
func displayValue(s string) string {
	if s == "" {
		return "(none)"
	}
	return escapeControl(s)
}

// expectedText is the expected staging size: the accepted sizes when there
// are several, else Expected.
func expectedText(f parity.Finding) string {
	if len(f.Accepted) > 1 {
		return strings.Join(f.Accepted, " or ")
	}
	return f.Expected
}

// escapeControl replaces control and invisible formatting characters with Go
// escapes (\n, \t, \x1b, \u202e): parity.EscapeText, the one function
// reports and provider diagnostics share.
func escapeControl(s string) string { return parity.EscapeText(s) }

// encodeJSON writes doc as indented JSON in which no control or invisible
// formatting character appears raw. encoding/json escapes C0 controls and
// the line separators but writes DEL, C1 controls (\u009b starts a terminal
// escape too) and bidirectional controls as they are; they are written
// here as \uXXXX escapes, which decode to the same strings, so a report
// viewed in a terminal or an editor shows them rather than obeys them.
func encodeJSON(w io.Writer, doc any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

// escapeJSONControls rewrites the raw control characters of encoded JSON
// as \uXXXX escapes. Outside strings JSON holds ASCII only, so every such
// character is inside a string, where the escape means the same.
func escapeJSONControls(b []byte) []byte {
	clean := true
	for _, r := range string(b) {
		if r >= 0x7f && parity.IsControlRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for _, r := range string(b) {
		if r < 0x7f || !parity.IsControlRune(r) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r > 0xFFFF {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			continue
		}
		out = fmt.Appendf(out, `\u%04x`, r)
	}
	return out
}

// locationText is "file:line[:column]", or "" when unknown.
func locationText(l *parity.Location) string {
	if l == nil || l.File == "" {
		return ""
	}
	s := l.File
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
		if l.Column > 0 {
			s += ":" + strconv.Itoa(l.Column)
		}
	}
	return s
}

// redactText is the redaction mode a report names; a report built without
// one used the engine's default.
func redactText(r parity.Redact) string {
	if r == "" {
		return string(parity.RedactSecrets)
	}
	return string(r)
}

// ratioText formats the ratio without trailing zeros; zero means 1.
func ratioText(r float64) string {
	if r == 0 {
		r = 1
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}
