package parity_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestBuiltinKnowledge(t *testing.T) {
	t.Parallel()
	rules, err := parity.BuiltinRules()
	if err != nil {
		t.Fatal(err)
	}
	resourceType := regexp.MustCompile(`^(aws|google|azurerm|kubernetes|helm|time|tls|random|snowflake|mongodbatlas|confluent|github|okta|grafana|auth0)_[a-z0-9_]+$`)
	type key struct{ resourceType, pattern, when string }
	seen := map[key]string{}
	check := func(kind, pattern string, scope parity.Scope) {
		k := key{scope.ResourceType, pattern, fmt.Sprint(scope.When)}
		if first, dup := seen[k]; dup {
			t.Errorf("%s %q %q is declared twice (first as %s)", kind, scope.ResourceType, pattern, first)
		}
		seen[k] = kind
		if scope.ResourceType != "" && !resourceType.MatchString(scope.ResourceType) {
			t.Errorf("%s %q %q: resource type is not a type of a provider the knowledge base covers", kind, scope.ResourceType, pattern)
		}
	}
	genericSizes := map[string]bool{}
	for _, r := range rules.Sizes {
		check("size", r.Pattern, r.Scope)
		if r.ResourceType == "" {
			genericSizes[r.Pattern] = true
		}
	}
	for _, r := range rules.Identities {
		check("identity", r.Pattern, r.Scope)
	}
	for _, r := range rules.Configs {
		check("config", r.Pattern, r.Scope)
	}
	if len(rules.Sizes) < 25 {
		t.Errorf("%d size entries, want at least 25", len(rules.Sizes))
	}
	if len(rules.Identities) == 0 {
		t.Error("no identity entries")
	}
	// The attributes the design names must be known as sizes everywhere.
	for _, name := range []string{
		"instance_type", "instance_class", "node_type", "machine_type", "size", "sku", "vm_size",
		"instance_count", "desired_capacity", "min_size", "max_size", "desired_count",
		"replicas", "node_count", "allocated_storage", "memory_size", "num_cache_nodes",
	} {
		if !genericSizes[name] {
			t.Errorf("generic size %q is missing", name)
		}
	}
}

// The knowledge files are read by people (parity rules --builtin): they stay
// formatted the way terraform fmt formats HCL.
func TestBuiltinKnowledgeFormatted(t *testing.T) {
	t.Parallel()
	files := parity.BuiltinKnowledgeFiles()
	if len(files) < 5 {
		t.Fatalf("%d knowledge files, want one per provider and generic.hcl", len(files))
	}
	if files[len(files)-1].Name != "generic.hcl" {
		t.Errorf("generic.hcl must be read last, got %s", files[len(files)-1].Name)
	}
	for _, f := range files {
		if got := string(hclwrite.Format([]byte(f.Source))); got != f.Source {
			t.Errorf("%s is not formatted:\n%s", f.Name, cmp.Diff(f.Source, got))
		}
	}
}
