package metrics

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Meta is what a report shows besides the comparison.
type Meta struct {
	// StagingSource and ProductionSource are the URLs or CSV files.
	StagingSource, ProductionSource string
	// Start and End are the queried window; zero for CSV inputs.
	Start, End time.Time
	Step       time.Duration
	ToolName   string
	// ToolVersion may be empty.
	ToolVersion string
}

// Formats a metrics report is written in. SARIF is not one: it reports
// findings located in source files, and a measurement has no such place.
var Formats = []string{"text", "json", "markdown", "junit"}

// Render writes rep in format (text, json, markdown or junit).
func Render(w io.Writer, format string, rep *Report, meta Meta) error {
	if meta.ToolName == "" {
		meta.ToolName = "parity"
	}
	switch format {
	case "text":
		return renderText(w, rep, meta)
	case "json":
		return renderJSON(w, rep, meta)
	case "markdown":
		return renderMarkdown(w, rep, meta)
	case "junit":
		return renderJUnit(w, rep, meta)
	}
	return fmt.Errorf("unknown metrics report format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// verdict is the report's last line.
func verdict(rep *Report) string {
	counts := rep.Counts()
	failing := 0
	for s, n := range counts {
		if s.Fails() {
			failing += n
		}
	}
	var parts []string
	for _, s := range []Status{StatusDivergent, StatusOnlyInStaging, StatusOnlyInProduction, StatusMissingStaging, StatusMissingProd,
		StatusOK, StatusNoData, StatusLowTraffic, StatusIgnored} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	detail := strings.Join(parts, ", ")
	if failing > 0 {
		return fmt.Sprintf("Divergent: %d of %d comparisons (%s).", failing, len(rep.Comparisons), detail)
	}
	return fmt.Sprintf("Within tolerance: %d comparisons (%s).", len(rep.Comparisons), detail)
}

func windowText(meta Meta) string {
	if meta.Start.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s to %s, step %s", meta.Start.UTC().Format(time.RFC3339), meta.End.UTC().Format(time.RFC3339), meta.Step)
}

func optValue(metric string, v *float64) string {
	if v == nil {
		return "-"
	}
	return formatValue(metric, *v)
}

func optPercent(v *float64) string {
	if v == nil {
		return "-"
	}
	return percentText(*v)
}

func renderText(w io.Writer, rep *Report, meta Meta) error {
	var b strings.Builder
	fmt.Fprintf(&b, "staging:    %s\nproduction: %s\n", meta.StagingSource, meta.ProductionSource)
	if wt := windowText(meta); wt != "" {
		fmt.Fprintf(&b, "window:     %s\n", wt)
	}
	fmt.Fprintf(&b, "ratio %s, tolerance %s\n", trimFloat(rep.Ratio), percentText(rep.Tolerance))
	group := "\x00"
	for _, c := range rep.Comparisons {
		if c.Group != group {
			group = c.Group
			fmt.Fprintf(&b, "\n%s\n", describe(c.Labels))
			fmt.Fprintf(&b, "  %-20s %-17s %-14s %-14s %-14s %s\n", "STATUS", "METRIC", "STAGING", "PRODUCTION", "EXPECTED", "DIFF")
		}
		fmt.Fprintf(&b, "  %-20s %-17s %-14s %-14s %-14s %s\n", c.Status, c.Metric, optValue(c.Metric, c.Staging),
			optValue(c.Metric, c.Production), optValue(c.Metric, c.Expected), optPercent(c.Difference))
		if c.Status != StatusOK {
			fmt.Fprintf(&b, "  %-20s %s\n", "", c.Message)
		}
	}
	if len(rep.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range rep.Notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", verdict(rep))
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonNumber keeps NaN and infinities out of JSON, which has no word for
// them.
func jsonNumber(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	return v
}

func renderJSON(w io.Writer, rep *Report, meta Meta) error {
	type labelOut struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	type comparisonOut struct {
		Group      string     `json:"group"`
		Labels     []labelOut `json:"labels"`
		Metric     string     `json:"metric"`
		Status     Status     `json:"status"`
		Staging    *float64   `json:"staging"`
		Production *float64   `json:"production"`
		Expected   *float64   `json:"expected"`
		Difference *float64   `json:"difference"`
		Tolerance  float64    `json:"tolerance"`
		Message    string     `json:"message"`
	}
	out := struct {
		Tool struct {
			Name    string `json:"name"`
			Version string `json:"version,omitempty"`
		} `json:"tool"`
		Staging     string          `json:"staging"`
		Production  string          `json:"production"`
		Start       string          `json:"start,omitempty"`
		End         string          `json:"end,omitempty"`
		StepSeconds float64         `json:"step_seconds,omitempty"`
		Ratio       float64         `json:"ratio"`
		Tolerance   float64         `json:"tolerance"`
		Divergent   bool            `json:"divergent"`
		Counts      map[Status]int  `json:"counts"`
		Comparisons []comparisonOut `json:"comparisons"`
		Notes       []string        `json:"notes"`
		Summary     string          `json:"summary"`
	}{
		Staging: meta.StagingSource, Production: meta.ProductionSource,
		Ratio: rep.Ratio, Tolerance: rep.Tolerance, Divergent: rep.Divergent(), Counts: rep.Counts(),
		Comparisons: []comparisonOut{}, Notes: append([]string{}, rep.Notes...), Summary: verdict(rep),
	}
	out.Tool.Name, out.Tool.Version = meta.ToolName, meta.ToolVersion
	if !meta.Start.IsZero() {
		out.Start, out.End = meta.Start.UTC().Format(time.RFC3339), meta.End.UTC().Format(time.RFC3339)
		out.StepSeconds = meta.Step.Seconds()
	}
	for _, c := range rep.Comparisons {
		labels := make([]labelOut, len(c.Labels))
		for i, l := range c.Labels {
			labels[i] = labelOut{l.Name, l.Value}
		}
		out.Comparisons = append(out.Comparisons, comparisonOut{
			Group: c.Group, Labels: labels, Metric: c.Metric, Status: c.Status,
			Staging: jsonNumber(c.Staging), Production: jsonNumber(c.Production), Expected: jsonNumber(c.Expected),
			Difference: jsonNumber(c.Difference), Tolerance: c.Tolerance, Message: c.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// markdownCell escapes what would break a table cell.
func markdownCell(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "`", "\\`")
	return r.Replace(s)
}

func renderMarkdown(w io.Writer, rep *Report, meta Meta) error {
	var b strings.Builder
	title := "Behaviour parity: within tolerance"
	if rep.Divergent() {
		title = "Behaviour parity: divergent"
	}
	fmt.Fprintf(&b, "## %s\n\n", title)
	fmt.Fprintf(&b, "Staging `%s` against production `%s`", markdownCell(meta.StagingSource), markdownCell(meta.ProductionSource))
	if wt := windowText(meta); wt != "" {
		fmt.Fprintf(&b, ", %s", wt)
	}
	fmt.Fprintf(&b, "; ratio %s, tolerance %s.\n\n", trimFloat(rep.Ratio), percentText(rep.Tolerance))
	b.WriteString("| Group | Metric | Status | Staging | Production | Expected | Difference |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range rep.Comparisons {
		status := string(c.Status)
		if c.Status.Fails() {
			status = "**" + status + "**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", markdownCell(describe(c.Labels)), c.Metric, status,
			optValue(c.Metric, c.Staging), optValue(c.Metric, c.Production), optValue(c.Metric, c.Expected), optPercent(c.Difference))
	}
	var failing []Comparison
	for _, c := range rep.Comparisons {
		if c.Status.Fails() {
			failing = append(failing, c)
		}
	}
	if len(failing) > 0 {
		b.WriteString("\n### What diverges\n\n")
		for _, c := range failing {
			fmt.Fprintf(&b, "* %s\n", markdownCell(c.Message))
		}
	}
	if len(rep.Notes) > 0 {
		b.WriteString("\n### Notes\n\n")
		for _, n := range rep.Notes {
			fmt.Fprintf(&b, "* %s\n", markdownCell(n))
		}
	}
	fmt.Fprintf(&b, "\n%s\n", verdict(rep))
	_, err := io.WriteString(w, b.String())
	return err
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// renderJUnit writes one test case per group and metric: failures for
// divergence, skipped for what could not be compared.
func renderJUnit(w io.Writer, rep *Report, meta Meta) error {
	suite := junitSuite{Name: meta.ToolName + " metrics", Properties: []junitProperty{
		{"staging.source", meta.StagingSource}, {"production.source", meta.ProductionSource},
		{"ratio", trimFloat(rep.Ratio)}, {"tolerance", trimFloat(rep.Tolerance)}, {"tool.version", meta.ToolVersion},
	}}
	if wt := windowText(meta); wt != "" {
		suite.Properties = append(suite.Properties, junitProperty{"window", wt})
	}
	for _, c := range rep.Comparisons {
		tc := junitCase{ClassName: describe(c.Labels), Name: c.Metric}
		switch {
		case c.Status.Fails():
			tc.Failure = &junitFailure{Message: c.Message, Type: string(c.Status), Text: c.Message}
			suite.Failures++
		case c.Status != StatusOK:
			tc.Skipped = &junitSkipped{Message: c.Message}
			suite.Skipped++
		default:
			tc.SystemOut = c.Message
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	all := junitSuites{Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
