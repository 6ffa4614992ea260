package rulesfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

func loc(line, column int) *parity.Location {
	return &parity.Location{File: "parity.hcl", Line: line, Column: column}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want parity.Rules
	}{
		{
			name: "empty file",
			src:  "",
			want: parity.Rules{},
		},
		{
			name: "ratio only",
			src:  "ratio = 0.5\n",
			want: parity.Rules{Ratio: 0.5},
		},
		{
			name: "ratio written as a string",
			src:  `ratio = "0.25"`,
			want: parity.Rules{Ratio: 0.25},
		},
		{
			name: "builtin rules off",
			src:  "builtin_rules = false\n",
			want: parity.Rules{NoBuiltin: true, BuiltinDeclared: true},
		},
		{
			name: "builtin rules on",
			src:  "builtin_rules = true\n",
			want: parity.Rules{BuiltinDeclared: true},
		},
		{
			name: "size rules",
			src: `size "instance_count" { rounding = "up" }
size "aws_db_instance.*.allocated_storage" {
  ratio   = 0.25
  minimum = "20"
}
size "node_count" { minimum = 2 }
size "module.app[\"eu\"].**.limits[\"cpu\"]" { rounding = "either" }
size "instance_type" {}
`,
			want: parity.Rules{Sizes: []parity.SizeRule{
				{Pattern: "instance_count", Rounding: parity.RoundingUp, Source: loc(1, 1)},
				{Pattern: "aws_db_instance.*.allocated_storage", Ratio: 0.25, Minimum: "20", Source: loc(2, 1)},
				{Pattern: "node_count", Minimum: "2", Source: loc(6, 1)},
				{Pattern: `module.app["eu"].**.limits["cpu"]`, Rounding: parity.RoundingEither, Source: loc(7, 1)},
				{Pattern: "instance_type", Source: loc(8, 1)},
			}},
		},
		{
			name: "ignore, config and secret rules",
			src: `ignore "alert_endpoints" { reason = "each environment pages its own team" }
  config "arn" {}
secret "db_password" { compare = "digest" }
`,
			want: parity.Rules{
				Ignores: []parity.IgnoreRule{{Pattern: "alert_endpoints", Reason: "each environment pages its own team", Source: loc(1, 1)}},
				Configs: []parity.ConfigRule{{Pattern: "arn", Source: loc(2, 3)}},
				Secrets: []parity.SecretRule{{Pattern: "db_password", Source: loc(3, 1)}},
			},
		},
		{
			name: "environment tokens",
			src: `environment_tokens {
  staging    = ["staging", "stg"]
  production = ["production", "prod"]
}`,
			want: parity.Rules{Tokens: parity.EnvironmentTokens{
				Staging:    []string{"staging", "stg"},
				Production: []string{"production", "prod"},
			}},
		},
		{
			name: "environment tokens, one side",
			src:  `environment_tokens { staging = ["qa"] }`,
			want: parity.Rules{Tokens: parity.EnvironmentTokens{Staging: []string{"qa"}}},
		},
		{
			name: "module pairs",
			src: `module_pair "module.staging_infrastructure" { production = "module.production_infrastructure" }
module_pair "module.app[\"staging\"].module.db" { production = "module.app[\"production\"].module.db" }
`,
			want: parity.Rules{ModulePairs: []parity.ModulePair{
				{Staging: "module.staging_infrastructure", Production: "module.production_infrastructure", Source: loc(1, 1)},
				{Staging: `module.app["staging"].module.db`, Production: `module.app["production"].module.db`, Source: loc(2, 1)},
			}},
		},
		{
			name: "resource blocks, identity and list rules, conditions",
			src: `resource "aws_ebs_volume" {
  size "iops" {
    minimum = 3000
    when    = { type = "gp3", "encrypted" = [true] }
  }
  identity "iops" {
    reason = "computed from the size"
    when   = { type = "gp2" }
  }
}
list "container.args" { order = "significant" }
list "env" {
  key = ["name"]
}
identity "dns_name" { reason = "assigned by the cloud" }
`,
			want: parity.Rules{
				Sizes: []parity.SizeRule{{Pattern: "iops", Minimum: "3000", Source: loc(2, 3), Scope: parity.Scope{
					ResourceType: "aws_ebs_volume",
					When: []parity.Condition{
						{Attribute: "encrypted", Values: []parity.Value{parity.Bool(true)}},
						{Attribute: "type", Values: []parity.Value{parity.String("gp3")}},
					}}}},
				Identities: []parity.IdentityRule{
					{Pattern: "iops", Reason: "computed from the size", Source: loc(6, 3), Scope: parity.Scope{
						ResourceType: "aws_ebs_volume",
						When:         []parity.Condition{{Attribute: "type", Values: []parity.Value{parity.String("gp2")}}}}},
					{Pattern: "dns_name", Reason: "assigned by the cloud", Source: loc(15, 1)},
				},
				Lists: []parity.ListRule{
					{Pattern: "container.args", Order: parity.ListOrderSignificant, Source: loc(11, 1)},
					{Pattern: "env", Key: []string{"name"}, Source: loc(12, 1)},
				},
			},
		},
		{
			name: "template without interpolation",
			src:  `ignore "x" { reason = "literal ${"text"}" }`,
			want: parity.Rules{Ignores: []parity.IgnoreRule{{Pattern: "x", Reason: "literal text", Source: loc(1, 1)}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, diags := rulesfile.Parse([]byte(tt.src), "parity.hcl")
			if diags.HasErrors() {
				t.Fatalf("Parse: %s", diags.Error())
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(parity.Value{})); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadSample(t *testing.T) {
	t.Parallel()
	path := filepath.Join("testdata", "parity.hcl")
	got, err := rulesfile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	at := func(line int) *parity.Location { return &parity.Location{File: path, Line: line, Column: 1} }
	want := parity.Rules{
		Ratio: 0.5,
		Sizes: []parity.SizeRule{
			{Pattern: "instance_count", Rounding: parity.RoundingUp, Source: at(5)},
			{Pattern: "aws_db_instance.*.allocated_storage", Ratio: 0.25, Minimum: "20", Source: at(9)},
			{Pattern: "settings.pools[*].max_connections", Rounding: parity.RoundingDown, Minimum: "5", Source: at(14)},
		},
		Ignores: []parity.IgnoreRule{
			{Pattern: "alert_endpoints", Reason: "each environment pages its own team", Source: at(19)},
			{Pattern: `tags["cost-center"]`, Reason: "finance tracks the environments separately", Source: at(23)},
		},
		Configs: []parity.ConfigRule{{Pattern: "aws_sns_topic.*.arn", Source: at(29)}},
		Secrets: []parity.SecretRule{{Pattern: "db_password", Source: at(31)}},
		Tokens: parity.EnvironmentTokens{
			Staging:    []string{"staging", "stg"},
			Production: []string{"production", "prod"},
		},
		ModulePairs:     []parity.ModulePair{{Staging: "module.staging_infrastructure", Production: "module.production_infrastructure", Source: at(40)}},
		BuiltinDeclared: true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "parity.hcl")
	if err := os.WriteFile(path, []byte("ratio = 0.5\nsize \"a..b\" {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := rulesfile.Load(path)
	want := path + `:2:6: Invalid pattern: The size rule's pattern is not valid: pattern "a..b" has an empty step at character 3; steps are separated by single dots.`
	if err == nil || err.Error() != want {
		t.Errorf("Load error:\n got %v\nwant %s", err, want)
	}

	_, err = rulesfile.Load(filepath.Join(dir, "missing.hcl"))
	if err == nil || !strings.HasPrefix(err.Error(), "reading rules file: ") {
		t.Errorf("Load of a missing file: got %v", err)
	}
}

// TestLoadBounded checks that a rules file is read only when it is a
// regular file under the size cap and not nested too deep, and that each
// refusal names the file, without blocking on a FIFO.
func TestLoadBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.hcl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.hcl")
	if err := os.WriteFile(big, []byte("ratio = 0.5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(dir, "deep.hcl")
	if err := os.WriteFile(deep, []byte("ratio = "+strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		path  string
		limit int64
		want  string
	}{
		{"/dev/zero", "/dev/zero", rulesfile.MaxFileSize, "/dev/zero: not a regular file (a character device)"},
		{"a FIFO", fifo, rulesfile.MaxFileSize, fifo + ": not a regular file (a named pipe)"},
		{"over the cap", big, 8, big + ": 12B is larger than the rules file limit of 8B"},
		{"nested 100,000 deep", deep, rulesfile.MaxFileSize, deep + ":1:1008: Nested too deeply: The rules file nests more than 1000 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			go func() {
				_, err := rulesfile.LoadLimited(tt.path, tt.limit)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v, want %q", err, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("LoadLimited did not return")
			}
		})
	}
}
