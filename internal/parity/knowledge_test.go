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
	resourceType := regexp.MustCompile(`^(aws|google|azurerm|kubernetes)_[a-z0-9_]+$`)
	type key struct{ resourceType, pattern, when string }
	seen := map[key]string{}
	check := func(kind, pattern string, scope parity.Scope) {
		k := key{scope.ResourceType, pattern, fmt.Sprint(scope.When)}
		if first, dup := seen[k]; dup {
			t.Errorf("%s %q %q is declared twice (first as %s)", kind, scope.ResourceType, pattern, first)
		}
		seen[k] = kind
		if scope.ResourceType != "" && !resourceType.MatchString(scope.ResourceType) {
			t.Errorf("%s %q %q: resource type is not an aws, google, azurerm or kubernetes type", kind, scope.ResourceType, pattern)
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

func TestIsSecretName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		// Names that hold secrets.
		{"password", true},
		{"db_password", true},
		{"master_password", true},
		{"Password", true},
		{"dbPassword", true},
		{"passwd", true},
		{"admin_passphrase", true},
		{"secret", true},
		{"client_secret", true},
		{"clientSecret", true},
		{"secret_string", true},
		{"secret_access_key", true},
		{"token", true},
		{"auth_token", true},
		{"sas_token", true},
		{"private_key", true},
		{"private_key_pem", true},
		{"privateKey", true},
		{"api_key", true},
		{"x-api-key", true},
		{"APIKey", true},
		{"apikey", true},
		{"access_key", true},
		{"primary_access_key", true},
		{"client_key", true},
		{"credentials", true},
		{"credentials_json", true},
		{"connection_string", true},
		{"primary_connection_string", true},
		{"password_wo", true},
		{"settings.db[0].password", true},
		{`tags["db_password"]`, true},
		{"auth.tokens[0]", true},

		// Names that describe a secret: compared as configuration.
		{"password_length", false},
		{"min_password_length", false},
		{"token_ttl", false},
		{"token_expiry_seconds", false},
		{"secret_arn", false},
		{"secret_id", false},
		{"secret_name", false},
		{"access_key_id", false},
		{"aws_access_key_id", false},
		{"private_key_id", false},
		{"private_key_type", false},
		{"password_policy", false},
		{"password_wo_version", false},
		{"password_reset_required", false},
		{"api_key_required", false},
		{"api_key_source", false},
		{"auth_token_update_strategy", false},
		{"secret_key_ref", false},
		{"credentials_file", false},
		{"token_url", false},
		{"secret_status", false},
		{"secrets_enabled", false},
		{"manage_master_user_password", false},
		{"generate_secret", false},
		{"allow_users_to_change_password", false},

		// Unrelated names.
		{"", false},
		{"instance_type", false},
		{"hash_key", false},
		{"public_key", false},
		{"kms_key_id", false},
		{"tokenizer", false},
		{"passwordless_login", false},
		{"key", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parity.IsSecretName(tt.name); got != tt.want {
				t.Errorf("IsSecretName(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}
