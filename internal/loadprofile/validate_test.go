package loadprofile

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRenderValidation(t *testing.T) {
	t.Parallel()
	valid := func(edit func(*Profile)) Profile {
		p := Profile{
			BaseURL:   "https://staging.example.com",
			Duration:  "10m",
			Endpoints: []Endpoint{{Path: "/api", AvgRPM: 60, P95Ms: 100}},
		}
		edit(&p)
		return p
	}
	tests := []struct {
		name    string
		profile Profile
		want    []string
	}{
		{"bad duration", valid(func(p *Profile) { p.Duration = "ten minutes" }),
			[]string{`duration: not a duration: "ten minutes" (write it like 30s, 5m or 1h30m)`}},
		{"think time min above max", valid(func(p *Profile) { p.ThinkTime = &ThinkTime{Min: 5, Max: 2} }),
			[]string{"think_time.max: must be at least min (5), got 2"}},
		{"base url without scheme", valid(func(p *Profile) { p.BaseURL = "staging.example.com" }),
			[]string{`base_url: must start with http:// or https://, got "staging.example.com"`}},
		{"endpoint problems", valid(func(p *Profile) {
			p.Endpoints = []Endpoint{{Method: "FETCH", Path: "api", AvgRPM: 100, MaxRPM: ptr(50), P95Ms: 0,
				Headers: map[string]string{"X-Bad": "a\r\nInjected: 1"}}}
		}), []string{
			`endpoint[0].method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"`,
			`endpoint[0].path: must start with "/", got "api"`,
			"endpoint[0].max_rpm: must be at least avg_rpm (100), got 50",
			"endpoint[0].p95_ms: must be greater than 0, got 0",
			`endpoint[0].headers: value of header "X-Bad" must not contain CR, LF or NUL`,
		}},
		{"both endpoint sources", valid(func(p *Profile) {
			p.ProductionPatternsCSV = "endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time\n/a,1,1,1,1\n"
		}), []string{"production_patterns_csv: set either endpoint blocks or production_patterns_csv, not both"}},
		{"no endpoints", valid(func(p *Profile) { p.Endpoints = nil }),
			[]string{"endpoint: declare at least one endpoint block or production_patterns_csv"}},
		{"burst does not fit", valid(func(p *Profile) { p.Duration = "3m"; p.Burst = &Burst{} }),
			[]string{"duration: must be at least 4m3s to fit the burst (4 ramps of 30s, 2 spikes of 1m and three phases of at least 1s)"}},
		{"sustained on unknown path", valid(func(p *Profile) { p.SustainedConnections = &SustainedConnections{VUs: 0, Path: "/nope"} }),
			[]string{
				`sustained_connections.path: must be the path of one of the endpoints, got "/nope"`,
				"sustained_connections.vus: must be at least 1, got 0",
			}},
		{"incident problems", valid(func(p *Profile) {
			p.IncidentScenarios = []IncidentScenario{
				{Type: IncidentConnectionPoolExhaustion, Duration: "1m", OverflowFactor: ptr(0.5)},
				{Type: IncidentEndurance, Duration: "1h", PoolSize: 3},
				{Type: "meteor", Duration: "1m"},
			}
		}), []string{
			"incident_scenario[0].pool_size: must be at least 1 for connection_pool_exhaustion, got 0",
			"incident_scenario[0].overflow_factor: must be greater than 1 so that VUs exceed the pool, got 0.5",
			"incident_scenario[1].type: pool_size, overflow_factor and path apply to connection_pool_exhaustion only; remove them",
			`incident_scenario[2].type: must be "connection_pool_exhaustion" or "endurance", got "meteor"`,
		}},
		{"thresholds out of range", valid(func(p *Profile) { p.Thresholds = &Thresholds{P95Factor: ptr(-1), ErrorRate: ptr(2)} }),
			[]string{
				"thresholds.p95_factor: must be greater than 0, got -1",
				"thresholds.error_rate: is a share of requests and must be at most 1, got 2",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Render(tt.profile)
			var verr ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Render error = %v, want a ValidationError", err)
			}
			var got []string
			for _, fe := range verr {
				got = append(got, fe.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseProductionPatterns(t *testing.T) {
	t.Parallel()
	const header = "endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time\n"
	tests := []struct {
		name    string
		csv     string
		want    []Endpoint
		wantErr string
	}{
		{
			name: "columns in any order, BOM and optional method",
			csv:  "\ufeffmethod, endpoint,p95_response_time,avg_response_time,max_rpm,avg_rpm\nPOST,/api/orders,400,120,45,30\n\n",
			want: []Endpoint{{Method: "POST", Path: "/api/orders", AvgRPM: 30, MaxRPM: ptr(45), P95Ms: 400, AvgMs: ptr(120)}},
		},
		{
			name:    "not a number names line and column",
			csv:     header + "/a,10,20,5,9\n/b,10,abc,5,9\n",
			wantErr: `line 3, column "max_rpm": not a number: "abc"`,
		},
		{
			name:    "semantic problems name line and column",
			csv:     header + "/a,10,5,5,9\nb,10,20,5,9\n",
			wantErr: "line 2, column \"max_rpm\": must be at least avg_rpm (10), got 5\nline 3, column \"endpoint\": must start with \"/\", got \"b\"",
		},
		{name: "missing column", csv: "endpoint,avg_rpm\n/a,1\n",
			wantErr: `line 1: missing column "max_rpm"; the columns are endpoint, avg_rpm, max_rpm, avg_response_time, p95_response_time and optionally method`},
		{name: "unknown column", csv: "endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time,methd\n",
			wantErr: `line 1: unknown column "methd"; the columns are endpoint, avg_rpm, max_rpm, avg_response_time, p95_response_time and optionally method`},
		{name: "wrong field count", csv: header + "/a,1,2\n", wantErr: "line 2, column 1: wrong number of fields"},
		{name: "header only", csv: header, wantErr: "no endpoints: add one row per endpoint after the header line"},
		{name: "empty", csv: "", wantErr: "empty CSV: the first line must name the columns endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseProductionPatterns(tt.csv)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("endpoints (-want +got):\n%s", diff)
			}
		})
	}
}
