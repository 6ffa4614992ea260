package tfinput

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A plan's moved objects carry the address they move from
// (resource_changes[].previous_address), read through the pruned file
// decoder as through decoded documents.
func TestPlanPreviousAddress(t *testing.T) {
	t.Parallel()
	plan := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.dns", "resources": [
    {"address": "module.dns.aws_route53_resolver_rule.fwd", "mode": "managed", "type": "aws_route53_resolver_rule", "name": "fwd", "values": {"domain_name": "corp.example"}}
  ]}], "resources": [
    {"address": "aws_route.to_hub[\"a\"]", "mode": "managed", "type": "aws_route", "name": "to_hub", "index": "a", "values": {"destination_cidr_block": "10.0.0.0/8"}}
  ]}},
  "resource_changes": [
    {"address": "module.dns.aws_route53_resolver_rule.fwd", "previous_address": "aws_route53_resolver_rule.fwd", "change": {"actions": ["no-op"], "after_unknown": {}}},
    {"address": "aws_route.to_hub[\"a\"]", "previous_address": "aws_route.to_hub[0]", "change": {"actions": ["no-op"], "after_unknown": {}}}
  ]
}`
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	env, err := Load(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range env.Resources {
		got[r.Address] = r.PreviousAddress
	}
	want := map[string]string{
		"module.dns.aws_route53_resolver_rule.fwd": "aws_route53_resolver_rule.fwd",
		`aws_route.to_hub["a"]`:                    "aws_route.to_hub[0]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("previous addresses (-want +got):\n%s", diff)
	}
}
