package loadprofile

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr(v float64) *float64 { return &v }

// goldenProfiles are rendered into testdata/<name>.js and reviewed in diffs.
var goldenProfiles = map[string]Profile{
	"constant": {
		BaseURL:  "http://127.0.0.1:8080",
		Duration: "5m",
		Endpoints: []Endpoint{
			{Path: "/health", AvgRPM: 60, P95Ms: 20},
		},
	},
	"burst_sustained_incidents": {
		BaseURL:  "https://staging.example.com/",
		Ratio:    ptr(0.5),
		Duration: "10m",
		Endpoints: []Endpoint{
			{Path: "/api/products", AvgRPM: 4800, MaxRPM: ptr(19200), P95Ms: 250, Headers: map[string]string{"Accept": "application/json"}},
			{Method: "post", Path: "/api/checkout", AvgRPM: 1200, MaxRPM: ptr(4800), P95Ms: 600, Body: `{"cart":"c-1"}`},
		},
		Burst:                &Burst{},
		SustainedConnections: &SustainedConnections{VUs: 20, Hold: "1m"},
		ThinkTime:            &ThinkTime{Min: 1, Max: 4},
		IncidentScenarios: []IncidentScenario{
			{Type: IncidentConnectionPoolExhaustion, PoolSize: 50, Duration: "2m", Path: "/api/checkout"},
			{Type: IncidentEndurance, Duration: "1h"},
		},
		Thresholds: &Thresholds{P95Factor: ptr(1.2), AbortOnFail: true},
	},
	"csv_fractional_rates": {
		BaseURL:               "https://staging.example.com",
		Ratio:                 ptr(0.25),
		Duration:              "1h",
		ProductionPatternsCSV: "endpoint,method,avg_rpm,max_rpm,avg_response_time,p95_response_time\n/api/search,GET,90,300,80,210\n/api/orders,POST,30,45,120,400\n",
	},
	"hostile": {
		BaseURL:  "http://127.0.0.1:8080",
		Duration: "1m",
		Endpoints: []Endpoint{{
			Method:  "POST",
			Path:    "/x\"'`${globalThis.pwned=1}\n</script><script>alert(1)</script>",
			AvgRPM:  60,
			P95Ms:   100,
			Body:    "\"); throw 1; //\u2028\u2029`${exec.test.abort()}`",
			Headers: map[string]string{"X-Evil": "\"'`${1}</script>"},
		}},
	},
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for name, profile := range goldenProfiles {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, err := Render(profile)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".js")
			if *update {
				if err := os.WriteFile(golden, []byte(res.Script), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), res.Script); diff != "" {
				t.Errorf("script differs from %s (-want +got):\n%s", golden, diff)
			}
			if !strings.Contains(res.Script, "export const options = "+res.OptionsJSON+";\n") {
				t.Error("script does not embed OptionsJSON verbatim")
			}
		})
	}
}

func TestRenderOutputs(t *testing.T) {
	t.Parallel()
	res, err := Render(goldenProfiles["burst_sustained_incidents"])
	if err != nil {
		t.Fatal(err)
	}
	// Products peak at 19200 × 0.5 × 1.5 = 14400 rpm = 240/s; an iteration
	// takes up to 0.25 s + 4 s of think time; × 2 headroom = 2040.
	products := res.Options.Scenarios["get_api_products"]
	if diff := cmp.Diff(Scenario{
		Executor: ExecutorRampingArrivalRate, Exec: "get_api_products", GracefulStop: "30s",
		StartRate: 2400, TimeUnit: "1m",
		Stages: []Stage{
			{2400, "2m"}, {9600, "30s"}, {9600, "1m"}, {2400, "30s"}, {2400, "2m"},
			{14400, "30s"}, {14400, "1m"}, {3600, "30s"}, {3600, "2m"},
		},
		PreAllocatedVUs: 825, MaxVUs: 2040,
	}, products); diff != "" {
		t.Errorf("products scenario (-want +got):\n%s", diff)
	}
	if got, want := res.TotalDuration, 72*time.Minute; got != want {
		t.Errorf("TotalDuration = %s, want %s", got, want)
	}
	// Main phase: 2040 + 552 + 20 sustained; the pool incident (75 VUs)
	// starts during their 30 s graceful stop and counts too.
	if got, want := res.MaxVUs, int64(2040+552+20+75); got != want {
		t.Errorf("MaxVUs = %d, want %d", got, want)
	}
	var roundTrip map[string]any
	if err := json.Unmarshal([]byte(res.OptionsJSON), &roundTrip); err != nil {
		t.Errorf("OptionsJSON is not JSON: %v", err)
	}
	if len(res.ConfigHash) != 64 {
		t.Errorf("ConfigHash = %q, want 64 hex digits", res.ConfigHash)
	}
}

func TestIntegerRates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		rpms     []float64
		wantUnit string
		want     []int64
	}{
		{"whole per minute", []float64{3000, 12000}, "1m", []int64{3000, 12000}},
		{"fraction switches to per hour", []float64{22.5, 30}, "1h", []int64{1350, 1800}},
		{"never zero", []float64{0.001}, "1h", []int64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			unit, got := integerRates(tt.rpms...)
			if unit != tt.wantUnit {
				t.Errorf("unit = %q, want %q", unit, tt.wantUnit)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rates (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSizeVUs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		peakRPM          float64
		endpoint         resolvedEndpoint
		think            ThinkTime
		wantPre, wantMax int64
	}{
		// 50/s × (0.1 s + 2.5 s) × 1.25 = 162.5; 50/s × (0.3 s + 4 s) × 2 = 430.
		{"think time dominates", 3000, resolvedEndpoint{avgMs: 100, p95Ms: 300}, ThinkTime{1, 4}, 163, 430},
		// 1/s × 0.02 s is far below one VU; maxVUs still exceeds preAllocatedVUs.
		{"tiny rate", 60, resolvedEndpoint{avgMs: 20, p95Ms: 20}, ThinkTime{}, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pre, maxVUs := sizeVUs(tt.peakRPM, tt.endpoint, tt.think)
			if pre != tt.wantPre || maxVUs != tt.wantMax {
				t.Errorf("sizeVUs = %d, %d, want %d, %d", pre, maxVUs, tt.wantPre, tt.wantMax)
			}
		})
	}
}

func TestEscapeURLPath(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"/api/products?category=books&page=2": "/api/products?category=books&page=2",
		"/already%20escaped":                  "/already%20escaped",
		"/100%":                               "/100%25",
		"/a b\"`{}<>#\n":                      "/a%20b%22%60%7B%7D%3C%3E%23%0A",
		"/café":                               "/caf%C3%A9",
	}
	for in, want := range tests {
		if got := escapeURLPath(in); got != want {
			t.Errorf("escapeURLPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarshalJSEscapesScriptBreakers(t *testing.T) {
	t.Parallel()
	got, err := marshalJS("</script>\u2028\u2029&")
	if err != nil {
		t.Fatal(err)
	}
	want := `"\u003c/script\u003e\u2028\u2029\u0026"`
	if got != want {
		t.Errorf("marshalJS = %s, want %s", got, want)
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "30s", want: 30 * time.Second},
		{in: "5m", want: 5 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "5 minutes", wantErr: `not a duration: "5 minutes" (write it like 30s, 5m or 1h30m)`},
		{in: "", wantErr: `not a duration: "" (write it like 30s, 5m or 1h30m)`},
		{in: "500ms", wantErr: `must be at least 1s, got "500ms"`},
		{in: "1.5s", wantErr: `must be a whole number of seconds, got "1.5s"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDuration(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseDuration(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseDuration(%q) = %s, %v, want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45s", 5 * time.Minute: "5m", 90 * time.Minute: "1h30m",
		time.Hour: "1h", 61 * time.Second: "1m1s", 3601 * time.Second: "1h0m1s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
