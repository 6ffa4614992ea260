package runtask

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "web.hcl"), "ratio = 0.25\nsize \"instance_count\" {\n  rounding = \"up\"\n}\n")
	path := filepath.Join(dir, "run-task.hcl")
	writeFile(t, path, `
address      = "https://tfe.example.com"
organization = "acme"
token_env    = "PARITY_TFE_TOKEN"
hmac_key_env = "PARITY_HMAC"
report_url   = "https://wiki.example.com/parity/{workspace}"
workers      = 4
queue_size   = 100
timeout      = "5m"
unmatched_workspaces = "fail"

pair "web" {
  staging    { workspace = "web-staging" }
  production { workspace = "web-production" }
  rules_file = "web.hcl"
  ratio      = 0.5
  environment_tokens {
    staging    = ["stg"]
    production = ["prd"]
  }
}

pair "services" {
  staging    { workspace_pattern = "*-staging" }
  production { tags = ["env:production", "tier:1"] }
}
`)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Address, Org, TokenEnv, HMACEnv, Report, Unmatched string
		Workers, Queue                                     int
		Timeout, Shutdown                                  time.Duration
		Pairs                                              []string
		WebRatio                                           float64
		WebSizes                                           int
		WebTokens                                          []string
		ServicesTags                                       []string
	}
	got := summary{
		Address: cfg.Address.String(), Org: cfg.Organization, TokenEnv: cfg.TokenEnv, HMACEnv: cfg.HMACKeyEnv,
		Report: cfg.ReportURL, Unmatched: cfg.Unmatched, Workers: cfg.Workers, Queue: cfg.QueueSize,
		Timeout: cfg.Timeout, Shutdown: cfg.ShutdownTimeout,
		WebRatio: cfg.Pairs[0].Rules.Ratio, WebSizes: len(cfg.Pairs[0].Rules.Sizes),
		WebTokens:    append(cfg.Pairs[0].Rules.Tokens.Staging, cfg.Pairs[0].Rules.Tokens.Production...),
		ServicesTags: cfg.Pairs[1].Production.Tags,
	}
	for _, p := range cfg.Pairs {
		got.Pairs = append(got.Pairs, p.Name+": "+p.Staging.String()+" / "+p.Production.String())
	}
	want := summary{
		Address: "https://tfe.example.com", Org: "acme", TokenEnv: "PARITY_TFE_TOKEN", HMACEnv: "PARITY_HMAC",
		Report: "https://wiki.example.com/parity/{workspace}", Unmatched: "fail", Workers: 4, Queue: 100,
		Timeout: 5 * time.Minute, Shutdown: 6 * time.Minute,
		Pairs: []string{
			`web: workspace "web-staging" / workspace "web-production"`,
			`services: workspaces matching "*-staging" / workspaces tagged "env:production", "tier:1"`,
		},
		WebRatio: 0.5, WebSizes: 1, WebTokens: []string{"stg", "prd"},
		ServicesTags: []string{"env:production", "tier:1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := ParseConfig([]byte("address = \"https://tfe.example.com\"\norganization = \"acme\"\npair \"p\" {\n  staging { workspace = \"a-staging\" }\n  production { workspace = \"a-production\" }\n}\n"), "defaults.hcl")
	if err != nil {
		t.Fatal(err)
	}
	got := []any{cfg.Address.String(), cfg.TokenEnv, cfg.HMACKeyEnv, cfg.Workers, cfg.QueueSize, cfg.Timeout, cfg.Unmatched}
	want := []any{"https://tfe.example.com", DefaultTokenEnv, DefaultHMACKeyEnv, DefaultWorkers, DefaultQueueSize, DefaultTimeout, UnmatchedPass}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	const pair = "pair \"p\" {\n  staging { workspace = \"a-staging\" }\n  production { workspace = \"a-production\" }\n}\n"
	for _, tc := range []struct{ name, src, want string }{
		{"no organization", pair, `run-task.hcl:1:1: Missing required argument: The argument "organization" is required`},
		{"unknown argument", "organization = \"acme\"\nhmac_key = \"s3cret\"\n" + pair, `run-task.hcl:2:1: Unsupported argument: An argument named "hmac_key" is not expected here.`},
		{"no address", "organization = \"acme\"\n" + pair, `run-task.hcl: address is required: the origin of HCP Terraform or of your Terraform Enterprise, such as "https://tfe.example.com"`},
		{"plain http", "address = \"http://tfe.example.com\"\norganization = \"acme\"\n" + pair, "run-task.hcl:1:1: address \"http://tfe.example.com\" uses http"},
		{"address with path", "address = \"https://tfe.example.com/api\"\norganization = \"acme\"\n" + pair, "must be a scheme and host only"},
		{"token in token_env", "organization = \"acme\"\ntoken_env = \"abc.atlasv1.xyz\"\n" + pair, "run-task.hcl:2:1: token_env \"abc.atlasv1.xyz\" is not an environment variable name"},
		{"timeout too long", "organization = \"acme\"\ntimeout = \"15m\"\n" + pair, "run-task.hcl:2:1: timeout is 15m0s; it must be between 1s and 9m0s"},
		{"bad timeout", "organization = \"acme\"\ntimeout = \"soon\"\n" + pair, `timeout "soon" is not a duration`},
		{"workers", "organization = \"acme\"\nworkers = 0\n" + pair, "workers is 0"},
		{"unmatched", "organization = \"acme\"\nunmatched_workspaces = \"skip\"\n" + pair, `unmatched_workspaces is "skip"`},
		{"no pair", "organization = \"acme\"\n", "run-task.hcl: no pair block"},
		{"duplicate pair", "organization = \"acme\"\n" + pair + pair, `run-task.hcl:6:1: pair "p" is declared twice (first at run-task.hcl:2:1)`},
		{"no production", "organization = \"acme\"\npair \"p\" {\n  staging { workspace = \"a\" }\n}\n", `run-task.hcl:2:1: pair "p" has no production block`},
		{"two selectors", "organization = \"acme\"\npair \"p\" {\n  staging {\n    workspace = \"a\"\n    tags = [\"x\"]\n  }\n  production { workspace = \"b\" }\n}\n", `run-task.hcl:3:3: pair "p": the staging block needs exactly one of workspace, workspace_pattern and tags; it has 2`},
		{"pattern without star", "organization = \"acme\"\npair \"p\" {\n  staging { workspace_pattern = \"a\" }\n  production { workspace = \"b\" }\n}\n", "has no `*`"},
		{"same sides", "organization = \"acme\"\npair \"p\" {\n  staging { workspace = \"a\" }\n  production { workspace = \"a\" }\n}\n", "selects the same workspace"},
		{"bad ratio", "organization = \"acme\"\npair \"p\" {\n  staging { workspace = \"a\" }\n  production { workspace = \"b\" }\n  ratio = 0\n}\n", "ratio is 0; it must be greater than 0"},
		{"missing rules file", "organization = \"acme\"\npair \"p\" {\n  staging { workspace = \"a\" }\n  production { workspace = \"b\" }\n  rules_file = \"nope.hcl\"\n}\n", `pair "p": rules_file`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "run-task.hcl")
			writeFile(t, path, tc.src)
			_, err := LoadConfig(path)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			msg := strings.ReplaceAll(err.Error(), dir+string(os.PathSeparator), "")
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error:\n%s\nwant it to contain:\n%s", msg, tc.want)
			}
			if strings.Contains(msg, "s3cret") {
				t.Errorf("the error repeats a value that looks like a secret: %s", msg)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	t.Parallel()
	_, err := LoadConfig(filepath.Join(t.TempDir(), "absent.hcl"))
	if err == nil || !strings.Contains(err.Error(), "absent.hcl: cannot read the run task configuration: no such file or directory") {
		t.Errorf("error %v", err)
	}
}
