package parity_test

import (
	"regexp"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestBuiltinKnowledge(t *testing.T) {
	t.Parallel()
	resourceType := regexp.MustCompile(`^(aws|google|azurerm|kubernetes)_[a-z0-9_]+$`)
	counts := map[parity.AttributeClass]int{}
	type key struct{ resourceType, pattern string }
	seen := map[key]bool{}
	genericSeen := false
	for _, e := range parity.BuiltinKnowledge {
		counts[e.Class]++
		k := key{e.ResourceType, e.Pattern}
		if seen[k] {
			t.Errorf("duplicate entry %q %q", e.ResourceType, e.Pattern)
		}
		seen[k] = true
		if _, err := parity.CompilePattern(e.Pattern); err != nil {
			t.Errorf("entry %q %q: %v", e.ResourceType, e.Pattern, err)
		}
		if _, err := parity.CompilePattern(e.Pattern); err != nil {
			t.Errorf("entry %q %q does not compile: %v", e.ResourceType, e.Pattern, err)
		}
		if e.ResourceType != "" && !resourceType.MatchString(e.ResourceType) {
			t.Errorf("entry %q %q: resource type is not an aws, google, azurerm or kubernetes type", e.ResourceType, e.Pattern)
		}
		if e.Class == parity.ClassIdentity && e.Note == "" {
			t.Errorf("identity entry %q %q has no note; reports show it as the reason the path is not compared", e.ResourceType, e.Pattern)
		}
		// Most specific first: every type entry before the generic ones.
		if e.ResourceType == "" {
			genericSeen = true
		} else if genericSeen {
			t.Errorf("entry %q %q follows generic entries; list type entries first", e.ResourceType, e.Pattern)
		}
	}
	if counts[parity.ClassSize] < 25 {
		t.Errorf("%d size entries, want at least 25", counts[parity.ClassSize])
	}
	if counts[parity.ClassIdentity] == 0 {
		t.Error("no identity entries")
	}

	// The attributes the design names must be known as sizes everywhere.
	for _, name := range []string{
		"instance_type", "instance_class", "node_type", "machine_type", "size", "sku", "vm_size",
		"instance_count", "desired_capacity", "min_size", "max_size", "desired_count",
		"replicas", "node_count", "allocated_storage", "memory_size", "num_cache_nodes",
	} {
		if !seen[key{"", name}] {
			t.Errorf("generic size %q is missing", name)
		}
	}
}

func TestAttributeClassString(t *testing.T) {
	t.Parallel()
	for class, want := range map[parity.AttributeClass]string{
		parity.ClassConfig: "config", parity.ClassSize: "size", parity.ClassIdentity: "identity",
	} {
		if got := class.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", class, got, want)
		}
	}
}
