package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/envparity/terraform-provider-parity/internal/report"
)

// baselineDay is the date the tests' clock gives.
var baselineDay = time.Date(2025, 1, 31, 9, 30, 0, 0, time.UTC)

// runDated runs the CLI in-process with the clock at baselineDay.
func runDated(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c := &command{ctx: context.Background(), version: "1.2.3", stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(string) string { return "" }, now: func() time.Time { return baselineDay }}
	code := c.run(args)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// stateDoc writes a show -json state of resources given as address →
// type and values.
func stateDoc(t *testing.T, path string, resources map[string]map[string]any) string {
	t.Helper()
	var rs []map[string]any
	for addr, values := range resources {
		typ := strings.SplitN(strings.TrimPrefix(addr, `module.app["eu"].`), ".", 2)[0]
		rs = append(rs, map[string]any{"address": addr, "mode": "managed", "type": typ, "name": "x",
			"values": values, "sensitive_values": map[string]any{}})
	}
	doc, err := json.Marshal(map[string]any{"format_version": "1.0", "terraform_version": "1.11.4",
		"values": map[string]any{"root_module": map[string]any{"resources": rs}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// adoptionEstate writes a staging and a production that differ in four
// places; fixed names the differences already fixed in staging.
func adoptionEstate(t *testing.T, dir string, fixed ...string) (string, string) {
	t.Helper()
	is := func(name string) bool {
		for _, f := range fixed {
			if f == name {
				return true
			}
		}
		return false
	}
	pick := func(name string, drifted, ok any) any {
		if is(name) {
			return ok
		}
		return drifted
	}
	staging := map[string]map[string]any{
		"aws_instance.web":                            {"instance_type": pick("size", "t3.medium", "t3.large"), "monitoring": pick("monitoring", false, true)},
		`aws_s3_bucket.logs["a.b \"c\" [d] *"]`:       {"versioning": pick("versioning", "Suspended", "Enabled")},
		`module.app["eu"].aws_db_instance.db`:         {"engine_version": pick("engine", "15.4", "16.2"), "password": "Stg-S3cret-Do-Not-Print"},
		`aws_s3_bucket.logs["a.b \"c\" [d] * other"]`: {"versioning": "Enabled"},
	}
	production := map[string]map[string]any{
		"aws_instance.web":                            {"instance_type": "t3.xlarge", "monitoring": true},
		`aws_s3_bucket.logs["a.b \"c\" [d] *"]`:       {"versioning": "Enabled"},
		`module.app["eu"].aws_db_instance.db`:         {"engine_version": "16.2", "password": "Pr0d-S3cret-Do-Not-Print"},
		`aws_s3_bucket.logs["a.b \"c\" [d] * other"]`: {"versioning": "Enabled"},
	}
	return stateDoc(t, filepath.Join(dir, "staging.json"), staging), stateDoc(t, filepath.Join(dir, "production.json"), production)
}

// The round trip through the CLI: write the baseline, check
// passes, fix one drift, check names the stale entry on standard error and
// in the json report (valid against parity schema report), and passes.
func TestBaselineRoundTripCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rules := settingsFile(t, dir, "parity.hcl", "ratio = 0.5\n")
	staging, production := adoptionEstate(t, dir)

	r := runDated(t, "check", "--rules", rules, staging, production)
	if r.code != exitDrift {
		t.Fatalf("the estate is in parity before the baseline: exit %d\n%s", r.code, r.stderr)
	}
	r = runDated(t, "baseline", "--rules", rules, staging, production)
	if r.code != exitOK {
		t.Fatalf("parity baseline: exit %d\n%s", r.code, r.stderr)
	}
	for _, secret := range secrets {
		if strings.Contains(r.stdout, secret) {
			t.Fatalf("the baseline holds a secret:\n%s", r.stdout)
		}
	}
	if want := "parity: baseline of 4 findings: 4 entries\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	wantEntries := []string{
		`ignore "aws_instance.web.instance_type" {`,
		`ignore "aws_instance.web.monitoring" {`,
		`ignore "aws_s3_bucket.logs[\"a.b \\\"c\\\" [d] *\"].versioning" {`,
		`ignore "module.app[\"eu\"].aws_db_instance.db.engine_version" {`,
	}
	var got []string
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "ignore ") {
			got = append(got, line)
		}
	}
	if diff := cmp.Diff(wantEntries, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s\n%s", diff, r.stdout)
	}
	if !strings.Contains(r.stdout, `reason = "baseline 2025-01-31: size_ratio"`) {
		t.Errorf("the entries are not dated by the clock:\n%s", r.stdout)
	}
	base := settingsFile(t, dir, "parity.baseline.hcl", r.stdout)

	r = runDated(t, "check", "--rules", rules, "--rules", base, staging, production)
	if r.code != exitOK || strings.Contains(r.stderr, "stale") {
		t.Fatalf("with the baseline: exit %d, want 0 and nothing stale\n%s%s", r.code, r.stdout, r.stderr)
	}

	staging, production = adoptionEstate(t, dir, "monitoring")
	reportPath := filepath.Join(dir, "report.json")
	r = runDated(t, "check", "--rules", rules, "--rules", base, "--format", "json="+reportPath, staging, production)
	stale := base + `:11: ignore "aws_instance.web.monitoring" changes nothing: it accepts no finding any more (a baseline entry whose difference is gone); delete it` + "\n"
	if r.code != exitOK || r.stderr != "parity: warning: "+stale {
		t.Errorf("after fixing monitoring: exit %d, stderr:\n%s\nwant exit 0 and:\nparity: warning: %s", r.code, r.stderr, stale)
	}
	doc, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	rep := decodeReport(t, string(doc))
	if rep.Stale == nil || len(*rep.Stale) != 1 || (*rep.Stale)[0].Rule != `ignore "aws_instance.web.monitoring"` ||
		(*rep.Stale)[0].File != base || (*rep.Stale)[0].Line != 11 || (*rep.Stale)[0].Reason != "baseline 2025-01-31: config_drift" {
		t.Errorf("the json report's stale entries: %+v", rep.Stale)
	}
	// Stale entries are rules that change nothing: --unused-rules decides
	// what they do to the check.
	r = runDated(t, "check", "--rules", rules, "--rules", base, "--unused-rules", "error", "--format", "json="+filepath.Join(dir, "none.json"), staging, production)
	if r.code != exitError || !strings.HasPrefix(r.stderr, "parity: error: "+stale) || !strings.Contains(r.stderr, "--unused-rules error") {
		t.Errorf("--unused-rules error: exit %d, want 2\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.json")); err == nil {
		t.Error("a report was written although the check stopped")
	}
	r = runDated(t, "check", "--rules", rules, "--rules", base, "--unused-rules", "ignore", staging, production)
	if r.code != exitOK || r.stderr != "" {
		t.Errorf("--unused-rules ignore: exit %d\n%s", r.code, r.stderr)
	}

	schema := runDated(t, "schema", "report")
	if schema.code != exitOK || schema.stdout != string(report.JSONSchema) {
		t.Fatalf("parity schema report: exit %d, %d bytes", schema.code, len(schema.stdout))
	}
	validateJSON(t, schema.stdout, string(doc))

	// Without a baseline among the rules, the json report has no stale
	// list at all; with one and nothing stale, an empty one.
	r = runDated(t, "check", "--rules", rules, "--format", "json", "--fail-on", "never", staging, production)
	if rep := decodeReport(t, r.stdout); rep.Stale != nil {
		t.Errorf("stale is present without a baseline: %+v", *rep.Stale)
	}
	staging, production = adoptionEstate(t, dir)
	r = runDated(t, "check", "--rules", rules, "--rules", base, "--format", "json", staging, production)
	if rep := decodeReport(t, r.stdout); rep.Stale == nil || len(*rep.Stale) != 0 {
		t.Errorf("stale with a baseline and nothing stale: %+v, want []", rep.Stale)
	}
}

// A baseline entry whose attribute is gone from both sides is reported
// once, as stale, not also as a pattern that matches nothing; so is an
// only_in entry whose resource now exists on both sides.
func TestStaleBaselineEntriesReportedOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	staging := stateDoc(t, filepath.Join(dir, "staging.json"), map[string]map[string]any{
		"aws_instance.web": {"monitoring": false}, "aws_instance.debug": {"monitoring": true}})
	production := stateDoc(t, filepath.Join(dir, "production.json"), map[string]map[string]any{
		"aws_instance.web": {"monitoring": true}})
	r := runDated(t, "baseline", "--rules=", staging, production)
	if r.code != exitOK || !strings.Contains(r.stdout, `only_in "staging" {`) {
		t.Fatalf("parity baseline: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	base := settingsFile(t, dir, "parity.baseline.hcl", r.stdout)
	if r := runDated(t, "check", "--rules", base, staging, production); r.code != exitOK || r.stderr != "" {
		t.Fatalf("with the baseline: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	staging = stateDoc(t, staging, map[string]map[string]any{"aws_instance.web": {}, "aws_instance.debug": {"monitoring": true}})
	production = stateDoc(t, production, map[string]map[string]any{"aws_instance.web": {}, "aws_instance.debug": {"monitoring": true}})
	r = runDated(t, "check", "--rules", base, "--format", "json", staging, production)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	want := []string{
		"parity: warning: " + base + `:7: ignore "aws_instance.web.monitoring" changes nothing: it accepts no finding any more (a baseline entry whose difference is gone); delete it`,
		"parity: warning: " + base + `:11: only_in "staging" "aws_instance.debug" changes nothing: it accepts no finding any more (a baseline entry whose difference is gone); delete it`,
	}
	if r.code != exitOK || !cmp.Equal(want, lines) {
		t.Errorf("exit %d, stderr (-want +got):\n%s", r.code, cmp.Diff(want, lines))
	}
	if rep := decodeReport(t, r.stdout); rep.Stale == nil || len(*rep.Stale) != 2 {
		t.Errorf("json stale: %+v", rep.Stale)
	}
}

func validateJSON(t *testing.T, schemaDoc, doc string) {
	t.Helper()
	parsed, err := jsonschema.UnmarshalJSON(strings.NewReader(schemaDoc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.schema.json", parsed); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("the report does not conform to parity schema report: %v\n%s", err, doc)
	}
}

// check --write-baseline writes what parity baseline prints, with the
// reports, all or none, never onto an input; with an old baseline among
// the rules it still lists every current finding.
func TestCheckWriteBaseline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rules := settingsFile(t, dir, "parity.hcl", "ratio = 0.5\n")
	staging, production := adoptionEstate(t, dir)
	printed := runDated(t, "baseline", "--rules", rules, staging, production)
	if printed.code != exitOK {
		t.Fatalf("parity baseline: exit %d\n%s", printed.code, printed.stderr)
	}

	out := filepath.Join(dir, "written.hcl")
	r := runDated(t, "check", "--rules", rules, "--write-baseline", out, "--format", "json="+filepath.Join(dir, "r.json"), staging, production)
	if r.code != exitDrift || !strings.Contains(r.stderr, "parity: baseline of 4 findings: 4 entries") {
		t.Fatalf("check --write-baseline: exit %d, want 1 (the check itself is unchanged)\n%s", r.code, r.stderr)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(printed.stdout, string(written)); diff != "" {
		t.Errorf("--write-baseline differs from parity baseline (-printed +written):\n%s", diff)
	}

	// Half of the findings accepted by an old baseline: the new one still
	// lists all four, and so does parity baseline, which says it set the old
	// entries aside.
	old := settingsFile(t, dir, "old.hcl", `ignore "aws_instance.web.monitoring" {
  reason = "baseline 2024-12-01: config_drift"
}

ignore "aws_instance.web.instance_type" {
  reason = "baseline 2024-12-01: size_ratio"
}
`)
	again := filepath.Join(dir, "again.hcl")
	r = runDated(t, "check", "--rules", rules, "--rules", old, "--write-baseline", again, staging, production)
	if r.code != exitDrift {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if written, err := os.ReadFile(again); err != nil || string(written) != printed.stdout {
		t.Errorf("with an old baseline among the rules the new one is not complete (%v):\n%s", err, written)
	}
	r = runDated(t, "baseline", "--rules", rules, "--rules", old, staging, production)
	if r.stdout != printed.stdout || !strings.HasPrefix(r.stderr, "parity: 2 baseline entries of the rules set aside") {
		t.Errorf("parity baseline with an old baseline: stderr\n%s", r.stderr)
	}

	for _, tc := range []struct {
		name, target string
		extra        []string
		want         string
	}{
		{"onto a rules file", old, nil, "is the rules file " + old + "; the baseline never overwrites an input"},
		{"onto the staging input", staging, nil, "is the staging input"},
		{"onto a report", filepath.Join(dir, "same.json"), []string{"--format", "json=" + filepath.Join(dir, "same.json")}, "is already the output of --format json="},
		{"into a missing directory", filepath.Join(dir, "missing", "b.hcl"), nil, "does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.target)
			args := append([]string{"check", "--rules", rules, "--rules", old, "--write-baseline", tc.target}, tc.extra...)
			r := runDated(t, append(args, staging, production)...)
			if r.code != exitError || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 2 and %q:\n%s", r.code, tc.want, r.stderr)
			}
			if after, _ := os.ReadFile(tc.target); !bytes.Equal(before, after) {
				t.Errorf("%s was written", tc.target)
			}
		})
	}
}

func TestSchemaCommand(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"schema"}, {"schema", "rules"}, {"schema", "report", "extra"}} {
		r := run(t, args...)
		if r.code != exitError || !strings.Contains(r.stderr, "want the name of a schema: report") {
			t.Errorf("parity %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	r := run(t, "schema", "--help")
	if r.code != exitOK || !strings.Contains(r.stdout, "JSON Schema") {
		t.Errorf("parity schema --help: exit %d\n%s", r.code, r.stdout)
	}
}

// With --env the baseline's entries apply to every environment, and an
// entry is stale when no environment has its difference any more;
// --write-baseline is for STAGING PRODUCTION only.
func TestBaselineWithEnvironments(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	staging, production := adoptionEstate(t, dir)
	rules := settingsFile(t, dir, "parity.hcl", "ratio = 0.5\n")
	r := runDated(t, "baseline", "--rules", rules, staging, production)
	if r.code != exitOK {
		t.Fatalf("parity baseline: exit %d\n%s", r.code, r.stderr)
	}
	base := settingsFile(t, dir, "parity.baseline.hcl", r.stdout)
	perfDir := t.TempDir()
	perf, _ := adoptionEstate(t, perfDir, "monitoring", "versioning", "engine")
	r = runDated(t, "check", "--rules", rules, "--rules", base, "--env", "staging=0.5:"+staging, "--env", "perf=0.5:"+perf, production)
	if r.code != exitOK || strings.Contains(r.stderr, "stale") || strings.Contains(r.stderr, "changes nothing") {
		t.Errorf("with two environments, one still drifting: exit %d, want 0 and nothing stale\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runDated(t, "check", "--rules", rules, "--rules", base, "--env", "perf=0.5:"+perf, production)
	if r.code != exitOK || !strings.Contains(r.stderr, `ignore "aws_instance.web.monitoring" changes nothing`) || strings.Contains(r.stderr, "instance_type") {
		t.Errorf("with perf alone, which fixed monitoring: exit %d\n%s", r.code, r.stderr)
	}
	r = runDated(t, "check", "--write-baseline", filepath.Join(dir, "b.hcl"), "--env", "perf=0.5:"+perf, production)
	if r.code != exitError || !strings.Contains(r.stderr, "a baseline is written for STAGING PRODUCTION, not with --env") {
		t.Errorf("--write-baseline with --env: exit %d\n%s", r.code, r.stderr)
	}
}
