package accuracy

import (
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus/baseline.json with this run's score")

// corpusRoot is the corpus as seen from this package's directory.
const corpusRoot = "../../testdata/corpus"

// TestCorpus runs every pair through `parity check` and fails when the
// score is worse than the committed baseline: a label found before and
// missed now, more false findings in a case, or a newly refused input.
func TestCorpus(t *testing.T) {
	cases, err := LoadCorpus(corpusRoot)
	if err != nil {
		t.Fatal(err)
	}
	results, err := RunAll(context.Background(), cases)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := WriteTable(&out, results); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())

	path := filepath.Join(corpusRoot, BaselineName)
	if *update {
		if err := WriteBaseline(path, NewBaseline(results)); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	base, err := ReadBaseline(path)
	if err != nil {
		t.Fatalf("%v (record one with: go test ./internal/accuracy -run TestCorpus -update)", err)
	}
	cmp := Compare(base, results)
	for _, s := range cmp.Improvements {
		t.Logf("better than the baseline: %s", s)
	}
	if len(cmp.Improvements) > 0 {
		t.Log("Record the improvements in the baseline: go test ./internal/accuracy -run TestCorpus -update")
	}
	for _, s := range cmp.Regressions {
		t.Errorf("worse than the baseline: %s", s)
	}
	if len(cmp.RegressedCases) > 0 {
		regressed := map[string]bool{}
		for _, name := range cmp.RegressedCases {
			regressed[name] = true
		}
		var worse []Result
		for _, r := range results {
			if regressed[r.Case.Name] {
				worse = append(worse, r)
			}
		}
		var details strings.Builder
		if err := WriteDetails(&details, worse); err == nil {
			t.Log("the cases that got worse:\n" + details.String())
		}
	}
}

func TestMatches(t *testing.T) {
	t.Parallel()
	f := Finding{Kind: "config_drift", Address: "aws_iam_policy.app", StagingAddress: "aws_iam_policy.app",
		ProductionAddress: "aws_iam_policy.app", Path: "policy.Statement[0].Action"}
	keyed := Finding{Kind: "config_drift", Address: "module.{env}.aws_instance.web",
		StagingAddress: "module.staging.aws_instance.web", ProductionAddress: "module.production.aws_instance.web",
		Path: "metadata_options[0].http_tokens"}
	tests := []struct {
		name    string
		label   Label
		finding Finding
		want    bool
	}{
		{"exact path", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "policy.Statement[0].Action"}, f, true},
		{"exact path is not a prefix", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "policy"}, f, false},
		{"prefix followed by a dot", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "policy", Prefix: true}, f, true},
		{"prefix followed by an index", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "policy.Statement", Prefix: true}, f, true},
		{"prefix equal to the path", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "policy.Statement[0].Action", Prefix: true}, f, true},
		{"prefix ending inside a name", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "pol", Prefix: true}, f, false},
		{"prefix ending inside an index", Label{Kind: "config_drift", Address: "aws_iam_policy.app", Path: "policy.Statement[0].Act", Prefix: true}, f, false},
		{"other kind", Label{Kind: "size_ratio", Address: "aws_iam_policy.app", Path: "policy", Prefix: true}, f, false},
		{"other address", Label{Kind: "config_drift", Address: "aws_iam_role.app", Path: "policy", Prefix: true}, f, false},
		{"staging address", Label{Kind: "config_drift", Address: "module.staging.aws_instance.web", Path: "metadata_options[0].http_tokens"}, keyed, true},
		{"production address", Label{Kind: "config_drift", Address: "module.production.aws_instance.web", Path: "metadata_options[0].http_tokens"}, keyed, true},
		{"normalised address", Label{Kind: "config_drift", Address: "module.{env}.aws_instance.web", Path: "metadata_options[0].http_tokens"}, keyed, true},
		{"settings object", Label{Kind: "config_drift", Address: "", Path: "connection_timeout"}, Finding{Kind: "config_drift", Path: "connection_timeout"}, true},
		{"settings label, resource finding", Label{Kind: "config_drift", Address: "", Path: "metadata_options[0].http_tokens"}, keyed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Matches(tt.label, tt.finding); got != tt.want {
				t.Errorf("Matches(%+v, %+v) = %v, want %v", tt.label, tt.finding, got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	t.Parallel()
	env := func(path string) Finding {
		return Finding{Kind: "config_drift", Address: "kubernetes_deployment_v1.web", Path: path}
	}
	envLabel := Label{Kind: "config_drift", Address: "kubernetes_deployment_v1.web", Path: "spec[0].env", Prefix: true, Why: "one variable added"}
	exact := Label{Kind: "config_drift", Address: "kubernetes_deployment_v1.web", Path: "spec[0].env[1].value", Why: "value changed"}
	tests := []struct {
		name                    string
		labels                  []Label
		findings                []Finding
		found, missed, spurious int
	}{
		{"nothing expected, nothing found", nil, nil, 0, 0, 0},
		{"one label, one finding", []Label{envLabel}, []Finding{env("spec[0].env[3]")}, 1, 0, 0},
		{"a cascade: one label absorbs one finding", []Label{envLabel},
			[]Finding{env("spec[0].env[2].name"), env("spec[0].env[3].name"), env("spec[0].env[4].name")}, 1, 0, 2},
		{"missed", []Label{envLabel}, []Finding{env("spec[0].args[0]")}, 0, 1, 1},
		{"unknown findings are false", nil, []Finding{{Kind: "unknown", Address: "aws_sqs_queue.orders", Path: "arn"}}, 0, 0, 1},
		{"a prefix label does not take the finding only the exact label matches", []Label{envLabel, exact},
			[]Finding{env("spec[0].env[1].value"), env("spec[0].env[4]")}, 2, 0, 0},
		{"the same order of labels reversed", []Label{exact, envLabel},
			[]Finding{env("spec[0].env[4]"), env("spec[0].env[1].value")}, 2, 0, 0},
		{"two equal labels need two findings", []Label{envLabel, envLabel}, []Finding{env("spec[0].env[1]")}, 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			found, missed, spurious := Score(tt.labels, tt.findings)
			if len(found) != tt.found || len(missed) != tt.missed || len(spurious) != tt.spurious {
				t.Errorf("Score = %d found, %d missed, %d false; want %d, %d, %d",
					len(found), len(missed), len(spurious), tt.found, tt.missed, tt.spurious)
			}
			if len(found)+len(missed) != len(tt.labels) {
				t.Errorf("found + missed = %d, want every label (%d) in one of them", len(found)+len(missed), len(tt.labels))
			}
		})
	}
}

func TestCompareWithBaseline(t *testing.T) {
	t.Parallel()
	a := Label{Kind: "config_drift", Address: "aws_lb_listener.https", Path: "ssl_policy", Why: "a"}
	b := Label{Kind: "config_drift", Address: "aws_lb.web", Path: "idle_timeout", Why: "b"}
	c := &Case{Name: "aws/x", Labels: []Label{a, b}}
	base := Baseline{Cases: map[string]BaselineCase{"aws/x": {Found: []string{"config_drift aws_lb_listener.https ssl_policy"}, False: 2}}}
	tests := []struct {
		name                      string
		result                    Result
		base                      Baseline
		regressions, improvements int
	}{
		{"same as the baseline", Result{Case: c, Found: []Label{a}, Missed: []Label{b}, False: make([]Finding, 2)}, base, 0, 0},
		{"a found label is missed", Result{Case: c, Missed: []Label{a, b}, False: make([]Finding, 2)}, base, 1, 0},
		{"more false findings", Result{Case: c, Found: []Label{a}, Missed: []Label{b}, False: make([]Finding, 3)}, base, 1, 0},
		{"refused now", Result{Case: c, Refused: true, Refusal: "x.json: format_version \"0.1\" is not supported", Missed: []Label{a, b}}, base, 2, 1},
		{"a label found and fewer false findings", Result{Case: c, Found: []Label{a, b}, False: make([]Finding, 1)}, base, 0, 2},
		{"a case the baseline does not know", Result{Case: &Case{Name: "aws/new"}}, base, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Compare(tt.base, []Result{tt.result})
			if len(got.Regressions) != tt.regressions || len(got.Improvements) != tt.improvements {
				t.Errorf("Compare = %d regressions %q, %d improvements %q; want %d, %d",
					len(got.Regressions), got.Regressions, len(got.Improvements), got.Improvements, tt.regressions, tt.improvements)
			}
		})
	}
}

func TestLabelKeys(t *testing.T) {
	t.Parallel()
	l := Label{Kind: "config_drift", Address: "aws_ecs_task_definition.api", Path: "container_definitions", Prefix: true}
	s := Label{Kind: "config_drift", Address: "", Path: "connection_timeout"}
	got := LabelKeys([]Label{l, s, l})
	want := []string{
		"config_drift aws_ecs_task_definition.api container_definitions…",
		"config_drift (settings) connection_timeout",
		"config_drift aws_ecs_task_definition.api container_definitions… #2",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LabelKeys (-want +got):\n%s", diff)
	}
}
