package runtask

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfe "github.com/hashicorp/go-tfe"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, name string
		want          []string
		ok            bool
	}{
		{"*-staging", "web-staging", []string{"web"}, true},
		{"*-staging", "web-production", nil, false},
		{"app-*-*", "app-eu-west", []string{"eu", "west"}, true},
		{"app-*", "app-", []string{""}, true},
		{"*", "anything", []string{"anything"}, true},
		{"web-*-stg", "web-a-b-stg", []string{"a-b"}, true},
		{"web-*-stg", "web-stg", nil, false},
	} {
		got, ok := globMatch(tc.pattern, tc.name)
		if ok != tc.ok || !cmp.Equal(tc.want, got) {
			t.Errorf("globMatch(%q, %q) = %q, %v; want %q, %v", tc.pattern, tc.name, got, ok, tc.want, tc.ok)
		}
		if ok {
			if back, _ := expandGlob(tc.pattern, got); back != tc.name {
				t.Errorf("expandGlob(%q, %q) = %q, want %q", tc.pattern, got, back, tc.name)
			}
		}
	}
	if _, ok := expandGlob("a-*", []string{"x", "y"}); ok {
		t.Errorf("expandGlob accepted two captures for one star")
	}
}

func TestNormaliseName(t *testing.T) {
	t.Parallel()
	custom := parity.EnvironmentTokens{Staging: []string{"qa"}, Production: []string{"live"}}
	for _, tc := range []struct {
		name   string
		tokens parity.EnvironmentTokens
		want   string
	}{
		{"web-staging", parity.EnvironmentTokens{}, "web-{env}"},
		{"web-production", parity.EnvironmentTokens{}, "web-{env}"},
		{"Web_Prod_EU", parity.EnvironmentTokens{}, "web_{env}_eu"},
		{"prd01-web", parity.EnvironmentTokens{}, "{env}01-web"},
		{"prodigy-stage", parity.EnvironmentTokens{}, "prodigy-{env}"},
		{"web-qa", custom, "web-{env}"},
		{"web-staging", custom, "web-staging"},
	} {
		if got := normaliseName(tc.name, tc.tokens); got != tc.want {
			t.Errorf("normaliseName(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestMatchWorkspace(t *testing.T) {
	t.Parallel()
	cfg := &Config{Pairs: []Pair{
		{Name: "named", Staging: Selector{Workspace: "web-staging"}, Production: Selector{Workspace: "web-production"}},
		{Name: "pattern", Staging: Selector{Pattern: "*-stg"}, Production: Selector{Pattern: "*-prd"}},
		{Name: "tagged", Staging: Selector{Tags: []string{"env:staging", "parity"}}, Production: Selector{Tags: []string{"env:production", "parity"}}},
	}}
	for _, tc := range []struct {
		name string
		tags []string
		want string
	}{
		{"web-staging", nil, "named staging []"},
		{"web-production", []string{"env:staging", "parity"}, "named production []"},
		{"api-prd", nil, "pattern production [api]"},
		{"billing", []string{"parity", "env:staging"}, "tagged staging []"},
		{"billing", []string{"env:staging"}, "no match"},
		{"other", nil, "no match"},
	} {
		got := "no match"
		if m, ok := cfg.matchWorkspace(tc.name, tc.tags); ok {
			got = fmt.Sprintf("%s %s %v", m.pair.Name, m.side, m.captures)
		}
		if got != tc.want {
			t.Errorf("matchWorkspace(%q, %q) = %s, want %s", tc.name, tc.tags, got, tc.want)
		}
	}
	if !cfg.needsTags() {
		t.Errorf("needsTags is false with a tagged pair")
	}
}

func TestBuildResultOutcomesBounded(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{Ratio: 0.5}
	long := strings.Repeat("x", 3000)
	for i := range 80 {
		addr := fmt.Sprintf("aws_instance.web[%d]", i)
		rep.Resources = append(rep.Resources, parity.ResourceResult{Address: addr, Findings: 40, Drift: true})
		for j := range 40 {
			rep.Findings = append(rep.Findings, parity.Finding{
				Kind: parity.FindingConfigDrift, Address: addr, Path: fmt.Sprintf("setting_%d", j),
				Staging: long, Production: "y", Message: "setting differs.",
			})
		}
	}
	rep.Ignored = []parity.Ignored{{Address: "a", Path: "b|c", Reason: "*markdown* <b>reason</b>"}}
	res := buildResult(comparison{report: rep, runSide: SideStaging, counterpart: "web-production"})
	if res.Status != tfe.TaskFailed || res.Drift != 3200 {
		t.Errorf("status %q drift %d", res.Status, res.Drift)
	}
	if n := len(res.Outcomes); n != MaxOutcomes {
		t.Fatalf("%d outcomes, want %d", n, MaxOutcomes)
	}
	ids := map[string]bool{}
	for _, o := range res.Outcomes {
		if len(o.Body) > MaxOutcomeBodyBytes {
			t.Errorf("outcome %s body is %d bytes, over %d", o.OutcomeID, len(o.Body), MaxOutcomeBodyBytes)
		}
		if ids[o.OutcomeID] {
			t.Errorf("outcome id %s twice", o.OutcomeID)
		}
		ids[o.OutcomeID] = true
	}
	first := res.Outcomes[0].Body
	if !strings.Contains(first, "more findings of this resource not shown") {
		t.Errorf("a cut body does not say so:\n%s", first[len(first)-300:])
	}
	more := res.Outcomes[MaxOutcomes-2]
	if more.OutcomeID != "PARITY-MORE" || more.Description != "32 more resources with findings" {
		t.Errorf("summary outcome %s %q", more.OutcomeID, more.Description)
	}
	ignored := res.Outcomes[MaxOutcomes-1]
	if !strings.Contains(ignored.Body, `\*markdown\* \<b\>reason\</b\>`) || !strings.Contains(ignored.Body, `b\|c`) {
		t.Errorf("ignored body does not escape Markdown:\n%s", ignored.Body)
	}
}

func TestBuildResultMasksSecrets(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{Findings: []parity.Finding{{
		Kind: parity.FindingConfigDrift, Address: "aws_db_instance.main", Path: "password",
		Staging: "hunter2-planted", Production: "other-planted", Sensitive: true, Message: "password differs.",
	}}}
	res := buildResult(comparison{report: rep, runSide: SideProduction, counterpart: "db-staging", advisory: true})
	if !strings.HasSuffix(res.Message, advisoryNote) || !strings.Contains(res.Message, "staging workspace db-staging") {
		t.Errorf("message %q", res.Message)
	}
	if body := res.Outcomes[0].Body; strings.Contains(body, "planted") || !strings.Contains(body, parity.SensitiveMask) {
		t.Errorf("the outcome body does not mask the secret:\n%s", body)
	}
}
