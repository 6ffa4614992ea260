package report

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/estate"
	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/locate"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// estateReport compares the staging state of the sample estate (304
// findings) with production the way `parity check --config-dir` does:
// states read with tfinput, located in their configuration directories.
func estateReport(t testing.TB) (*parity.Report, Meta) {
	t.Helper()
	dir := t.TempDir()
	if err := estate.Write(dir, estate.Services, []estate.Environment{{Name: "staging", Scale: 0.5, Drift: true}}); err != nil {
		t.Fatal(err)
	}
	var sides [2]parity.Environment
	for i, name := range []string{"staging", "production"} {
		env, err := tfinput.Load(context.Background(), filepath.Join(dir, "states", name+".json"), tfinput.Options{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		ix, err := locate.Load(filepath.Join(dir, "envs", name), inputlimit.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		ix.Annotate(&env)
		sides[i] = env
	}
	rep, err := parity.Compare(sides[0], sides[1], parity.Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != estate.Findings {
		t.Fatalf("the estate gives %d findings, want %d", len(rep.Findings), estate.Findings)
	}
	return rep, Meta{StagingSource: "states/staging.json", ProductionSource: "states/production.json", ToolName: "parity"}
}

// TestTextSummaryComesFirst: on an estate of 304 findings, the first 15
// lines of the text report say what is wrong.
func TestTextSummaryComesFirst(t *testing.T) {
	t.Parallel()
	rep, meta := estateReport(t)
	lines := strings.Split(render(t, FormatText, rep, meta), "\n")
	first := strings.Join(lines[:15], "\n")
	for _, want := range []string{
		"Drift: 304 findings (252 config_drift, 36 size_ratio, 4 size_family, 12 only_in_production) in 156 of 192 resources.",
		"Findings by kind:  252 config_drift, 36 size_ratio, 4 size_family, 12 only_in_production",
		"By resource type:  aws_instance 180, aws_security_group 48, aws_db_instance 40, aws_cloudwatch_metric_alarm 24, +1 more type",
		"tags.CostCenter differs in 96 resources (aws_instance, aws_db_instance)",
		"monitoring differs in 72 resources (aws_instance)",
		"instance_type is off the ratio in 36 resources (aws_instance)",
		"ingress[*].cidr_blocks[*] differs in 24 resources (aws_security_group)",
		"threshold differs in 24 resources (aws_cloudwatch_metric_alarm)",
		"engine_version differs in 12 resources (aws_db_instance)",
		"12 resources missing from staging (aws_wafv2_web_acl_association)",
		"instance_class is another size family in 4 resources (aws_db_instance)",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the first 15 lines do not say %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "KIND") {
		t.Errorf("findings start within the first 15 lines:\n%s", first)
	}
}

func TestTextQuiet(t *testing.T) {
	t.Parallel()
	rep, meta := estateReport(t)
	full := render(t, FormatText, rep, meta)
	meta.Quiet = true
	quiet := render(t, FormatText, rep, meta)
	if !strings.HasPrefix(full, quiet) {
		t.Errorf("the quiet report is not the start of the full one:\n%s", quiet)
	}
	lines := strings.Split(strings.TrimSuffix(quiet, "\n"), "\n")
	if len(lines) > 15 {
		t.Errorf("quiet report has %d lines, want at most 15:\n%s", len(lines), quiet)
	}
	for _, absent := range []string{"KIND", "Hashes:", "cc-shared"} {
		if strings.Contains(quiet, absent) {
			t.Errorf("quiet report has %q:\n%s", absent, quiet)
		}
	}
	if !strings.Contains(quiet, "Drift: 304 findings") {
		t.Errorf("quiet report has no verdict:\n%s", quiet)
	}
}

// sectionTitle matches a section's title line in the text format: not
// indented, followed by a parenthesis or the end of the line.
var sectionTitle = regexp.MustCompile(`(?m)^(\S[^\n]*?)(?: \(([^\n]*)\))?\n  KIND`)

func TestTextGroupBy(t *testing.T) {
	t.Parallel()
	rep, meta := estateReport(t)
	for _, tc := range []struct {
		groupBy string
		want    []string // section titles, in order; nil: count only
		count   int
	}{
		{GroupByAttribute, []string{
			"tags.CostCenter", "monitoring", "instance_type", "ingress[*].cidr_blocks[*]", "threshold",
			"engine_version", "whole resources", "instance_class",
		}, 8},
		{GroupByResource, nil, 156},
	} {
		t.Run(tc.groupBy, func(t *testing.T) {
			t.Parallel()
			m := meta
			m.GroupBy = tc.groupBy
			out := render(t, FormatText, rep, m)
			var titles []string
			for _, match := range sectionTitle.FindAllStringSubmatch(out, -1) {
				titles = append(titles, match[1])
			}
			if len(titles) != tc.count {
				t.Errorf("%d sections, want %d", len(titles), tc.count)
			}
			if tc.want != nil {
				if diff := cmp.Diff(tc.want, titles); diff != "" {
					t.Errorf("sections (-want +got):\n%s", diff)
				}
			} else {
				for _, title := range titles {
					if !strings.HasPrefix(title, `module.svc["`) {
						t.Errorf("section %q is not a resource", title)
					}
				}
			}
			// Every finding is one row, in one section.
			rows := 0
			for _, line := range strings.Split(out, "\n") {
				for _, k := range parity.AllFindingKinds {
					if strings.HasPrefix(line, "  "+string(k)+" ") {
						rows++
					}
				}
			}
			if rows != estate.Findings {
				t.Errorf("%d finding rows, want %d", rows, estate.Findings)
			}
		})
	}
}

// mdFindingRows counts the finding rows of a markdown report's detail
// tables.
func mdFindingRows(t *testing.T, doc string) int {
	t.Helper()
	n := 0
	for _, tbl := range mdTables(t, doc) {
		if len(tbl.rows) == 0 || len(tbl.rows[0]) < 6 || tbl.rows[0][0] != "Kind" {
			continue
		}
		n += len(tbl.rows) - 1
	}
	return n
}

var omittedLine = regexp.MustCompile(`(?m)^> \*\*(\d+) more findings?\*\*`)

// TestMarkdownBudget renders the 304-finding estate under many budgets: the
// report is never over its budget, always starts with the verdict, and
// says how many findings it leaves out, which with the rows it shows make
// every finding.
func TestMarkdownBudget(t *testing.T) {
	t.Parallel()
	rep, meta := estateReport(t)
	for _, groupBy := range []string{GroupByAttribute, GroupByResource} {
		m := meta
		m.GroupBy = groupBy
		whole := render(t, FormatMarkdown, rep, m)
		if got := mdFindingRows(t, whole); got != estate.Findings {
			t.Fatalf("an unbounded report shows %d findings, want %d", got, estate.Findings)
		}
		budgets := []int{DefaultMarkdownMaxBytes}
		for b := 1200; b < len(whole)+2000; b = b*5/4 + 37 {
			budgets = append(budgets, b)
		}
		budgets = append(budgets, len(whole), len(whole)-1, len(whole)+1, 65536)
		for _, budget := range budgets {
			t.Run(fmt.Sprintf("%s/%d", groupBy, budget), func(t *testing.T) {
				t.Parallel()
				m := meta
				m.MaxBytes, m.GroupBy = budget, groupBy
				out := render(t, FormatMarkdown, rep, m)
				if len(out) > budget {
					t.Fatalf("%d bytes, over the budget of %d", len(out), budget)
				}
				if !strings.HasPrefix(out, "### Parity: drift found\n\nDrift: 304 findings") {
					t.Errorf("the report does not start with the verdict:\n%s", out[:min(len(out), 300)])
				}
				shown := mdFindingRows(t, out)
				omitted := 0
				if m := omittedLine.FindStringSubmatch(out); m != nil {
					fmt.Sscan(m[1], &omitted)
					if !strings.Contains(out, "See the artifact") {
						t.Error("the line naming what is left out does not point at the artifact")
					}
				}
				if shown+omitted != estate.Findings {
					t.Errorf("%d findings shown and %d said to be left out, want %d in all", shown, omitted, estate.Findings)
				}
				if budget >= len(whole) && omitted > 0 {
					t.Errorf("%d findings left out under a budget the whole report fits", omitted)
				}
				if o, c := strings.Count(out, "<details"), strings.Count(out, "</details>"); o != c {
					t.Errorf("%d <details> and %d </details>", o, c)
				}
				if !strings.HasSuffix(out, "Hashes: staging `"+rep.StagingHash+"`, production `"+rep.ProductionHash+"`.\n") {
					t.Errorf("the report does not end with the hashes:\n%s", out[max(0, len(out)-300):])
				}
			})
		}
	}
}

func TestMarkdownDefaultFitsAComment(t *testing.T) {
	t.Parallel()
	rep, meta := estateReport(t)
	meta.MaxBytes = DefaultMarkdownMaxBytes
	out := render(t, FormatMarkdown, rep, meta)
	if len(out) > 65536 || len([]rune(out)) > 65536 {
		t.Errorf("%d bytes, over GitHub's comment limit", len(out))
	}
	for _, want := range []string{"**Most frequent**", "- `monitoring` differs in 72 resources (aws\\_instance)", "more findings** not shown"} {
		if !strings.Contains(out, want) {
			t.Errorf("the default report lacks %q", want)
		}
	}
}

func TestMarkdownBudgetTooSmall(t *testing.T) {
	t.Parallel()
	rep, meta := estateReport(t)
	meta.MaxBytes = 300
	var b strings.Builder
	err := Render(&b, FormatMarkdown, rep, meta)
	if err == nil || !strings.Contains(err.Error(), "needs at least") {
		t.Errorf("error %v, want one naming the smallest budget", err)
	}
}

// BenchmarkRenderEstate renders the 304-finding estate in every format.
func BenchmarkRenderEstate(b *testing.B) {
	rep, meta := estateReport(b)
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			var size int
			for b.Loop() {
				var out strings.Builder
				if err := Render(&out, f, rep, meta); err != nil {
					b.Fatal(err)
				}
				size = out.Len()
			}
			b.ReportMetric(float64(size), "bytes/report")
		})
	}
}
