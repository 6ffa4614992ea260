package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// The junit format: one test suite, one test case per resource. JUnit XML
// has no official schema; this is the shape Jenkins, GitLab, GitHub test
// reporters and Azure Pipelines all read.
type junitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Suites   []junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
	SystemOut  *junitText      `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// junitText is CDATA so that multi-line text stays readable in the file.
// It cannot carry characters XML forbids: every part of it went through
// escapeControl.
type junitText struct {
	Text string `xml:",cdata"`
}

func newJUnitText(s string) *junitText {
	if s == "" {
		return nil
	}
	return &junitText{s}
}

func renderJUnit(w io.Writer, v *view) error {
	suite := junitTestSuite{
		Name: escapeControl(v.meta.ToolName),
		Properties: []junitProperty{
			{"staging.source", v.meta.StagingSource},
			{"staging.hash", v.rep.StagingHash},
			{"production.source", v.meta.ProductionSource},
			{"production.hash", v.rep.ProductionHash},
			{"ratio", ratioText(v.rep.Ratio)},
			{"fail_on", v.meta.FailOn},
			{"tool.version", v.meta.ToolVersion},
		},
	}
	for _, r := range v.results {
		tc := junitTestCase{ClassName: escapeControl(r.Type), Name: escapeControl(displayAddress(r.Address))}
		if tc.ClassName == "" {
			tc.ClassName = "settings"
		}
		if g := v.group(r.Address); g != nil {
			var failing, other []parity.Finding
			for _, f := range g.findings {
				if v.failing(f.Kind) {
					failing = append(failing, f)
				} else {
					other = append(other, f)
				}
			}
			if len(failing) > 0 {
				tc.Failure = &junitFailure{
					Message: escapeControl(failureMessage(failing)),
					Type:    escapeControl(failureType(failing)),
					Text:    junitFindings(failing),
				}
			}
			tc.SystemOut = newJUnitText(junitFindings(other))
		}
		if tc.Failure != nil {
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	for i := range suite.Properties {
		suite.Properties[i].Value = escapeControl(suite.Properties[i].Value)
	}

	var out strings.Builder
	for _, ig := range v.ignored {
		fmt.Fprintf(&out, "ignored %s %s: %s (%s)\n", escapeControl(displayAddress(ig.Address)),
			escapeControl(displayPath(ig.Path)), escapeControl(ig.Reason), escapeControl(ig.Rule))
	}
	out.WriteString(v.verdict() + "\n")
	suite.SystemOut = newJUnitText(out.String())

	doc := junitTestSuites{
		Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures,
		Suites: []junitTestSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureMessage is the one line CI summaries show, such as
// "2 findings: config_drift engine_version, size_ratio instance_type".
func failureMessage(fs []parity.Finding) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = string(f.Kind)
		if f.Path != "" {
			parts[i] += " " + f.Path
		}
	}
	return plural(len(fs), "finding") + ": " + strings.Join(parts, ", ")
}

// failureType is the kinds of the failing findings, in report order.
func failureType(fs []parity.Finding) string {
	var kinds []string
	seen := map[parity.FindingKind]bool{}
	for _, k := range parity.AllFindingKinds {
		for _, f := range fs {
			if f.Kind == k && !seen[k] {
				seen[k] = true
				kinds = append(kinds, string(k))
			}
		}
	}
	for _, f := range fs {
		if !seen[f.Kind] {
			seen[f.Kind] = true
			kinds = append(kinds, string(f.Kind))
		}
	}
	return strings.Join(kinds, ",")
}

// junitFindings lists findings as plain text, one block per finding.
func junitFindings(fs []parity.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		staging, production := displayValue(f.Staging), displayValue(f.Production)
		if f.Kind == parity.FindingOnlyInStaging || f.Kind == parity.FindingOnlyInProduction {
			staging, production = presence(f.Kind == parity.FindingOnlyInStaging), presence(f.Kind == parity.FindingOnlyInProduction)
		}
		fmt.Fprintf(&b, "%s %s: staging %s, production %s", escapeControl(string(f.Kind)),
			escapeControl(displayPath(f.Path)), staging, production)
		if e := expectedText(f); e != "" {
			fmt.Fprintf(&b, ", expected %s", escapeControl(e))
		}
		b.WriteString("\n")
		if f.Message != "" {
			b.WriteString("  " + escapeControl(f.Message) + "\n")
		}
		if f.Arithmetic != "" {
			b.WriteString("  " + escapeControl(f.Arithmetic) + "\n")
		}
		if f.Rule != "" {
			b.WriteString("  rule " + escapeControl(f.Rule) + "\n")
		}
		if l := locationText(f.Location); l != "" {
			b.WriteString("  at " + escapeControl(l) + "\n")
		}
	}
	return b.String()
}
