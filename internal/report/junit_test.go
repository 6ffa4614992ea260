package report

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// checkWellFormed reads every token with a strict decoder.
func checkWellFormed(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
	}
}

func decodeJUnit(t *testing.T, rep *parity.Report, meta Meta) junitTestSuites {
	t.Helper()
	out := render(t, FormatJUnit, rep, meta)
	checkWellFormed(t, out)
	var doc junitTestSuites
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("got %d test suites, want 1", len(doc.Suites))
	}
	return doc
}

func TestJUnitCounts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		failOn       string
		wantFailures []string
	}{
		{FailOnDrift, []string{
			"aws_autoscaling_group.workers", "aws_cloudwatch_metric_alarm.cpu", "aws_db_instance.main",
			"aws_elasticache_cluster.cache", `aws_instance.web["a"]`, "aws_s3_bucket.debug",
		}},
		{FailOnNever, nil},
	} {
		t.Run(tc.failOn, func(t *testing.T) {
			t.Parallel()
			meta := sampleMeta
			meta.FailOn = tc.failOn
			doc := decodeJUnit(t, sampleReport(), meta)
			suite := doc.Suites[0]
			var names, failures []string
			for _, c := range suite.Cases {
				names = append(names, c.Name)
				if c.Failure != nil {
					failures = append(failures, c.Name)
				}
			}
			// Every compared resource plus the production-only one that
			// rep.Resources does not list.
			wantNames := []string{
				"aws_autoscaling_group.workers", "aws_cloudwatch_metric_alarm.cpu", "aws_db_instance.main",
				"aws_elasticache_cluster.cache", `aws_instance.web["a"]`, "aws_s3_bucket.debug", "aws_security_group.web",
			}
			if diff := cmp.Diff(wantNames, names); diff != "" {
				t.Errorf("test cases (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantFailures, failures); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
			}
			if suite.Tests != len(suite.Cases) || suite.Failures != len(failures) ||
				doc.Tests != suite.Tests || doc.Failures != suite.Failures {
				t.Errorf("counts: testsuites %d/%d, testsuite %d/%d; want %d/%d",
					doc.Tests, doc.Failures, suite.Tests, suite.Failures, len(suite.Cases), len(failures))
			}
		})
	}
}

func TestJUnitUnknownFailsOnlyWithFailOnUnknown(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{
		Findings:  []parity.Finding{{Kind: parity.FindingUnknown, Address: "aws_instance.web", ResourceType: "aws_instance", Path: "ami", Staging: "(unknown)", Production: `"ami-1"`}},
		Resources: []parity.ResourceResult{{Address: "aws_instance.web", Type: "aws_instance", Findings: 1}},
	}
	for failOn, wantFailure := range map[string]bool{FailOnDrift: false, FailOnUnknown: true} {
		c := decodeJUnit(t, rep, Meta{FailOn: failOn}).Suites[0].Cases[0]
		if got := c.Failure != nil; got != wantFailure {
			t.Errorf("fail-on %s: failure = %v, want %v", failOn, got, wantFailure)
		}
		if !wantFailure && (c.SystemOut == nil || !strings.Contains(c.SystemOut.Text, "unknown ami")) {
			t.Errorf("fail-on %s: the unknown finding is not in system-out: %+v", failOn, c.SystemOut)
		}
		if wantFailure && c.Failure.Type != "unknown" {
			t.Errorf("failure type %q, want unknown", c.Failure.Type)
		}
	}
}

func TestJUnitSurvivesHostileValues(t *testing.T) {
	t.Parallel()
	hostile := "]]><evil/>\x00\x1b[31m\uFFFE & \"quotes\" <tag>"
	rep := &parity.Report{
		Findings: []parity.Finding{{
			Kind: parity.FindingConfigDrift, Address: "x.y" + hostile, Path: "p" + hostile,
			Staging: hostile, Production: "b", Message: hostile, Rule: hostile,
		}},
		Ignored: []parity.Ignored{{Address: hostile, Path: hostile, Rule: hostile, Reason: hostile}},
	}
	doc := decodeJUnit(t, rep, Meta{})
	c := doc.Suites[0].Cases[0]
	if c.Failure == nil || !strings.Contains(c.Failure.Text, `]]><evil/>\x00\x1b[31m\ufffe & "quotes" <tag>`) {
		t.Errorf("hostile value not carried intact (escaped): %+v", c.Failure)
	}
}
