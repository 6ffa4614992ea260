package parity_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// doc builds an environment of resources from address → type and values.
func doc(resources ...parity.Resource) parity.Environment {
	return parity.Environment{Resources: resources}
}

func res(address, typ string, values map[string]parity.Value) parity.Resource {
	return parity.Resource{Address: address, Mode: "managed", Type: typ, Values: parity.Object(values)}
}

func instance(env, instanceType string) map[string]parity.Value {
	return map[string]parity.Value{
		"instance_type": parity.String(instanceType),
		"monitoring":    parity.Bool(true),
		"tags":          parity.Object(map[string]parity.Value{"Name": parity.String("web-" + env)}),
	}
}

type kindAddress struct {
	Kind    parity.FindingKind
	Address string
	Path    string
}

func kinds(rep *parity.Report) []kindAddress {
	out := []kindAddress{}
	for _, f := range rep.Findings {
		out = append(out, kindAddress{f.Kind, f.Address, f.Path})
	}
	return out
}

func TestOnlyIn(t *testing.T) {
	t.Parallel()
	waf := res("aws_wafv2_web_acl.main", "aws_wafv2_web_acl", map[string]parity.Value{"scope": parity.String("REGIONAL")})
	replica := func(i int) parity.Resource {
		return res(fmt.Sprintf("aws_db_instance.replica[%d]", i), "aws_db_instance", map[string]parity.Value{"instance_class": parity.String("db.r6g.large")})
	}
	staging := doc(res("aws_instance.web", "aws_instance", instance("staging", "t3.large")))
	production := doc(res("aws_instance.web", "aws_instance", instance("production", "t3.xlarge")), waf, replica(0), replica(1))
	inParity := doc(res("aws_instance.web", "aws_instance", instance("production", "t3.xlarge")))
	tests := []struct {
		name        string
		onlyIn      []parity.OnlyInRule
		want        []kindAddress
		wantIgnored []string
		wantUsed    []bool
	}{
		{
			name: "undeclared one-sided resources are findings",
			want: []kindAddress{
				{parity.FindingOnlyInProduction, "aws_db_instance.replica[0]", ""},
				{parity.FindingOnlyInProduction, "aws_db_instance.replica[1]", ""},
				{parity.FindingOnlyInProduction, "aws_wafv2_web_acl.main", ""},
			},
		},
		{
			name: "declared by address, by pattern and without the instance key",
			onlyIn: []parity.OnlyInRule{
				{Environment: "production", Address: "aws_wafv2_web_acl.*", Reason: "public traffic only"},
				{Environment: "production", Address: "aws_db_instance.replica", Reason: "disaster recovery"},
			},
			want:        []kindAddress{},
			wantIgnored: []string{"aws_db_instance.replica[0]", "aws_db_instance.replica[1]", "aws_wafv2_web_acl.main"},
			wantUsed:    []bool{true, true},
		},
		{
			name: "a rule of the other environment does not apply",
			onlyIn: []parity.OnlyInRule{
				{Environment: "staging", Address: "aws_wafv2_web_acl.main", Reason: "wrong side"},
				{Environment: "production", Address: "**", Reason: "everything else"},
			},
			want:        []kindAddress{},
			wantIgnored: []string{"aws_db_instance.replica[0]", "aws_db_instance.replica[1]", "aws_wafv2_web_acl.main"},
			wantUsed:    []bool{false, true},
		},
		{
			name: "a resource on both sides is compared, and its only_in rule unused",
			onlyIn: []parity.OnlyInRule{
				{Environment: "production", Address: "aws_instance.web", Reason: "not true"},
				{Environment: "production", Address: "aws_wafv2_web_acl.main", Reason: "public traffic only"},
				{Environment: "production", Address: "aws_db_instance.*", Reason: "disaster recovery"},
			},
			want:        []kindAddress{},
			wantIgnored: []string{"aws_db_instance.replica[0]", "aws_db_instance.replica[1]", "aws_wafv2_web_acl.main"},
			wantUsed:    []bool{false, true, true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rules := parity.Rules{Ratio: 0.5, OnlyIn: tt.onlyIn}
			rep, err := parity.Compare(staging, production, rules)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, kinds(rep)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			var ignored []string
			for _, ig := range rep.Ignored {
				ignored = append(ignored, ig.Address)
			}
			slices.Sort(ignored)
			if diff := cmp.Diff(tt.wantIgnored, ignored, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ignored (-want +got):\n%s", diff)
			}
			var used []bool
			for _, u := range rep.Rules {
				used = append(used, u.Used())
			}
			if diff := cmp.Diff(tt.wantUsed, used, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("used (-want +got):\n%s", diff)
			}
			if len(tt.want) == 0 {
				// Declared resources are not part of the configuration, so the
				// hashes agree with the verdict.
				ref, err := parity.Compare(staging, inParity, parity.Rules{Ratio: 0.5})
				if err != nil {
					t.Fatal(err)
				}
				if rep.ProductionHash != ref.ProductionHash || rep.StagingHash != rep.ProductionHash {
					t.Errorf("hashes: staging %s, production %s, production without the declared resources %s",
						rep.StagingHash, rep.ProductionHash, ref.ProductionHash)
				}
			}
		})
	}
}

func TestOnlyInInvalid(t *testing.T) {
	t.Parallel()
	for _, r := range []parity.OnlyInRule{
		{Environment: "qa", Address: "a.b", Reason: "r"},
		{Environment: "production", Address: "a..b", Reason: "r"},
		{Environment: "production", Address: "a.b"},
	} {
		if err := parity.ValidateRules(parity.Rules{OnlyIn: []parity.OnlyInRule{r}}); err == nil {
			t.Errorf("%+v: want an error", r)
		}
	}
}

// TestOwnResourcesNotCompared: the checking machinery lives in one of the
// environments' states (the staging workspace holds the parity_check and
// reads production's outputs), and is no part of either environment.
func TestOwnResourcesNotCompared(t *testing.T) {
	t.Parallel()
	web := func(env, typ string) parity.Resource {
		return res("aws_instance.web", "aws_instance", instance(env, typ))
	}
	staging := doc(web("staging", "t3.large"),
		res("parity_check.web", "parity_check", map[string]parity.Value{"in_parity": parity.Bool(true)}),
		parity.Resource{Address: "data.parity_rules.app", Mode: "data", Type: "parity_rules", Values: parity.Object(nil)},
		parity.Resource{Address: "data.terraform_remote_state.production", Mode: "data", Type: "terraform_remote_state", Values: parity.Object(nil)},
		parity.Resource{Address: "data.tfe_outputs.production", Mode: "data", Type: "tfe_outputs", Values: parity.Object(nil)},
	)
	production := doc(web("production", "t3.xlarge"))
	rep, err := parity.Compare(staging, production, parity.Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("want no findings, got %+v", kinds(rep))
	}
	if rep.StagingHash != rep.ProductionHash {
		t.Error("the hashes differ")
	}
}

func TestRuleUses(t *testing.T) {
	t.Parallel()
	staging := doc(res("module.app.aws_instance.web", "aws_instance", instance("staging", "t3.large")))
	production := doc(res("module.application.aws_instance.web", "aws_instance", instance("production", "t3.xlarge")))
	rules := parity.Rules{
		Ratio: 0.5,
		Ignores: []parity.IgnoreRule{
			{Pattern: "monitoring", Reason: "used", Source: &parity.Location{File: "parity.hcl", Line: 3}},
			{Pattern: "alert_endpoints", Reason: "matches nothing", Origin: "ignore[1]"},
			{Pattern: "tags.*", Reason: "overridden"},
		},
		Configs:     []parity.ConfigRule{{Pattern: "aws_instance.*.tags.Name"}},
		Lists:       []parity.ListRule{{Pattern: "no_such_list", Order: parity.ListOrderSignificant}},
		ModulePairs: []parity.ModulePair{{Staging: "module.app", Production: "module.application"}, {Staging: "module.none", Production: "module.nothing"}},
	}
	rep, err := parity.Compare(staging, production, rules)
	if err != nil {
		t.Fatal(err)
	}
	type use struct {
		Kind, Rule, Where, OverriddenBy string
		Used, Matched                   bool
	}
	var got []use
	for _, u := range rep.Rules {
		got = append(got, use{u.Kind, u.Rule, u.Where(), u.OverriddenBy, u.Used(), u.Matched > 0})
	}
	want := []use{
		{"ignore", `ignore "monitoring"`, "parity.hcl:3", "", true, true},
		{"ignore", `ignore "alert_endpoints"`, "ignore[1]", "", false, false},
		{"ignore", `ignore "tags.*"`, "", `config "aws_instance.*.tags.Name"`, false, true},
		{"config", `config "aws_instance.*.tags.Name"`, "", "", true, true},
		{"list", `list "no_such_list"`, "", "", false, false},
		{"module_pair", `module_pair "module.app"`, "", "", true, true},
		{"module_pair", `module_pair "module.none"`, "", "", false, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rule uses (-want +got):\n%s", diff)
	}
	var unused []string
	for _, u := range rep.Unused() {
		unused = append(unused, u.Rule)
	}
	if diff := cmp.Diff([]string{`ignore "alert_endpoints"`, `ignore "tags.*"`, `list "no_such_list"`, `module_pair "module.none"`}, unused); diff != "" {
		t.Errorf("unused (-want +got):\n%s", diff)
	}
}

// TestRuleUsesCountHashes: a rule that only matters to a hash (it matches
// inside a resource the comparison does not walk) is used.
func TestRuleUsesCountHashes(t *testing.T) {
	t.Parallel()
	staging := doc(res("aws_instance.web", "aws_instance", instance("staging", "t3.large")),
		res("aws_instance.extra", "aws_instance", map[string]parity.Value{"only_here": parity.String("x")}))
	production := doc(res("aws_instance.web", "aws_instance", instance("production", "t3.xlarge")))
	rep, err := parity.Compare(staging, production, parity.Rules{Ratio: 0.5,
		Ignores: []parity.IgnoreRule{{Pattern: "only_here", Reason: "hash only"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rules) != 1 || !rep.Rules[0].Used() {
		t.Errorf("want the ignore used by the staging hash, got %+v", rep.Rules)
	}
}

// TestConcurrentCompares runs comparisons side by side, as the provider does
// for many parity_check resources in one plan: the compiled built-in rules
// are shared, and `go test -race` checks that nothing writes them.
func TestConcurrentCompares(t *testing.T) {
	t.Parallel()
	staging := doc(res("aws_instance.web", "aws_instance", instance("staging", "t3.large")),
		res("aws_db_instance.main", "aws_db_instance", map[string]parity.Value{"instance_class": parity.String("db.r6g.large"), "allocated_storage": parity.Int(50)}))
	production := doc(res("aws_instance.web", "aws_instance", instance("production", "t3.xlarge")),
		res("aws_db_instance.main", "aws_db_instance", map[string]parity.Value{"instance_class": parity.String("db.r6g.xlarge"), "allocated_storage": parity.Int(100)}))
	want, err := parity.Compare(staging, production, parity.Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 16 {
		wg.Go(func() {
			got, err := parity.Compare(staging, production, parity.Rules{Ratio: 0.5})
			if err != nil {
				errs <- err.Error()
				return
			}
			if got.StagingHash != want.StagingHash || len(got.Findings) != len(want.Findings) {
				errs <- "a concurrent comparison differs"
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestRulesValueRoundTrip(t *testing.T) {
	t.Parallel()
	src := `ratio = 0.25
builtin_rules = false
redact = "all"
environment_tokens {
  staging    = ["qa"]
  production = ["live"]
}
size "instance_count" {
  rounding = "up"
  minimum  = 2
}
ignore "alert_endpoints" {
  reason = "each environment pages its own team"
  when   = { enabled = true, tier = ["gold", 3], missing = null }
}
config "arn" {}
secret "db_password" {
  compare = "digest"
}
resource "aws_lb" {
  identity "dns_name" {
    reason = "assigned"
  }
  list "listener" {
    order = "significant"
    key   = ["port"]
  }
}
module_pair "module.a" {
  production = "module.b"
}
only_in "production" {
  address = "aws_wafv2_web_acl.*"
  reason  = "public traffic only"
}
`
	rules, diags := parity.ParseRules([]byte(src), "modules/app/parity.hcl")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	value := parity.EncodeRulesValue(rules)
	got, err := parity.DecodeRulesValue(value)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rules, got, cmp.AllowUnexported(parity.Value{})); diff != "" {
		t.Errorf("round trip (-parsed +decoded):\n%s", diff)
	}
	if again := parity.EncodeRulesValue(got); again != value {
		t.Errorf("encoding is not stable:\n%s\n%s", value, again)
	}
}

func TestDecodeRulesValueErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value, want string }{
		{"not JSON", "ignore everything", "not a rules value: use the rules attribute of a parity_rules data source (data.parity_rules.NAME.rules)"},
		{"no version", `{"ratio":0.5}`, "not a rules value: use the rules attribute of a parity_rules data source (data.parity_rules.NAME.rules)"},
		{"newer", `{"parity_rules":2}`, "rules value of version 2, but this provider reads version 1: upgrade the provider that reads it"},
		{"unknown field", `{"parity_rules":1,"ignores":[]}`, `rules value is malformed: json: unknown field "ignores"`},
		{"bad pattern", `{"parity_rules":1,"config":[{"pattern":"a..b"}]}`, `rules value: pattern "a..b" has an empty step at character 3; steps are separated by single dots`},
		{"bad ratio", `{"parity_rules":1,"ratio":-1}`, "rules value: ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parity.DecodeRulesValue(tt.value)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}
