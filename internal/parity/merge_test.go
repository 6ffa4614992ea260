package parity_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestRulesMerge(t *testing.T) {
	t.Parallel()
	base := parity.Rules{
		Ratio:       0.5,
		Sizes:       []parity.SizeRule{{Pattern: "base_size"}},
		Ignores:     []parity.IgnoreRule{{Pattern: "base_ignore", Reason: "r"}},
		Identities:  []parity.IdentityRule{{Pattern: "base_identity", Reason: "r"}},
		Lists:       []parity.ListRule{{Pattern: "base_list", Order: parity.ListOrderSignificant}},
		Tokens:      parity.EnvironmentTokens{Staging: []string{"stg"}},
		ModulePairs: []parity.ModulePair{{Staging: "module.a", Production: "module.b"}},
	}
	tests := []struct {
		name string
		base parity.Rules
		over parity.Rules
		want parity.Rules
	}{
		{
			name: "empty over keeps everything",
			base: base,
			over: parity.Rules{},
			want: base,
		},
		{
			name: "over's ratio and tokens win; its rules come first",
			base: base,
			over: parity.Rules{
				Ratio:      0.25,
				Sizes:      []parity.SizeRule{{Pattern: "over_size"}},
				Identities: []parity.IdentityRule{{Pattern: "over_identity", Reason: "r"}},
				Lists:      []parity.ListRule{{Pattern: "over_list", Key: []string{"name"}}},
				Tokens:     parity.EnvironmentTokens{Production: []string{"live"}},
			},
			want: parity.Rules{
				Ratio:       0.25,
				Sizes:       []parity.SizeRule{{Pattern: "over_size"}, {Pattern: "base_size"}},
				Ignores:     []parity.IgnoreRule{{Pattern: "base_ignore", Reason: "r"}},
				Identities:  []parity.IdentityRule{{Pattern: "over_identity", Reason: "r"}, {Pattern: "base_identity", Reason: "r"}},
				Lists:       []parity.ListRule{{Pattern: "over_list", Key: []string{"name"}}, {Pattern: "base_list", Order: parity.ListOrderSignificant}},
				Tokens:      parity.EnvironmentTokens{Staging: []string{"stg"}, Production: []string{"live"}},
				ModulePairs: []parity.ModulePair{{Staging: "module.a", Production: "module.b"}},
			},
		},
		{
			// The documented precedence: a resource's builtin_rules = true
			// switches back on what its rules file switched off.
			name: "declared builtin_rules = true overrides a declared false",
			base: parity.Rules{NoBuiltin: true, BuiltinDeclared: true},
			over: parity.Rules{NoBuiltin: false, BuiltinDeclared: true},
			want: parity.Rules{NoBuiltin: false, BuiltinDeclared: true},
		},
		{
			name: "declared false overrides a declared true",
			base: parity.Rules{BuiltinDeclared: true},
			over: parity.Rules{NoBuiltin: true, BuiltinDeclared: true},
			want: parity.Rules{NoBuiltin: true, BuiltinDeclared: true},
		},
		{
			name: "an undeclared over keeps the base's declaration",
			base: parity.Rules{NoBuiltin: true, BuiltinDeclared: true},
			over: parity.Rules{},
			want: parity.Rules{NoBuiltin: true, BuiltinDeclared: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.base.Merge(tt.over)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Merge mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
