package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/testutil"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// day is the injected date of every baseline written here.
var day = time.Date(2025, 1, 31, 17, 4, 5, 0, time.UTC)

// res is one resource of a show -json state.
type res struct {
	address, typ string
	values       map[string]any
}

// env reads a show -json state of the resources, as the CLI does.
func env(t *testing.T, name string, resources ...res) parity.Environment {
	t.Helper()
	var rs []map[string]any
	for _, r := range resources {
		rs = append(rs, map[string]any{"address": r.address, "mode": "managed", "type": r.typ,
			"name": "x", "values": r.values, "sensitive_values": map[string]any{}})
	}
	doc, err := json.Marshal(map[string]any{"format_version": "1.0", "terraform_version": "1.11.4",
		"values": map[string]any{"root_module": map[string]any{"resources": rs}}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := tfinput.DecodeJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	resources2, ok, err := tfinput.FromDocument(v)
	if err != nil || !ok {
		t.Fatalf("not a document: %v", err)
	}
	return parity.Environment{Name: name, Resources: resources2}
}

// Addresses that exercise every character the pattern grammar gives a
// meaning to: dots, brackets, quotes, stars and backslashes in for_each
// keys, module instances, environment words in names.
var (
	oddKey    = `logs.[1] "x" * \ ${y} %{z}`
	oddBucket = `aws_s3_bucket.b["` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(oddKey) + `"]`
)

// estate is a staging and a production with one difference of each shape.
func estate(t *testing.T, fixed ...string) (parity.Environment, parity.Environment) {
	t.Helper()
	isFixed := func(name string) bool {
		for _, f := range fixed {
			if f == name {
				return true
			}
		}
		return false
	}
	pick := func(name string, staging, production any) any {
		if isFixed(name) {
			return production
		}
		return staging
	}
	staging := []res{
		{"aws_instance.web", "aws_instance", map[string]any{"instance_type": "t3.large", "monitoring": pick("monitoring", false, true)}},
		{oddBucket, "aws_s3_bucket", map[string]any{"versioning": pick("versioning", "Suspended", "Enabled"), "tags": map[string]any{"team name": pick("tag", "a", "b")}}},
		{`aws_s3_bucket.b["logs"]`, "aws_s3_bucket", map[string]any{"versioning": "Enabled", "tags": map[string]any{"team name": "b"}}},
		{`module.app["eu-west-1"].aws_db_instance.db`, "aws_db_instance", map[string]any{"engine_version": pick("engine", "15.4", "16.2"), "instance_class": "db.r5.large"}},
		{"aws_instance.staging_api", "aws_instance", map[string]any{"ami": pick("ami", "ami-111", "ami-222"), "instance_type": "t3.large"}},
		{"aws_instance.worker[0]", "aws_instance", map[string]any{"instance_type": "t3.large"}},
		{"aws_instance.worker[1]", "aws_instance", map[string]any{"instance_type": "t3.large"}},
		{"aws_instance.worker[2]", "aws_instance", map[string]any{"instance_type": "t3.large"}},
		{"aws_instance.solo", "aws_instance", map[string]any{"instance_type": "t3.large"}},
		{"aws_security_group.sg", "aws_security_group", map[string]any{"ingress": []any{
			map[string]any{"from_port": 443, "to_port": 443, "cidr_blocks": []any{"10.0.0.0/8"}},
			map[string]any{"from_port": pick("ingress", 22, 443), "to_port": pick("ingress", 22, 443), "cidr_blocks": []any{pick("ingress", "0.0.0.0/0", "10.0.0.0/8")}},
		}, "egress": pick("egress", []any{
			map[string]any{"from_port": 0, "protocol": "-1", "cidr_blocks": []any{"10.0.0.0/8"}},
			map[string]any{"from_port": 5432, "protocol": "tcp", "cidr_blocks": []any{"10.1.0.0/16"}},
		}, []any{
			map[string]any{"from_port": 0, "protocol": "-1", "cidr_blocks": []any{"10.0.0.0/8"}},
		})}},
		{"aws_lambda_function.fn", "aws_lambda_function", map[string]any{"memory_size": pick("memory", 128, 512), "api_key": pick("api_key", "stg-Planted-K3y-9f8e7d6c", "prd-Planted-K3y-1a2b3c4d")}},
	}
	production := []res{
		{"aws_instance.web", "aws_instance", map[string]any{"instance_type": "t3.xlarge", "monitoring": true}},
		{oddBucket, "aws_s3_bucket", map[string]any{"versioning": "Enabled", "tags": map[string]any{"team name": "b"}}},
		{`aws_s3_bucket.b["logs"]`, "aws_s3_bucket", map[string]any{"versioning": "Enabled", "tags": map[string]any{"team name": "b"}}},
		{`module.app["eu-west-1"].aws_db_instance.db`, "aws_db_instance", map[string]any{"engine_version": "16.2", "instance_class": "db.r5.xlarge"}},
		{"aws_instance.production_api", "aws_instance", map[string]any{"ami": "ami-222", "instance_type": "t3.xlarge"}},
		{"aws_security_group.sg", "aws_security_group", map[string]any{"ingress": []any{
			map[string]any{"from_port": 443, "to_port": 443, "cidr_blocks": []any{"10.0.0.0/8"}},
			map[string]any{"from_port": 443, "to_port": 443, "cidr_blocks": []any{"10.0.0.0/8"}},
		}, "egress": []any{
			map[string]any{"from_port": 0, "protocol": "-1", "cidr_blocks": []any{"10.0.0.0/8"}},
		}}},
		{"aws_lambda_function.fn", "aws_lambda_function", map[string]any{"memory_size": 512 * 2, "api_key": "prd-Planted-K3y-1a2b3c4d"}},
	}
	for i := 0; i < 4; i++ {
		production = append(production,
			res{fmt.Sprintf("aws_instance.worker[%d]", i), "aws_instance", map[string]any{"instance_type": "t3.xlarge"}},
			res{fmt.Sprintf("aws_instance.solo[%d]", i), "aws_instance", map[string]any{"instance_type": "t3.xlarge"}})
	}
	if isFixed("count") {
		// Staging keeps two of its three workers: 4 × 0.5.
		var kept []res
		for _, r := range staging {
			if r.address != "aws_instance.worker[2]" {
				kept = append(kept, r)
			}
		}
		staging = kept
	}
	return env(t, "staging", staging...), env(t, "production", production...)
}

// rules compares the secret api_key by digest, so that a finding about a
// secret exists; its values must never be written.
func rules(t *testing.T) parity.Rules {
	t.Helper()
	r, diags := parity.ParseRules([]byte("ratio = 0.5\nsecret \"api_key\" {\n  compare = \"digest\"\n}\n"), "parity.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return r
}

func compare(t *testing.T, s, p parity.Environment, r parity.Rules) *parity.Report {
	t.Helper()
	rep, err := parity.Compare(s, p, r)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func parse(t *testing.T, src []byte) parity.Rules {
	t.Helper()
	r, diags := parity.ParseRules(src, "parity.baseline.hcl")
	if diags.HasErrors() {
		t.Fatalf("the baseline does not parse: %v\n%s", parity.DiagnosticsError(diags), src)
	}
	return r
}

// The round trip the issue asks for: write the baseline, the check passes,
// fix one drift, the check names that entry stale and no other.
func TestBaselineRoundTrip(t *testing.T) {
	t.Parallel()
	staging, production := estate(t)
	r := rules(t)
	rep := compare(t, staging, production, r)
	if rep.InParity() {
		t.Fatal("the estate has no drift to baseline")
	}
	b, err := Make(staging, production, r, rep, day)
	if err != nil {
		t.Fatal(err)
	}
	src := b.HCL()
	for _, planted := range []string{"Planted-K3y", "ami-111", "ami-222", "Suspended", "15.4"} {
		if bytes.Contains(src, []byte(planted)) {
			t.Errorf("the baseline holds the value %q:\n%s", planted, src)
		}
	}
	base := parse(t, src)
	after := compare(t, staging, production, r.Merge(base))
	if !after.InParity() {
		t.Fatalf("the check fails with the baseline:\n%v\n%s", after.Findings, src)
	}
	if !bytes.Contains(src, []byte(`ignore "aws_security_group.sg.egress" {
  reason = "baseline 2025-01-31: config_drift at egress[1]"
}`)) || b.Widened != 1 {
		t.Errorf("the set element egress[1], which the engine compares inside its list, is not accepted by an entry for the list (%d widened):\n%s", b.Widened, src)
	}
	if b.Findings != len(rep.Findings) {
		t.Errorf("baseline accepts %d findings, the report has %d", b.Findings, len(rep.Findings))
	}

	kept, entries := Split(r.Merge(base))
	if Count(entries) != len(base.Ignores) || len(kept.Ignores) != 0 {
		t.Fatalf("Split found %d entries and kept %d ignores; the baseline has %d", Count(entries), len(kept.Ignores), len(base.Ignores))
	}
	if stale := Stale(entries, compare(t, staging, production, kept)); len(stale) != 0 {
		t.Errorf("entries are stale right after the baseline was written: %v", stale)
	}

	for _, fix := range []struct {
		name  string
		rules []string
	}{
		{"monitoring", []string{`ignore "aws_instance.web.monitoring"`}},
		{"versioning", []string{`ignore "aws_s3_bucket.b[` + quote(oddKey) + `].versioning"`}},
		{"tag", []string{`ignore "aws_s3_bucket.b[` + quote(oddKey) + `].tags[\"team name\"]"`}},
		{"engine", []string{`ignore "module.app[\"eu-west-1\"].aws_db_instance.db.engine_version"`}},
		{"ami", []string{`ignore "aws_instance[\"{env}_api\"].ami"`}},
		{"count", []string{`ignore "aws_instance.worker[*].count"`}},
		{"ingress", []string{`ignore "aws_security_group.sg.ingress[1].cidr_blocks[0]"`, `ignore "aws_security_group.sg.ingress[1].from_port"`, `ignore "aws_security_group.sg.ingress[1].to_port"`}},
		{"egress", []string{`ignore "aws_security_group.sg.egress"`}},
		{"memory", []string{`ignore "aws_lambda_function.fn.memory_size"`}},
		{"api_key", []string{`ignore "aws_lambda_function.fn.api_key"`}},
	} {
		t.Run("fixed "+fix.name, func(t *testing.T) {
			t.Parallel()
			s, p := estate(t, fix.name)
			rep := compare(t, s, p, kept)
			stale := Stale(entries, rep)
			var names []string
			for _, st := range stale {
				names = append(names, st.Rule)
			}
			if diff := cmp.Diff(fix.rules, names); diff != "" {
				t.Errorf("stale entries (-want +got):\n%s\nbaseline:\n%s", diff, src)
			}
			if len(stale) == 1 && (stale[0].Source == nil || stale[0].Source.File != "parity.baseline.hcl" || stale[0].Source.Line == 0) {
				t.Errorf("the stale entry does not say where it is written: %+v", stale[0].Source)
			}
			if after := compare(t, s, p, kept.Merge(base)); !after.InParity() {
				t.Errorf("after a fix the check fails: %v", after.Findings)
			}
		})
	}
}

// quote writes a key as the pattern grammar quotes it, escaped once more
// for the HCL string the rule name is printed as.
func quote(key string) string {
	q, _ := json.Marshal(key)
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(string(q))
}

// Each exact pattern matches its own finding and none of its neighbours:
// another for_each key that is a prefix or a longer key, another path.
func TestExactPatternMatchesOnlyItsFinding(t *testing.T) {
	t.Parallel()
	findings := []parity.Finding{
		{Address: `aws_s3_bucket.b["a"]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b["a.versioning"]`, ResourceType: "aws_s3_bucket", Path: "x"},
		{Address: `aws_s3_bucket.b["a"].versioning`, ResourceType: "aws_s3_bucket", Path: "x"},
		{Address: `aws_s3_bucket.b["a*"]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b["*"]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b["a\"]"]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b["a\\"]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b[0]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b[1]`, ResourceType: "aws_s3_bucket", Path: "versioning"},
		{Address: `aws_s3_bucket.b`, ResourceType: "aws_s3_bucket", Path: `tags["a.b"]`},
		{Address: `aws_s3_bucket.b`, ResourceType: "aws_s3_bucket", Path: `tags.a.b`},
		{Address: `aws_s3_bucket.b`, ResourceType: "aws_s3_bucket", Path: `rules[0].days`},
		{Address: `aws_s3_bucket.b`, ResourceType: "aws_s3_bucket", Path: `rules[1].days`},
		{Address: `aws_instance.{env}_api`, ResourceType: "aws_instance", Path: "ami"},
		{Address: `aws_instance.x_api`, ResourceType: "aws_instance", Path: "ami"},
	}
	for i, f := range findings {
		p, ok := parity.ExactPattern(f.Address, f.Path)
		if !ok {
			t.Errorf("no pattern for %s %s", f.Address, f.Path)
			continue
		}
		got := parity.IgnoresCovering([]parity.IgnoreRule{{Pattern: p, Reason: "r"}}, findings[i:i+1])[0]
		if !got {
			t.Errorf("%s does not match its own finding %s %s", p, f.Address, f.Path)
		}
		for j, other := range findings {
			if j != i && parity.IgnoreCovers(parity.IgnoreRule{Pattern: p, Reason: "r"}, other) {
				t.Errorf("%s (for %s %s) also matches %s %s", p, f.Address, f.Path, other.Address, other.Path)
			}
		}
	}
}

func TestIsEntry(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"baseline 2025-01-31: config_drift":        true,
		"baseline 2025-01-31":                      true,
		"baseline 2025-1-31: config_drift":         false,
		"the baseline 2025-01-31: config_drift":    false,
		"baseline: each environment pages its own": false,
		"Baseline 2025-01-31: config_drift":        false,
	}
	for reason, want := range tests {
		if got := IsEntry(reason); got != want {
			t.Errorf("IsEntry(%q) = %v, want %v", reason, got, want)
		}
	}
}

// The file is written as terraform fmt writes HCL, sorted, with the date
// given, and one-sided resources as only_in entries.
func TestBaselineText(t *testing.T) {
	t.Parallel()
	staging := env(t, "staging",
		res{"aws_instance.web", "aws_instance", map[string]any{"monitoring": false}},
		res{`aws_instance.debug["a b"]`, "aws_instance", map[string]any{"monitoring": false}},
	)
	production := env(t, "production",
		res{"aws_instance.web", "aws_instance", map[string]any{"monitoring": true}},
		res{"aws_wafv2_web_acl.main", "aws_wafv2_web_acl", map[string]any{"scope": "REGIONAL"}},
		res{"aws_instance.bastion", "aws_instance", map[string]any{"monitoring": true}},
	)
	rep := compare(t, staging, production, parity.Rules{})
	b, err := Make(staging, production, parity.Rules{}, rep, day)
	if err != nil {
		t.Fatal(err)
	}
	want := `# Baseline of parity check, written 2025-01-31: 4 entries accepting 4 findings.
# Each entry accepts a difference that existed that day, so that the check
# can be turned on now. parity check names an entry that accepts nothing any
# more (the difference was fixed) as stale: delete it, and let the list shrink.
# Use it with: parity check --rules parity.hcl --rules THIS_FILE …

ignore "aws_instance.web.monitoring" {
  reason = "baseline 2025-01-31: config_drift"
}

only_in "production" {
  address = "aws_instance.bastion"
  reason  = "baseline 2025-01-31: only_in_production"
}

only_in "production" {
  address = "aws_wafv2_web_acl.main"
  reason  = "baseline 2025-01-31: only_in_production"
}

only_in "staging" {
  address = "aws_instance.debug[\"a b\"]"
  reason  = "baseline 2025-01-31: only_in_staging"
}
`
	got := string(b.HCL())
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("baseline (-want +got):\n%s", diff)
	}

	// The only_in entries work: the check passes with the baseline, and a
	// resource that now exists on both sides makes its entry stale.
	base := parse(t, b.HCL())
	if after := compare(t, staging, production, base); !after.InParity() {
		t.Errorf("the check fails with the baseline: %v", after.Findings)
	}
	_, entries := Split(base)
	staging.Resources = append(staging.Resources, env(t, "staging", res{"aws_instance.bastion", "aws_instance", map[string]any{"monitoring": true}}).Resources...)
	var stale []string
	for _, s := range Stale(entries, compare(t, staging, production, parity.Rules{})) {
		stale = append(stale, s.Rule)
	}
	if diff := cmp.Diff([]string{`only_in "production" "aws_instance.bastion"`}, stale); diff != "" {
		t.Errorf("stale entries once the bastion exists in staging (-want +got):\n%s", diff)
	}

	// terraform fmt, the formatter the file's readers use, changes nothing.
	tf := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	cmd := exec.Command(tf, "fmt", "-")
	cmd.Stdin = strings.NewReader(got)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform fmt -: %v", err)
	}
	if diff := cmp.Diff(got, string(out)); diff != "" {
		t.Errorf("terraform fmt would change the baseline (-ours +fmt):\n%s", diff)
	}
}

// Values unknown until apply are no drift: they are counted, not written.
func TestBaselineLeavesUnknownsOut(t *testing.T) {
	t.Parallel()
	staging := parity.Environment{Name: "staging", Resources: []parity.Resource{{Address: "aws_instance.web", Type: "aws_instance", Mode: "managed",
		Values: parity.Object(map[string]parity.Value{"ami": parity.Unknown(), "monitoring": parity.Bool(false)})}}}
	production := parity.Environment{Name: "production", Resources: []parity.Resource{{Address: "aws_instance.web", Type: "aws_instance", Mode: "managed",
		Values: parity.Object(map[string]parity.Value{"ami": parity.String("ami-1"), "monitoring": parity.Bool(true)})}}}
	rep := compare(t, staging, production, parity.Rules{})
	b, err := Make(staging, production, parity.Rules{}, rep, day)
	if err != nil {
		t.Fatal(err)
	}
	if b.Unknown != 1 || b.Findings != 1 || len(b.Entries) != 1 || b.Entries[0].Pattern != "aws_instance.web.monitoring" {
		t.Errorf("unknown %d, findings %d, entries %+v; want 1, 1 and the monitoring entry", b.Unknown, b.Findings, b.Entries)
	}
	if !strings.Contains(string(b.HCL()), "1 finding of values unknown until apply is left out") {
		t.Errorf("the header does not say the unknown finding was left out:\n%s", b.HCL())
	}
}
