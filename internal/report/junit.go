package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// The junit format: one test suite (one per environment when several are
// compared with production), one test case per resource. JUnit XML
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
	var suites []junitTestSuite
	if v.multi() {
		// One suite per environment: CI test tabs then show which
		// environment drifts, and each resource once per environment.
		for _, e := range v.envs {
			suites = append(suites, junitSuite(v, e.Name, e.Name, []junitProperty{
				{"environment", e.Name},
				{"environment.source", v.envSource(e.Name)},
				{"environment.hash", e.Hash},
				{"production.source", v.meta.ProductionSource},
				{"production.hash", v.rep.ProductionHash},
				{"ratio", ratioText(e.Ratio)},
				{"in_parity", strconv.FormatBool(e.InParity)},
				{"fail_on", v.meta.FailOn},
				{"tool.version", v.meta.ToolVersion},
			}))
		}
	} else {
		suites = append(suites, junitSuite(v, "", v.meta.ToolName, []junitProperty{
			{"staging.source", v.meta.StagingSource},
			{"staging.hash", v.rep.StagingHash},
			{"production.source", v.meta.ProductionSource},
			{"production.hash", v.rep.ProductionHash},
			{"ratio", ratioText(v.rep.Ratio)},
			{"fail_on", v.meta.FailOn},
			{"tool.version", v.meta.ToolVersion},
		}))
	}
	// The verdict and the ignored paths go with the last suite, where a
	// reader of the file ends.
	var out strings.Builder
	for _, ig := range v.ignored {
		env := ""
		if v.multi() {
			env = escapeControl(ig.Environment) + ": "
		}
		fmt.Fprintf(&out, "ignored %s%s %s: %s (%s)\n", env, escapeControl(displayAddress(ig.Address)),
			escapeControl(displayPath(ig.Path)), escapeControl(ig.Reason), escapeControl(ig.Rule))
	}
	out.WriteString(v.verdict() + "\n")
	suites[len(suites)-1].SystemOut = newJUnitText(out.String())

	doc := junitTestSuites{Name: escapeControl(v.meta.ToolName), Suites: suites}
	for _, s := range suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
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

// junitSuite is the test suite of one environment ("" for the classic
// staging/production pair): one test case per resource compared there.
func junitSuite(v *view, env, name string, props []junitProperty) junitTestSuite {
	suite := junitTestSuite{Name: escapeControl(name), Properties: props}
	for _, r := range v.results {
		if r.Environment != env {
			continue
		}
		tc := junitTestCase{ClassName: escapeControl(r.Type), Name: escapeControl(displayAddress(r.Address))}
		if tc.ClassName == "" {
			tc.ClassName = "settings"
		}
		if env != "" {
			// Test reporters key cases by class and name: the environment
			// keeps each environment's case of a resource apart.
			tc.ClassName = escapeControl(env) + "." + tc.ClassName
		}
		var failing, other []parity.Finding
		for _, f := range v.byResult[resultKey{r.Environment, r.Address}] {
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
			suite.Failures++
		}
		tc.SystemOut = newJUnitText(junitFindings(other))
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	for i := range suite.Properties {
		suite.Properties[i].Value = escapeControl(suite.Properties[i].Value)
	}
	return suite
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
