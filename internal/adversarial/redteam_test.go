package adversarial

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHugeNumbersWithinBounds gives the CLI numbers whose text is short
// but whose value is not (1e999999 has a million digits), and numbers with
// a million digits written out. Exact arithmetic on them took minutes and
// gigabytes: 200 copies of 1e999999 in a 2 KB list ran out the clock at
// 60 s with 470 MB, one 1e999999 against 3e999999 as a size took 108 s,
// and a count of a million digits more than 30 s. Each run must finish
// within the bounds, compare the values (they differ, so the report is
// drift, exit 1) and hash them.
func TestHugeNumbersWithinBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	digits := strings.Repeat("7", 1_000_000)
	many := strings.Repeat("1e999999,", 199) + "1e999999"
	cases := []struct {
		name                string
		staging, production string
	}{
		{"200 numbers of a million digits each by their exponent", `{"xs":[` + many + `]}`, `{"xs":[1]}`},
		{"a size of a million digits by its exponent", `{"instance_count":1e999999}`, `{"instance_count":3e999999}`},
		{"a tiny size by its exponent", `{"instance_count":1e-999999}`, `{"instance_count":3e-999999}`},
		{"a count of a million digits", `{"instance_count":` + digits + `}`, `{"instance_count":3}`},
		{"a fraction of a million digits", `{"instance_count":0.` + digits + `}`, `{"instance_count":0.5}`},
		{"a quantity of a million digits", `{"memory":"` + digits + `Gi"}`, `{"memory":"3Gi"}`},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stg := writeFile(t, dir, "staging-"+itoa(int64(i))+".json", state(tc.staging))
			prod := writeFile(t, dir, "production-"+itoa(int64(i))+".json", state(tc.production))
			o := runBounded(t, dir, nil, "check", "--rules=", "--ratio", "0.5", "--format", "json", stg, prod)
			if o.code != 1 || !strings.Contains(o.stdout, `"kind": "config_drift"`) {
				t.Errorf("check: exit %d, want 1 with a config_drift finding\nstdout: %.1500s\nstderr: %.1500s", o.code, o.stdout, o.stderr)
			}
			t.Logf("check: %v, %d MB", o.elapsed.Round(time.Millisecond), o.maxRSS>>20)
			o = runBounded(t, dir, nil, "hash", stg)
			if o.code != 0 || !strings.HasPrefix(o.stdout, "sha256:") {
				t.Errorf("hash: exit %d\nstdout: %.500s\nstderr: %.1500s", o.code, o.stdout, o.stderr)
			}
			t.Logf("hash: %v, %d MB", o.elapsed.Round(time.Millisecond), o.maxRSS>>20)
		})
	}
}

// TestReportsNeverOverwriteTheSchemaFile points a report and the baseline
// at the --schema file, which the check reads: before, the report replaced
// it with exit code 1 and no message.
func TestReportsNeverOverwriteTheSchemaFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stg := writeFile(t, dir, "staging.json", state(`{"instance_type":"t3.large","monitoring":true}`))
	prod := writeFile(t, dir, "production.json", state(`{"instance_type":"t3.xlarge","monitoring":false}`))
	schema := writeFile(t, dir, "schema.json", []byte(`{"format_version":"1.0","provider_schemas":{}}`))
	link := filepath.Join(dir, "link-to-schema.json")
	if err := os.Symlink(schema, link); err != nil {
		t.Fatal(err)
	}
	inputs := takeSnapshot(t, stg, prod, schema)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"a report", []string{"--format", "json=" + schema}, "--format json=" + schema + ": " + schema + " is the schema file"},
		{"a report through a link", []string{"--format", "sarif=" + link}, "--format sarif=" + link + ": " + link + " is the same file as the schema file " + schema},
		{"the baseline", []string{"--write-baseline", schema}, "--write-baseline " + schema + ": " + schema + " is the schema file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"check", "--rules=", "--ratio", "0.5", "--schema", schema}, tc.args...)
			o := runBounded(t, dir, nil, append(args, stg, prod)...)
			if o.code != 2 || !strings.Contains(o.stderr, tc.want) || !strings.Contains(o.stderr, "never overwrites an input") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", o.code, o.stderr, tc.want)
			}
		})
	}
	t.Cleanup(func() { inputs.assertUnchanged(t) })
}

// TestHugeNumbersInConfigurationAreRefused gives 1e999999 where a cty
// number carries it, in a directory of .tf files read by the CLI: 50 of
// them took 16 s and 450 MB, each written out as a million digits. It is
// refused, naming the file, line and attribute.
func TestHugeNumbersInConfigurationAreRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	many := strings.Repeat("1e999999,", 199) + "1e999999"
	stg := filepath.Join(dir, "staging")
	main := writeFile(t, stg, "main.tf", []byte("resource \"aws_instance\" \"web\" {\n  xs = ["+many+"]\n}\n"))
	prod := filepath.Join(dir, "production")
	writeFile(t, prod, "main.tf", []byte("resource \"aws_instance\" \"web\" {\n  xs = [1]\n}\n"))
	o := runBounded(t, dir, nil, "check", "--rules=", stg, prod)
	if want := main + ":2: xs: a number beyond 10^±1000"; o.code != 2 || !strings.Contains(o.stderr, want) {
		t.Errorf("exit %d, stderr:\n%.1500s\nwant exit 2 and %q", o.code, o.stderr, want)
	}
	t.Logf("%v, %d MB", o.elapsed.Round(time.Millisecond), o.maxRSS>>20)
}

// TestProviderHugeNumbersAreRefused gives parity_check the same number
// through jsondecode. Terraform itself spends about 20 s on one such value
// (and more than 10 minutes on 200), so the test uses one; the provider
// refuses it like the CLI instead of writing a million digits (most of a
// second per value) and comparing them.
func TestProviderHugeNumbersAreRefused(t *testing.T) {
	requireTerraform(t)
	many := "1e999999"
	planWithin(t, `
resource "parity_check" "web" {
  staging    = { xs = jsondecode("[`+many+`]") }
  production = { xs = [1] }
}
`, regexp.MustCompile(`(?s)beyond\s+10\^±1000`), 2*time.Minute)
}

// TestSecretsAfterTheirNameInTextNeverPrinted plants secrets in a script
// or a line of text in the forms key=value misses: a command-line flag and
// its argument, a key, a colon and the value, an Authorization header,
// JSON written by a shell line. The strings differ between environments
// (a word on the secret's line changed), so a finding is reported; before,
// every format printed the planted string in full. A YAML document with a
// password keeps being compared: its other settings still report drift.
func TestSecretsAfterTheirNameInTextNeverPrinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const planted = "planted-7c21e0"
	cases := []struct{ name, text string }{
		{"a flag and its argument", `#!/bin/bash` + "\n" + `mysql --password ` + planted + ` -h db.internal`},
		{"a key, a colon and the value", `password: ` + planted},
		{"an Authorization header", `curl -sf -H "Authorization: Bearer ` + planted + `" https://api.internal/health`},
		{"an escaped Authorization header", `curl -H \"Authorization: Basic ` + planted + `\" x`},
		{"JSON written by a shell line", `echo {"api_token": "` + planted + `"} > /etc/app.json`},
	}
	formats := []string{"text", "json", "sarif", "github", "junit", "markdown"}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := func(env string) []byte {
				b, err := json.Marshal(map[string]string{"user_data": tc.text + " # " + env})
				if err != nil {
					t.Fatal(err)
				}
				return state(string(b))
			}
			stg := writeFile(t, dir, "staging-"+itoa(int64(i))+".json", doc("a"))
			prod := writeFile(t, dir, "production-"+itoa(int64(i))+".json", doc("b"))
			for _, f := range formats {
				o := runBounded(t, dir, nil, "check", "--rules=", "--format", f, stg, prod)
				if o.code != 0 && o.code != 1 {
					t.Errorf("%s: exit %d\nstderr: %.1500s", f, o.code, o.stderr)
				}
				if strings.Contains(o.stdout+o.stderr, planted) {
					t.Errorf("%s: the planted secret was printed:\n%.2000s", f, o.stdout+o.stderr)
				}
			}
			o := runBounded(t, dir, nil, "baseline", "--rules=", stg, prod)
			if strings.Contains(o.stdout+o.stderr, planted) {
				t.Errorf("baseline: the planted secret was printed:\n%.2000s", o.stdout+o.stderr)
			}
		})
	}
	t.Run("a YAML document is still compared", func(t *testing.T) {
		t.Parallel()
		doc := func(replicas int) []byte {
			return state(`{"data":{"application.yaml":"replicas_mode: mode` + itoa(int64(replicas)) + `\npassword: ` + planted + `\n"}}`)
		}
		stg := writeFile(t, dir, "staging-yaml.json", doc(1))
		prod := writeFile(t, dir, "production-yaml.json", doc(2))
		o := runBounded(t, dir, nil, "check", "--rules=", "--format", "json", stg, prod)
		if o.code != 1 || !strings.Contains(o.stdout, "replicas_mode") {
			t.Errorf("exit %d, want 1 with a finding at replicas_mode\nstdout: %.2000s\nstderr: %.1500s", o.code, o.stdout, o.stderr)
		}
		if strings.Contains(o.stdout+o.stderr, planted) {
			t.Errorf("the planted secret was printed:\n%.2000s", o.stdout)
		}
	})
}

// TestSecretsInMapKeysNeverPrinted plants credentials as map keys (a map
// keyed by access keys, a tag key holding a connection string): the path
// of a finding is printed in every format and in the baseline whatever
// the redaction mode, and before it held the key in full. The keys are
// written ["(sensitive)"], and the baseline still accepts every finding.
func TestSecretsInMapKeysNeverPrinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const (
		stgKey  = "AKIAQ3EGPLANTED7STG1"
		prodKey = "AKIAQ3EGPLANTED7PRD2"
		connKey = "Password=plantedconn9f;Server=db"
	)
	values := func(key, name string) string {
		return `{"tags":{"` + key + `":"x","` + connKey + `":"y","Name":"` + name + `"},"nested":{"list":[{"` + key + `":1}]}}`
	}
	stg := writeFile(t, dir, "staging.json", state(values(stgKey, "a")))
	prod := writeFile(t, dir, "production.json", state(values(prodKey, "b")))
	planted := []string{"PLANTED7", "plantedconn"}
	check := func(t *testing.T, what, out string) {
		t.Helper()
		for _, p := range planted {
			if strings.Contains(out, p) {
				t.Errorf("%s printed a planted key:\n%.2000s", what, out)
			}
		}
	}
	for _, f := range []string{"text", "json", "sarif", "github", "junit", "markdown"} {
		o := runBounded(t, dir, nil, "check", "--rules=", "--format", f, stg, prod)
		if o.code != 1 {
			t.Errorf("%s: exit %d, want 1\nstderr: %.1500s", f, o.code, o.stderr)
		}
		check(t, f, o.stdout+o.stderr)
	}
	o := runBounded(t, dir, nil, "baseline", "--rules=", stg, prod)
	if o.code != 0 {
		t.Errorf("baseline: exit %d\nstderr: %.1500s", o.code, o.stderr)
	}
	check(t, "baseline", o.stdout+o.stderr)
	written := filepath.Join(dir, "baseline.hcl")
	o = runBounded(t, dir, nil, "check", "--rules=", "--write-baseline", written, "--format", "text", stg, prod)
	check(t, "check --write-baseline", o.stdout+o.stderr)
	b, err := os.ReadFile(written)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "the written baseline", string(b))
	o = runBounded(t, dir, nil, "check", "--rules", written, stg, prod)
	if o.code != 0 {
		t.Errorf("check with the written baseline: exit %d, want 0\nstdout: %.1500s\nstderr: %.1500s", o.code, o.stdout, o.stderr)
	}
}

// TestSecretsInNameValuePairsNeverPrinted plants secrets the way container
// definitions carry them: a list of {name, value} pairs whose name says
// secret (Kubernetes env, ECS environment inside the container_definitions
// JSON document), and the argument of a flag in args or command
// ["--password", …]. The secret's own name is just "value", or it has none,
// so before, every format printed it and the published hash covered it;
// the other settings are still compared.
func TestSecretsInNameValuePairsNeverPrinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const planted = "planted-5d83ab"
	env := func(side string) string {
		return `[{"name":"DB_PASSWORD","value":"` + planted + side + `"},{"name":"MODE","value":"mode-` + side + `"}]`
	}
	doc := func(side string) string {
		b, err := json.Marshal(`[{"name":"app","command":["serve","--api-token","` + planted + side + `"],` +
			`"environment":[{"name":"API_TOKEN","value":"` + planted + side + `"},{"name":"MODE","value":"mode-` + side + `"}]}]`)
		if err != nil {
			t.Fatal(err)
		}
		return `{"env":` + env(side) + `,"args":["--password","` + planted + side + `","--mode","mode-` + side + `"],"container_definitions":` + string(b) + `}`
	}
	stg := writeFile(t, dir, "staging.json", state(doc("a")))
	prod := writeFile(t, dir, "production.json", state(doc("b")))
	for _, f := range []string{"text", "json", "sarif", "github", "junit", "markdown"} {
		o := runBounded(t, dir, nil, "check", "--rules=", "--format", f, stg, prod)
		if o.code != 1 || !strings.Contains(o.stdout, "mode-a") {
			t.Errorf("%s: exit %d, want 1 with the MODE pairs reported\nstdout: %.2000s\nstderr: %.1500s", f, o.code, o.stdout, o.stderr)
		}
		if strings.Contains(o.stdout+o.stderr, planted) {
			t.Errorf("%s printed a planted secret:\n%.2000s", f, o.stdout+o.stderr)
		}
	}
	o := runBounded(t, dir, nil, "baseline", "--rules=", stg, prod)
	if strings.Contains(o.stdout+o.stderr, planted) {
		t.Errorf("baseline printed a planted secret:\n%.2000s", o.stdout+o.stderr)
	}
	// The published hash leaves the secrets out: another secret, the same
	// hash (over a short secret, a hash would let anyone test guesses).
	other := writeFile(t, dir, "staging-other-secrets.json", []byte(strings.ReplaceAll(string(state(doc("a"))), planted+"a", "0000")))
	h1 := runBounded(t, dir, nil, "hash", stg)
	h2 := runBounded(t, dir, nil, "hash", other)
	if h1.code != 0 || h1.stdout != h2.stdout {
		t.Errorf("the hash depends on the secrets: exit %d, %q against %q\nstderr: %.500s", h1.code, h1.stdout, h2.stdout, h1.stderr)
	}
}
