package parity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A staging plan that creates a resource has its id unknown while
// production's state knows it; a name equal to production's id must not
// read as a reference on that side only (aws_iot_policy: id = name).
func TestReferenceOnlyWhenBothSidesKnowIt(t *testing.T) {
	t.Parallel()
	policy := func(env string, id Value) Resource {
		return res("aws_iot_policy.sensor", "aws_iot_policy", map[string]Value{
			"id": id, "name": String("sensor-" + env), "policy": String(`{"Version":"2012-10-17"}`),
		})
	}
	attachment := func(env string) Resource {
		return res("aws_iot_policy_attachment.sensor", "aws_iot_policy_attachment", map[string]Value{
			"policy": String("sensor-" + env), "target": String("arn:aws:iot:eu-central-1:123456789012:cert/abc"),
		})
	}
	stg := state(policy("staging", Unknown()), attachment("staging"))
	prod := state(policy("production", String("sensor-production")), attachment("production"))
	rep, err := Compare(stg, prod, Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]findingSummary{}, summarize(rep)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if rep.StagingHash != rep.ProductionHash {
		t.Errorf("hashes differ: staging %s, production %s", rep.StagingHash, rep.ProductionHash)
	}

	// Once both sides know the ids, a reference to another resource is
	// still drift.
	stg = state(policy("staging", String("sensor-staging")), attachment("staging"))
	other := attachment("production")
	other.Values = Object(map[string]Value{"policy": String("legacy-production"), "target": String("arn:aws:iot:eu-central-1:123456789012:cert/abc")})
	prod = state(policy("production", String("sensor-production")), other)
	rep, err = Compare(stg, prod, Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "policy" {
		t.Errorf("a reference to another resource: findings %+v, want one at policy", summarize(rep))
	}
}

// A resource whose id is its region (aws_iot_logging_options) does not make
// every ARN of that region a reference.
func TestRegionIsNotAReference(t *testing.T) {
	t.Parallel()
	logging := func(id Value) Resource {
		return res("aws_iot_logging_options.this", "aws_iot_logging_options", map[string]Value{"id": id, "default_log_level": String("WARN")})
	}
	policy := func(resources ...Value) Resource {
		return res("aws_iam_policy.app", "aws_iam_policy", map[string]Value{
			"policy": String(`{"Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":` + string(CanonicalJSON(List(resources...))) + `}]}`),
		})
	}
	arn := func(account string) Value {
		return String("arn:aws:iot:eu-central-1:" + account + ":topic/sensors/telemetry")
	}
	stg := state(logging(Unknown()), policy(arn("418295370612")))
	prod := state(logging(String("eu-central-1")), policy(arn("702913845266")))
	rep, err := Compare(stg, prod, Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("findings %+v, want none", summarize(rep))
	}
	for _, s := range []string{"eu-central-1", "us-east-1a", "us-gov-west-1", "europe-west1", "us-central1-b", "ap-southeast-2"} {
		if !looksLikeLocation(s) {
			t.Errorf("looksLikeLocation(%q) = false", s)
		}
	}
	for _, s := range []string{"sensor-production", "eu-central", "i-0abc12345", "central-1"} {
		if looksLikeLocation(s) {
			t.Errorf("looksLikeLocation(%q) = true", s)
		}
	}
}

func TestIdentityInFreeText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"GuardDuty detector `e9f80404a3f373ab7afb2253f0fc6bb7` (staging)", "GuardDuty detector `{id}` (staging)"},
		{"e9f80404a3f373ab7afb2253f0fc6bb7 e86505a201b45eb6a30d8a1b2c3d4e5f", "{id} {id}"},
		// Not ids: all digits, all letters, a 40-character commit hash, an
		// image digest, 32 characters inside a longer word.
		{"deploy 12345678901234567890123456789012", "deploy 12345678901234567890123456789012"},
		{"commit 8f2a0c3e5b7d9f1a2c4e6b8d0f1a3c5e7b9d1f3a", "commit 8f2a0c3e5b7d9f1a2c4e6b8d0f1a3c5e7b9d1f3a"},
		{"name-e9f80404a3f373ab7afb2253f0fc6bb7x", "name-e9f80404a3f373ab7afb2253f0fc6bb7x"},
		{"v=STSv1; id=95359715172036", "v=STSv1; id={id}"},
		{"v=STSv1;id=20240101T000000", "v=STSv1;id={id}"},
	}
	for _, tt := range tests {
		if got := normalizeIdentityText(tt.in); got != tt.want {
			t.Errorf("normalizeIdentityText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A block that holds one of several nested blocks, where staging chose one
// and production another, is one finding at the block.
func TestOneOfBlockSwapIsOneFinding(t *testing.T) {
	t.Parallel()
	acl := func(count, block []Value, priority int64) Resource {
		return res("aws_wafv2_web_acl.this", "aws_wafv2_web_acl", map[string]Value{
			"rule": List(Object(map[string]Value{
				"name":     String("rate-limit"),
				"priority": Int(priority),
				"action": List(Object(map[string]Value{
					"allow": List(), "block": List(block...), "count": List(count...), "captcha": List(),
				})),
			})),
		})
	}
	empty := Object(map[string]Value{"custom_request_handling": List()})
	rep, err := Compare(state(acl([]Value{empty}, nil, 1)), state(acl(nil, []Value{empty}, 1)), Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	want := []findingSummary{{Kind: FindingConfigDrift, Path: "rule[0].action[0]", Staging: "count", Prod: "block"}}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	// Another difference beside the swap is reported on its own.
	rep, err = Compare(state(acl([]Value{empty}, nil, 1)), state(acl(nil, []Value{empty}, 2)), Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 2 {
		t.Errorf("findings %+v, want the swap and the priority", summarize(rep))
	}

	// Two scalars, one set on each side, are two settings.
	obj := func(k string) Resource {
		return res("aws_lb_listener.web", "aws_lb_listener", map[string]Value{
			"default_action": List(Object(map[string]Value{k: String("x")})),
		})
	}
	rep, err = Compare(state(obj("target_group_arn_suffix")), state(obj("order_note")), Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Path == "default_action[0]" {
			t.Errorf("scalars merged into one finding: %+v", summarize(rep))
		}
	}
}

// A staging plan whose moved blocks re-address objects (count to for_each,
// into a module) pairs them with production's objects at the old address.
func TestMovedObjectsPairWithTheirOldAddress(t *testing.T) {
	t.Parallel()
	route := func(addr, prev string) Resource {
		r := res(addr, "aws_route", map[string]Value{"destination_cidr_block": String("10.0.0.0/8")})
		r.PreviousAddress = prev
		return r
	}
	stg := state(
		route(`aws_route.to_hub["a"]`, "aws_route.to_hub[0]"),
		route(`aws_route.to_hub["b"]`, "aws_route.to_hub[1]"),
		route(`module.dns.aws_route53_resolver_rule.fwd`, "aws_route53_resolver_rule.fwd"),
	)
	prod := state(
		route("aws_route.to_hub[0]", ""),
		route("aws_route.to_hub[1]", ""),
		route("aws_route53_resolver_rule.fwd", ""),
	)
	rep, err := Compare(stg, prod, Rules{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("findings %+v, want none", summarize(rep))
	}
	// Without the previous addresses they are six one-sided objects.
	for i := range stg.Resources {
		stg.Resources[i].PreviousAddress = ""
	}
	rep, err = Compare(stg, prod, Rules{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 6 {
		t.Errorf("without previous addresses: %d findings, want 6", len(rep.Findings))
	}
}

// Data sources on one side only are not findings; data sources both sides
// read are compared.
func TestDataSourcesOnOneSide(t *testing.T) {
	t.Parallel()
	data := func(ami string) Resource {
		r := res("data.aws_ami.base", "aws_ami", map[string]Value{"name_regex": String(ami)})
		r.Mode = "data"
		return r
	}
	rep, err := Compare(state(), state(data("al2023-*")), Rules{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("one-sided data source: findings %+v", summarize(rep))
	}
	rep, err = Compare(state(data("al2-*")), state(data("al2023-*")), Rules{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "name_regex" {
		t.Errorf("data sources on both sides: findings %+v, want name_regex", summarize(rep))
	}
}

func TestEnvironmentWordOnOneSide(t *testing.T) {
	t.Parallel()
	tokens := newTokenReplacer(append(append([]string{}, DefaultStagingTokens...), DefaultProductionTokens...))
	tests := []struct {
		staging, production string
		equal               bool
	}{
		{"https://inventory-stg.lumenretail.eu/api", "https://inventory.lumenretail.eu/api", true},
		{"shop.staging.lumen.shop", "shop.lumen.shop", true},
		{"staging-data", "data", true},
		{"web_staging", "web_prod", true},
		{"https://inventory-stg.lumenretail.eu/api", "https://orders.lumenretail.eu/api", false},
		{"shop.staging.lumen.shop", "shop.lumen.com", false},
	}
	for _, tt := range tests {
		if got := tokens.Normalize(tt.staging) == tokens.Normalize(tt.production); got != tt.equal {
			t.Errorf("%q vs %q: equal %v, want %v (%q, %q)", tt.staging, tt.production, got, tt.equal, tokens.Normalize(tt.staging), tokens.Normalize(tt.production))
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"arn:aws:organizations::480215937766:organization/o-7k2m9q4x1c", "arn:aws:organizations::{account}:organization/{org-id}"},
		{"o-7k2m9q4x1c", "{org-id}"},
		{"ou-ab12-cd34ef56", "{org-id}"},
		{"go-pher-builder", "go-pher-builder"},
	} {
		if got := normalizeIdentityText(tt.in); got != tt.want {
			t.Errorf("normalizeIdentityText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A reference set in one environment only is drift (staging not encrypted
// with a customer-managed key); references set in both are not.
func TestReferenceSetOnOneSide(t *testing.T) {
	t.Parallel()
	stream := func(key string) Resource {
		return res("aws_kinesis_stream.events", "aws_kinesis_stream", map[string]Value{"kms_key_id": String(key)})
	}
	rep, err := Compare(state(stream("")), state(stream("arn:aws:kms:eu-west-1:702913845266:key/6454ab5a")), Rules{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "kms_key_id" || rep.Findings[0].Kind != FindingConfigDrift {
		t.Errorf("findings %+v, want kms_key_id", summarize(rep))
	}
	rep, err = Compare(state(stream("arn:aws:kms:eu-west-1:111111111111:key/aaaa")), state(stream("arn:aws:kms:eu-west-1:702913845266:key/6454ab5a")), Rules{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("two keys: findings %+v, want none", summarize(rep))
	}
}

func TestCredentialPlaceholdersAreNotSecrets(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"postgresql://{{username}}:{{password}}@db.internal:5432/app?sslmode=disable",
		"mysql://app:${DB_PASSWORD}@db:3306/app",
		"Server=db;User Id=app;Password={{password}}",
	} {
		if kind, ok := LooksSecret(s); ok {
			t.Errorf("LooksSecret(%q) = %s; a placeholder is not a credential", s, kind)
		}
	}
	for _, s := range []string{"postgresql://app:hunter2x@db:5432/app", "Server=db;Password=s3cr3t-Value"} {
		if _, ok := LooksSecret(s); !ok {
			t.Errorf("LooksSecret(%q) = false", s)
		}
	}
	if got := normalizeIdentityText("projects/p/alertPolicies/57002837894086138971/conditions/96331295647404037764"); got != "projects/p/alertPolicies/{id}/conditions/{id}" {
		t.Errorf("long numeric ids: %q", got)
	}
}
