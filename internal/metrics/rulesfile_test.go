package metrics

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRules(t *testing.T) {
	t.Parallel()
	r, err := ParseRules([]byte(`
tolerance           = 0.25
ratio               = 0.5
group_by            = ["service", "endpoint"]
staging_selector    = "environment=\"staging\""
production_selector = "environment=\"production\""

saturation "cpu" {
  metric      = "service:cpu_utilisation:ratio"
  aggregation = "max"
  group_by    = ["service"]
}

metric "latency_p99" {
  tolerance = 0.4
}

metric "max_request_rate" {
  ignore = true
  reason = "peaks follow campaigns"
}
`), "metrics.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if *r.Tolerance != 0.25 || *r.Ratio != 0.5 || *r.StagingSelector != `environment="staging"` {
		t.Errorf("rules %+v", r)
	}
	if len(r.Saturation) != 1 || r.Saturation[0].Resource != "cpu" || *r.Saturation[0].Aggregation != "max" {
		t.Errorf("saturation %+v", r.Saturation)
	}
	tol := 0.4
	want := map[string]Override{
		"latency_p99":      {Tolerance: &tol},
		"max_request_rate": {Ignore: true, Reason: "peaks follow campaigns"},
	}
	if diff := cmp.Diff(want, r.Overrides()); diff != "" {
		t.Errorf("overrides (-want +got):\n%s", diff)
	}
}

func TestParseRulesErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ src, want string }{
		"syntax":          {"tolerance = \n", "metrics.hcl:1:"},
		"unknown attr":    {"tolerence = 0.2\n", `metrics.hcl:1:1: Unsupported argument: An argument named "tolerence" is not expected here.`},
		"bad tolerance":   {"tolerance = 0\n", "metrics.hcl:1:1: Invalid tolerance: tolerance must be greater than 0, got 0."},
		"bad selector":    {"staging_selector = \"environment=staging\"\n", "metrics.hcl:1:1: Invalid staging_selector: \"environment=staging\" is not a list of PromQL label matchers"},
		"unknown metric":  {"metric \"latency\" {\n  tolerance = 0.3\n}\n", `metrics.hcl:1:1: Unknown metric: "latency" is not a metric parity metrics compares`},
		"ignore, no why":  {"metric \"cpu\" {\n  ignore = true\n}\n", `metrics.hcl:1:1: Ignore Without Reason: metric "cpu" is ignored without a reason`},
		"duplicate block": {"saturation \"cpu\" {\n  metric = \"a\"\n}\nsaturation \"cpu\" {\n  metric = \"b\"\n}\n", `metrics.hcl:4:1: Duplicate saturation resource`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseRules([]byte(tc.src), "metrics.hcl")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v\nwant prefix %s", err, tc.want)
			}
		})
	}
}
