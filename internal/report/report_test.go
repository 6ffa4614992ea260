package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var sampleMeta = Meta{
	StagingSource:    "envs/staging/plan.json",
	ProductionSource: "envs/production/plan.json",
	ToolName:         "parity",
	ToolVersion:      "1.2.3",
}

// sampleReport has one finding of every kind, a sensitive one, a value that
// would break tables and lines, Windows and Unix locations, ignored paths,
// resources in parity and a resource present on one side only that is not
// among rep.Resources. Findings are deliberately out of order.
func sampleReport() *parity.Report {
	return &parity.Report{
		Ratio:          0.5,
		StagingHash:    "sha256:1f0a6c2e9b7d4e53a8c1f2d3e4b5a6978899aabbccddeeff0011223344556677",
		ProductionHash: "sha256:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180716253443526170819aabbccd",
		Findings: []parity.Finding{
			{
				Kind: parity.FindingSizeRatio, Address: `aws_instance.web["a"]`, ResourceType: "aws_instance",
				Path: "instance_type", Staging: "t3.2xlarge", Production: "t3.2xlarge", Expected: "t3.xlarge",
				Arithmetic: "t3.2xlarge × 0.5 = t3.xlarge", Rule: `size "instance_type" (built-in)`,
				Message:  "instance_type is t3.2xlarge in staging; production × 0.5 is t3.xlarge.",
				Location: &parity.Location{File: `modules\web\main.tf`, Line: 7, Column: 3},
			},
			{
				Kind: parity.FindingConfigDrift, Address: "aws_db_instance.main", ResourceType: "aws_db_instance",
				StagingAddress: "aws_db_instance.staging_main", ProductionAddress: "aws_db_instance.production_main",
				Path: "engine_version", Staging: `"15.4"`, Production: `"15.6"`, Rule: "config (default)",
				Message:  `engine_version differs: staging "15.4", production "15.6".`,
				Location: &parity.Location{File: "db.tf", Line: 12, Column: 5},
			},
			{
				Kind: parity.FindingConfigDrift, Address: "aws_db_instance.main", ResourceType: "aws_db_instance",
				StagingAddress: "aws_db_instance.staging_main", ProductionAddress: "aws_db_instance.production_main",
				Path: "password", Staging: parity.SensitiveMask, Production: parity.SensitiveMask,
				Rule: "secret (built-in: password)", Sensitive: true,
				Message: "password differs (compared by digest; values are sensitive).",
			},
			{
				Kind: parity.FindingUnknown, Address: `aws_instance.web["a"]`, ResourceType: "aws_instance",
				Path: "ami", Staging: "(unknown)", Production: `"ami-0abc1234"`,
				Message: "ami is unknown in staging until apply.",
			},
			{
				Kind: parity.FindingConfigDrift, Address: `aws_instance.web["a"]`, ResourceType: "aws_instance",
				Path:       "user_data",
				Staging:    "echo `hostname` | tee /tmp/id\nexit 0",
				Production: "echo `hostname` | tee /tmp/id\nexit 1",
				Message:    "user_data differs.",
				Location:   &parity.Location{File: "./modules/web/user data.tf", Line: 3},
			},
			{
				Kind: parity.FindingSizeRatio, Address: "aws_autoscaling_group.workers", ResourceType: "aws_autoscaling_group",
				Path: "min_size", Staging: "1", Production: "5", Expected: "2", Accepted: []string{"2", "3"},
				Arithmetic: "5 × 0.5 = 2.5", Rule: `size "min_size" (built-in)`,
				Message: "min_size is 1 in staging; production × 0.5 is 2.5, so 2 or 3 is accepted.",
			},
			{
				Kind: parity.FindingSizeFamily, Address: "aws_elasticache_cluster.cache", ResourceType: "aws_elasticache_cluster",
				Path: "node_type", Staging: "cache.t3.medium", Production: "cache.m5.large",
				Rule:    `size "node_type" (built-in)`,
				Message: "node_type family differs: t3 in staging, m5 in production.",
			},
			{
				Kind: parity.FindingOnlyInStaging, Address: "aws_s3_bucket.debug", ResourceType: "aws_s3_bucket",
				StagingAddress: "aws_s3_bucket.staging_debug",
				Message:        "aws_s3_bucket.staging_debug exists in staging only.",
				Location:       &parity.Location{File: "storage.tf", Line: 40, Column: 1},
			},
			{
				Kind: parity.FindingOnlyInProduction, Address: "aws_cloudwatch_metric_alarm.cpu", ResourceType: "aws_cloudwatch_metric_alarm",
				ProductionAddress: "aws_cloudwatch_metric_alarm.production_cpu",
				Message:           "aws_cloudwatch_metric_alarm.production_cpu exists in production only.",
			},
		},
		Ignored: []parity.Ignored{
			{Address: "aws_db_instance.main", Path: "tags.alert_endpoint", Rule: `ignore "alert_endpoint"`, Reason: "each environment pages its own team"},
			{Address: `aws_instance.web["a"]`, Path: "arn", Rule: "computed (built-in)", Reason: "set by the provider"},
		},
		Resources: []parity.ResourceResult{
			{Address: `aws_instance.web["a"]`, Type: "aws_instance", Findings: 3, Drift: true},
			{Address: "aws_security_group.web", Type: "aws_security_group"},
			{Address: "aws_db_instance.main", Type: "aws_db_instance", StagingAddress: "aws_db_instance.staging_main", ProductionAddress: "aws_db_instance.production_main", Findings: 2, Drift: true},
			{Address: "aws_autoscaling_group.workers", Type: "aws_autoscaling_group", Findings: 1, Drift: true},
			{Address: "aws_elasticache_cluster.cache", Type: "aws_elasticache_cluster", Findings: 1, Drift: true},
			{Address: "aws_s3_bucket.debug", Type: "aws_s3_bucket", StagingAddress: "aws_s3_bucket.staging_debug", Findings: 1, Drift: true},
		},
	}
}

// parityReport is in parity: no findings, one ignored path.
func parityReport() *parity.Report {
	return &parity.Report{
		Ratio:          0.25,
		StagingHash:    "sha256:5d41402abc4b2a76b9719d911017c592",
		ProductionHash: "sha256:5d41402abc4b2a76b9719d911017c592",
		Ignored: []parity.Ignored{
			{Address: "", Path: "alert_email", Rule: `ignore "alert_email"`, Reason: "each environment pages its own team"},
		},
		Resources: []parity.ResourceResult{{Address: ""}},
	}
}

func render(t *testing.T, f Format, rep *parity.Report, meta Meta) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, f, rep, meta); err != nil {
		t.Fatalf("Render(%s): %v", f, err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	t.Parallel()
	type goldenCase struct {
		name   string
		rep    *parity.Report
		meta   Meta
		format Format
	}
	var cases []goldenCase
	for _, ec := range engineCases {
		rep, meta := engineReport(t, ec)
		for _, f := range Formats {
			cases = append(cases, goldenCase{ec.name, rep, meta, f})
		}
		if ec.name == "drift_plan" {
			colour, failOnUnknown := meta, meta
			colour.Color = true
			failOnUnknown.FailOn = FailOnUnknown
			cases = append(cases,
				goldenCase{ec.name + "_color", rep, colour, FormatText},
				goldenCase{ec.name + "_fail_on_unknown", rep, failOnUnknown, FormatJUnit},
			)
			byResource := meta
			byResource.GroupBy = GroupByResource
			cases = append(cases,
				goldenCase{ec.name + "_by_resource", rep, byResource, FormatText},
				goldenCase{ec.name + "_by_resource", rep, byResource, FormatMarkdown},
			)
		}
		if ec.name == "environments" {
			quiet, budget := meta, meta
			quiet.Quiet = true
			budget.MaxBytes = 6000
			cases = append(cases,
				goldenCase{ec.name + "_quiet", rep, quiet, FormatText},
				goldenCase{ec.name + "_6000_bytes", rep, budget, FormatMarkdown},
			)
		}
	}
	written := map[string]bool{}
	for _, tc := range cases {
		file := filepath.Join("testdata", "golden", tc.name+tc.format.Extension())
		written[filepath.Base(file)] = true
		t.Run(file, func(t *testing.T) {
			got := render(t, tc.format, tc.rep, tc.meta)
			for _, secret := range engineSecrets {
				if strings.Contains(got, secret) {
					t.Fatalf("%s prints the planted secret %q:\n%s", file, secret, got)
				}
			}
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs from the golden file (-want +got; -update rewrites it):\n%s", file, diff)
			}
		})
	}
	// A golden file no case writes any more would go stale unnoticed.
	entries, err := os.ReadDir(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !written[e.Name()] {
			if *update {
				if err := os.Remove(filepath.Join("testdata", "golden", e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("testdata/golden/%s belongs to no golden case (-update removes it)", e.Name())
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	t.Parallel()
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			first := render(t, f, sampleReport(), sampleMeta)
			shuffled := sampleReport()
			for i, j := 0, len(shuffled.Findings)-1; i < j; i, j = i+1, j-1 {
				shuffled.Findings[i], shuffled.Findings[j] = shuffled.Findings[j], shuffled.Findings[i]
			}
			for i, j := 0, len(shuffled.Resources)-1; i < j; i, j = i+1, j-1 {
				shuffled.Resources[i], shuffled.Resources[j] = shuffled.Resources[j], shuffled.Resources[i]
			}
			shuffled.Ignored[0], shuffled.Ignored[1] = shuffled.Ignored[1], shuffled.Ignored[0]
			if diff := cmp.Diff(first, render(t, f, shuffled, sampleMeta)); diff != "" {
				t.Errorf("output depends on input order (-sorted +shuffled):\n%s", diff)
			}
		})
	}
}

func TestRenderDoesNotModifyReport(t *testing.T) {
	t.Parallel()
	rep := sampleReport()
	rep.Findings[0].Sensitive = true
	want := sampleReport()
	want.Findings[0].Sensitive = true
	for _, f := range Formats {
		render(t, f, rep, sampleMeta)
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("Render modified the report (-before +after):\n%s", diff)
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    Format
		wantErr string
	}{
		{in: "text", want: FormatText},
		{in: "JSON", want: FormatJSON},
		{in: " sarif ", want: FormatSARIF},
		{in: "junit", want: FormatJUnit},
		{in: "markdown", want: FormatMarkdown},
		{in: "md", want: FormatMarkdown},
		{in: "GitHub", want: FormatGitHub},
		{in: "yaml", wantErr: `unknown report format "yaml": use one of text, json, sarif, junit, markdown, github`},
		{in: "", wantErr: `unknown report format "": use one of text, json, sarif, junit, markdown, github`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFormat(tc.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tc.wantErr || got != tc.want {
				t.Errorf("ParseFormat(%q) = %q, %q; want %q, %q", tc.in, got, gotErr, tc.want, tc.wantErr)
			}
		})
	}
}

func TestRenderAcceptsFormatSpellings(t *testing.T) {
	t.Parallel()
	if got, want := render(t, "md", sampleReport(), sampleMeta), render(t, FormatMarkdown, sampleReport(), sampleMeta); got != want {
		t.Error(`Render("md") differs from Render("markdown")`)
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		format  Format
		rep     *parity.Report
		meta    Meta
		wantErr string
	}{
		{"unknown format", "yaml", sampleReport(), sampleMeta, `unknown report format "yaml"`},
		{"nil report", FormatText, nil, sampleMeta, "no report"},
		{"unknown fail-on", FormatJSON, sampleReport(), Meta{FailOn: "always"}, `unknown fail-on value "always": use one of drift, unknown, never`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			err := Render(&b, tc.format, tc.rep, tc.meta)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Render error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	unknownOnly := &parity.Report{
		Findings:  []parity.Finding{{Kind: parity.FindingUnknown, Address: "a.b", Path: "x", Staging: "(unknown)", Production: "1"}},
		Resources: []parity.ResourceResult{{Address: "a.b"}, {Address: "a.c"}},
	}
	for _, tc := range []struct {
		name   string
		rep    *parity.Report
		failOn string
		want   string
	}{
		{"drift", sampleReport(), "", "Drift: 8 findings (3 config_drift, 2 size_ratio, 1 size_family, 1 only_in_staging, 1 only_in_production) in 6 of 7 resources; 1 unknown."},
		{"drift never", sampleReport(), FailOnNever, "Drift: 8 findings (3 config_drift, 2 size_ratio, 1 size_family, 1 only_in_staging, 1 only_in_production) in 6 of 7 resources; 1 unknown. Not failing: fail-on is never."},
		{"parity", parityReport(), "", "In parity: 1 resource compared, 0 findings."},
		{"unknown only", unknownOnly, FailOnDrift, "In parity: 2 resources compared, 0 findings; 1 unknown."},
		{"unknown only, fail on unknown", unknownOnly, FailOnUnknown, "Not verified: 2 resources compared, no drift, but 1 unknown until apply."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			meta := sampleMeta
			meta.FailOn = tc.failOn
			got := strings.TrimSpace(render(t, FormatText, tc.rep, meta))
			got = got[strings.LastIndex(got, "\n")+1:]
			if got != tc.want {
				t.Errorf("verdict line:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestExtension(t *testing.T) {
	t.Parallel()
	seen := map[string]Format{}
	for _, f := range Formats {
		ext := f.Extension()
		if ext == "" || seen[ext] != "" {
			t.Errorf("%s: extension %q is empty or shared with %s", f, ext, seen[ext])
		}
		seen[ext] = f
	}
}
