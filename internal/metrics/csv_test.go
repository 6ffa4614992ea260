package metrics

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func readCSVFile(t *testing.T, name string) *Observations {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o, err := ReadCSV(name, f)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestReadCSV(t *testing.T) {
	t.Parallel()
	o := readCSVFile(t, "production.csv")
	g := o.Groups[`endpoint="/api/checkout", method="POST"`]
	if g == nil {
		t.Fatalf("no /api/checkout POST group in %v", o.SortedKeys())
	}
	want := map[string]float64{
		MetricRequestRate: 20, MetricMaxRequestRate: 80, MetricLatencyAvg: 0.3, "latency_p95": 0.6,
		MetricErrorRate: 0.012, "cpu": 0.62,
	}
	if diff := cmp.Diff(want, g.Values, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if g.RequestRate != 20 || !g.HasRequests || g.Kinds["cpu"] != KindSaturation {
		t.Errorf("group %+v", g)
	}
}

func TestReadCSVErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ csv, want string }{
		"empty":          {"", "prod.csv: empty CSV: the first line must name the columns endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate"},
		"missing column": {"endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time\n", `prod.csv: line 1: missing column "error_rate"`},
		"unknown column": {"endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate,colour\n", `prod.csv: line 1: unknown column "colour"`},
		"no rows":        {"endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate\n", "prod.csv: no rows"},
		"bad values": {"endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate\n/a,abc,1,1,1,0.1\n/b,1,1,1,1,120%\n/c,1,1,-5,1,0\n",
			"prod.csv: line 2, column \"avg_rpm\": not a number: \"abc\"\n" +
				"prod.csv: line 3, column \"error_rate\": 120% is more than 100%: write a share such as 0.012 or a percentage such as 1.2%\n" +
				"prod.csv: line 4, column \"avg_response_time\": negative: -5"},
		"duplicate": {"endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate\n/a,1,1,1,1,0\n/a,1,1,1,1,0\n",
			`prod.csv: line 3, column "endpoint": endpoint=/a appears twice`},
		"syntax": {"endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate\n/a,1,1,1,1,0\n\"/b,1\n", "prod.csv: line 3, column 7: extraneous or missing \" in quoted-field"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadCSV("prod.csv", strings.NewReader(tc.csv))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestReadCSVNaN keeps a NaN cell as no data instead of failing the file.
func TestReadCSVNaN(t *testing.T) {
	t.Parallel()
	o, err := ReadCSV("s.csv", strings.NewReader("endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,error_rate\n/a,60,60,NaN,1,0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v := o.Groups[`endpoint="/a"`].Values[MetricLatencyAvg]; !math.IsNaN(v) {
		t.Errorf("avg latency %g, want NaN", v)
	}
}

func goldenReport(t *testing.T, staging string) *Report {
	t.Helper()
	return Compare(readCSVFile(t, staging), readCSVFile(t, "production.csv"),
		Options{Ratio: 0.5, Tolerance: 0.2, MinRequestRate: 0.1, Overrides: map[string]Override{
			MetricMaxRequestRate: {Ignore: true, Reason: "peaks follow marketing campaigns, not capacity"},
		}})
}

// TestRenderGolden compares every format with testdata/golden; run with
// -update after a reviewed change.
func TestRenderGolden(t *testing.T) {
	t.Parallel()
	meta := Meta{StagingSource: "staging.csv", ProductionSource: "production.csv", ToolVersion: "1.2.3"}
	ext := map[string]string{"text": ".txt", "json": ".json", "markdown": ".md", "junit": ".xml"}
	for _, scenario := range []string{"matching", "divergent"} {
		rep := goldenReport(t, "staging-"+scenario+".csv")
		if rep.Divergent() != (scenario == "divergent") {
			t.Errorf("%s: Divergent() = %v", scenario, rep.Divergent())
		}
		for _, format := range Formats {
			t.Run(scenario+"/"+format, func(t *testing.T) {
				var b bytes.Buffer
				if err := Render(&b, format, rep, meta); err != nil {
					t.Fatal(err)
				}
				checkWellFormed(t, format, b.Bytes(), len(rep.Comparisons))
				path := filepath.Join("testdata", "golden", scenario+ext[format])
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), b.String()); diff != "" {
					t.Errorf("%s differs (-want +got):\n%s", path, diff)
				}
			})
		}
	}
}

// checkWellFormed parses what machines read: JSON, JUnit XML, and the
// Markdown table as GitHub-flavoured Markdown renders it.
func checkWellFormed(t *testing.T, format string, out []byte, rows int) {
	t.Helper()
	switch format {
	case "markdown":
		var html bytes.Buffer
		if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(out, &html); err != nil {
			t.Fatal(err)
		}
		// The header row and one row per comparison, each with 7 cells.
		if got := strings.Count(html.String(), "<tr>"); got != rows+1 {
			t.Errorf("Markdown renders %d table rows, want %d:\n%s", got, rows+1, html.String())
		}
		if got := strings.Count(html.String(), "<td>"); got != rows*7 {
			t.Errorf("Markdown renders %d cells, want %d", got, rows*7)
		}
	case "json":
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Errorf("JSON report does not parse: %v", err)
		}
	case "junit":
		var v struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Suites   []struct {
				Cases []struct {
					Name string `xml:"name,attr"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(out, &v); err != nil {
			t.Fatalf("JUnit report does not parse: %v", err)
		}
		if len(v.Suites) != 1 || len(v.Suites[0].Cases) != v.Tests {
			t.Errorf("JUnit: %d tests declared, %d cases", v.Tests, len(v.Suites[0].Cases))
		}
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	t.Parallel()
	err := Render(&bytes.Buffer{}, "sarif", &Report{}, Meta{})
	if err == nil || !strings.Contains(err.Error(), "use one of text, json, markdown, junit") {
		t.Errorf("got %v", err)
	}
}
