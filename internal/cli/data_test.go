package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

func TestDataUsageErrors(t *testing.T) {
	t.Parallel()
	profile := filepath.Join(t.TempDir(), "profile.json")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"data"}, "want a subcommand: profile or generate"},
		{"unknown subcommand", []string{"data", "shape"}, `unknown subcommand "shape"`},
		{"profile without database", []string{"data", "profile"}, "--database is required"},
		{"profile with an argument", []string{"data", "profile", "--database", "x", "extra"}, `unexpected argument "extra"`},
		{"generate without profile", []string{"data", "generate", "--sql"}, "--profile is required"},
		{"generate with neither target", []string{"data", "generate", "--profile", profile}, "give either --database URL (load) or --sql"},
		{"generate with both targets", []string{"data", "generate", "--profile", profile, "--sql", "--database", "x"}, "give either --database URL (load) or --sql"},
		{"no-rows without sql", []string{"data", "generate", "--profile", profile, "--database", "x", "--no-rows"}, "--output and --no-rows go with --sql"},
		{"bad table override", []string{"data", "generate", "--profile", profile, "--sql", "--table", "countries"}, `--table "countries": write NAME=RATIO`},
		{"bad table ratio", []string{"data", "generate", "--profile", profile, "--sql", "--table", "countries=x"}, `--table countries=x: ratio "x" is not a number`},
		{"bad table rows", []string{"data", "generate", "--profile", profile, "--sql", "--table-rows", "log=-3"}, `--table-rows "log=-3": write NAME=N`},
		{"table given twice", []string{"data", "generate", "--profile", profile, "--sql", "--table", "a=1", "--table-rows", "a=3"}, "table a is already given by --table a=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != exitError {
				t.Errorf("exit code %d, want %d", r.code, exitError)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, r.stderr)
			}
			if !strings.Contains(r.stderr, "Usage: parity data") {
				t.Errorf("stderr has no usage:\n%s", r.stderr)
			}
		})
	}
}

func TestDataHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"data", "--help"}, {"data", "profile", "--help"}, {"data", "generate", "-h"}, {"help", "data"}} {
		r := run(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "Usage: parity data") {
			t.Errorf("parity %s: exit %d, stdout:\n%s", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	if r := run(t, "--help"); !strings.Contains(r.stdout, "data profile|generate") {
		t.Errorf("main help does not list data:\n%s", r.stdout)
	}
}

func TestDataGenerateInputErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	profile := write("profile.json", minimalProfile)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing profile", []string{"--profile", filepath.Join(dir, "none.json")}, "none.json: no such file or directory"},
		{"not a profile", []string{"--profile", write("bad.json", `{"tables": []}`)}, "bad.json: not a profile: format_version is missing"},
		{"other version", []string{"--profile", write("v2.json", `{"format_version": 2, "tables": []}`)}, "format_version 2 is not supported"},
		{"unknown field", []string{"--profile", write("extra.json", `{"format_version": 1, "source": {"server_version": "15", "schemas": ["public"]}, "tables": [], "colour": 1}`)}, `unknown field "colour"`},
		{"override names no table", []string{"--profile", profile, "--table", "nosuch=1"}, `--table nosuch=1: table override "nosuch" names no table of the profile`},
		{"rules file override names no table", []string{"--profile", profile, "--rules", write("parity.hcl", "data {\n  table \"ghost\" {\n    rows = 3\n  }\n}\n")}, `parity.hcl:2: table override "ghost" names no table of the profile`},
		{"no ratio anywhere", []string{"--profile", profile, "--rules="}, "--ratio is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"data", "generate", "--sql"}, tt.args...)
			if !strings.Contains(strings.Join(tt.args, " "), "ratio") && tt.name != "no ratio anywhere" {
				args = append(args, "--ratio", "0.5")
			}
			r := run(t, args...)
			if r.code != exitError || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr does not say %q:\n%s", r.code, tt.want, r.stderr)
			}
		})
	}
}

// minimalProfile is a one-table profile, enough for the checks that come
// before any database is involved.
const minimalProfile = `{
  "format_version": 1,
  "source": {"server_version": "15.0", "schemas": ["public"]},
  "tables": [{
    "schema": "public", "name": "items", "rows": 100, "pages": 1, "size_bytes": 8192, "total_bytes": 16384,
    "columns": [{"name": "id", "type": "integer", "kind": "integer", "not_null": true}]
  }]
}`

// TestDataRoundTrip runs the whole flow through the CLI against a real
// PostgreSQL: profile a small production (the password of the URL must not
// appear anywhere), print the script, run it with psql into one database,
// load another directly, and compare the two.
func TestDataRoundTrip(t *testing.T) {
	c := testutil.StartPostgres(t)
	c.Psql(t, "postgres", "CREATE DATABASE production; CREATE DATABASE scripted; CREATE DATABASE loaded;")
	c.Psql(t, "production", `
CREATE TABLE plans (code text PRIMARY KEY, price numeric(6,2) NOT NULL);
INSERT INTO plans VALUES ('free', 0), ('team', 12.50), ('enterprise', 99.00);
CREATE TABLE accounts (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  owner_email text NOT NULL,
  plan text NOT NULL REFERENCES plans (code),
  signed_up date NOT NULL
);
INSERT INTO accounts (owner_email, plan, signed_up)
SELECT 'owner' || i || '@secret-customer.example', CASE WHEN i % 10 = 0 THEN 'team' WHEN i % 97 = 0 THEN 'enterprise' ELSE 'free' END,
       date '2024-01-01' + (i % 365)
FROM generate_series(1, 3000) AS i;
CREATE INDEX accounts_signed_up_idx ON accounts (signed_up) WHERE plan <> 'free';
-- A check that the synthetic stand-ins of owner_email cannot satisfy.
ALTER TABLE accounts ADD CONSTRAINT accounts_email_check CHECK (owner_email LIKE '%@%');
-- Partitioned tables are not profiled.
CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ANALYZE;`)
	dir := t.TempDir()
	rules := filepath.Join(dir, "parity.hcl")
	if err := os.WriteFile(rules, []byte("ratio = 0.5\n\ndata {\n  keep_values = [\"plans.code\", \"accounts.plan\"]\n  table \"plans\" {\n    ratio = 1\n  }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// A password in the URL: trust authentication ignores it, and no
	// output may repeat it.
	const password = "Tr0ub4dor-Do-Not-Print"
	url := strings.Replace(c.URL("production"), c.User+"@", c.User+":"+password+"@", 1)
	profile := filepath.Join(dir, "profile.json")
	r := run(t, "data", "profile", "--database", url, "--rules", rules, "--output", profile)
	if r.code != exitOK {
		t.Fatalf("profile: exit %d\n%s", r.code, r.stderr)
	}
	doc, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{r.stdout, r.stderr, string(doc)} {
		if strings.Contains(out, password) || strings.Contains(out, "secret-customer") {
			t.Fatalf("profile output leaks the password or a production value:\n%s", out)
		}
	}
	if !strings.Contains(r.stderr, "parity: warning: table public.events is partitioned or a partition; partitioned tables are not profiled") {
		t.Errorf("profile does not warn about the partitioned table:\n%s", r.stderr)
	}
	var parsed struct {
		FormatVersion int `json:"format_version"`
	}
	if err := json.Unmarshal(doc, &parsed); err != nil || parsed.FormatVersion != 1 {
		t.Fatalf("profile is not a version 1 document: %v", err)
	}

	// A wrong database: the error names it and not the password.
	bad := strings.Replace(url, "/production?", "/nosuchdb?", 1)
	r = run(t, "data", "profile", "--database", bad)
	if r.code != exitError || !strings.Contains(r.stderr, `database "nosuchdb"`) || strings.Contains(r.stderr, password) {
		t.Errorf("profile of a missing database: exit %d\n%s", r.code, r.stderr)
	}

	// The script, run by psql.
	script := filepath.Join(dir, "staging.sql")
	r = run(t, "data", "generate", "--profile", profile, "--rules", rules, "--sql", "--output", script, "--seed", "3")
	if r.code != exitOK {
		t.Fatalf("generate --sql: exit %d\n%s", r.code, r.stderr)
	}
	cmd := exec.Command(c.PsqlPath(), "-X", "-q", "-h", c.Dir, "-p", strconv.Itoa(c.Port), "-U", c.User, "-d", "scripted", "-f", script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("psql -f staging.sql: %v\n%s", err, out)
	}

	// The same plan loaded directly.
	r = run(t, "data", "generate", "--profile", profile, "--rules", rules, "--database", c.URL("loaded"), "--seed", "3", "--apply-settings")
	if r.code != exitOK {
		t.Fatalf("generate --database: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "public.accounts") || !strings.Contains(r.stdout, "loaded 1503 rows") {
		t.Errorf("generate summary:\n%s", r.stdout)
	}
	// The check the stand-ins break is kept, NOT VALID, and named.
	if !strings.Contains(r.stderr, "parity: warning: check constraint accounts_email_check on public.accounts stays NOT VALID") {
		t.Errorf("no warning about the broken check:\n%s", r.stderr)
	}
	if got := c.Psql(t, "loaded", "SELECT convalidated FROM pg_constraint WHERE conname = 'accounts_email_check';"); got != "f\n" {
		t.Errorf("accounts_email_check validated = %q, want f", got)
	}

	// Same seed, same rows, whichever way they were loaded.
	dump := "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM (SELECT * FROM public.accounts) AS t"
	scripted, loaded := c.Psql(t, "scripted", dump), c.Psql(t, "loaded", dump)
	if scripted != loaded || scripted == "" {
		t.Errorf("the script and the direct load differ")
	}
	if got := c.Psql(t, "loaded", "SELECT count(*) FROM public.accounts; SELECT count(*) FROM public.plans;"); got != "1500\n3\n" {
		t.Errorf("row counts (accounts, plans) = %q, want 1500 and 3", got)
	}
	// The identity continues after the generated ids.
	c.Psql(t, "loaded", "INSERT INTO public.accounts (owner_email, plan, signed_up) VALUES ('new@example.com', 'free', '2025-01-01');")
	// --apply-settings made the planner settings the database's defaults.
	if got := c.Psql(t, "loaded", "SHOW min_parallel_table_scan_size;"); got != "4MB\n" {
		t.Errorf("min_parallel_table_scan_size in staging = %q, want 4MB (production's 8MB × 0.5)", got)
	}

	// Loading again refuses: the tables are not empty.
	r = run(t, "data", "generate", "--profile", profile, "--rules", rules, "--database", c.URL("scripted"))
	if r.code != exitError || !strings.Contains(r.stderr, "table public.plans is not empty") || !strings.Contains(r.stderr, "nothing was kept") {
		t.Errorf("second load: exit %d\n%s", r.code, r.stderr)
	}
	// --truncate empties them, but the check now on the table applies to
	// every row COPY writes: the error names it and the way out.
	r = run(t, "data", "generate", "--profile", profile, "--rules", rules, "--database", c.URL("scripted"), "--truncate")
	if r.code != exitError || !strings.Contains(r.stderr, "check constraint accounts_email_check rejects a synthetic value: keep the values of the columns it checks") {
		t.Errorf("load with --truncate into a table with the check: exit %d\n%s", r.code, r.stderr)
	}
	if got := c.Psql(t, "scripted", "SELECT count(*) FROM public.accounts;"); got != "1500\n" {
		t.Errorf("the failed load changed the table: %q rows", got)
	}
	c.Psql(t, "scripted", "ALTER TABLE public.accounts DROP CONSTRAINT accounts_email_check;")
	r = run(t, "data", "generate", "--profile", profile, "--rules", rules, "--database", c.URL("scripted"), "--truncate", "--seed", "9")
	if r.code != exitOK {
		t.Errorf("load with --truncate: exit %d\n%s", r.code, r.stderr)
	}
	if c.Psql(t, "scripted", dump) == scripted {
		t.Errorf("the reload with another seed left the same rows")
	}
}
