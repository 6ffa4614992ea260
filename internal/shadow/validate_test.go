package shadow

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseUpstream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Upstream
		wantErr string
	}{
		{in: "10.0.0.5:8080", want: Upstream{Host: "10.0.0.5", Port: 8080}},
		{in: "API.Example.COM.:443", want: Upstream{Host: "api.example.com", Port: 443}},
		{in: "backend", want: Upstream{Host: "backend", Port: 80}},
		{in: "[::1]:9000", want: Upstream{Host: "::1", Port: 9000}},
		{in: "[2001:DB8::1]", want: Upstream{Host: "2001:db8::1", Port: 80}},
		{in: "[::ffff:10.0.0.1]:81", want: Upstream{Host: "10.0.0.1", Port: 81}},
		{in: "http://backend:80", wantErr: "has a scheme"},
		{in: "backend:0", wantErr: "port is a number from 1 to 65535"},
		{in: "backend:http", wantErr: "port is a number"},
		{in: "backend:", wantErr: "port is a number"},
		{in: "2001:db8::1", wantErr: "in brackets"},
		{in: "bad_host:80", wantErr: "neither an IP address nor a DNS name"},
		{in: "-bad:80", wantErr: "neither an IP address nor a DNS name"},
		{in: ":80", wantErr: "no valid host"},
		{in: "", wantErr: "no valid host"},
		{in: "[fe80::1%eth0]:80", wantErr: "IPv6 zone"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseUpstream(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseUpstream(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseUpstream(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseUpstream(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseSampleBy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Sampling
		wantErr string
	}{
		{in: "request", want: Sampling{Kind: SampleRequest}},
		{in: "client", want: Sampling{Kind: SampleClient}},
		{in: "header:X-User-Id", want: Sampling{Kind: SampleHeader, Header: "X-User-Id"}},
		{in: "cookie:session", wantErr: `must be "request", "client" or "header:<Name>"`},
		{in: "header:", wantErr: "not a valid header name"},
		{in: "header:X User", wantErr: "not a valid header name"},
		{in: "header:X.User", wantErr: "cannot be read by nginx"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSampleBy(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseSampleBy(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSampleBy(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSampleBy(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// fieldAt is where a FieldError points, for comparing with cmp.
type fieldAt struct {
	Field   string
	Index   int
	Summary string
}

func TestRouteValidate(t *testing.T) {
	t.Parallel()
	valid := func(edit func(*Route)) Route {
		r := Route{ProductionUpstreams: []string{"10.0.0.1:8080"}, StagingUpstreams: []string{"10.0.1.1:8080"}, Percentage: 10}
		edit(&r)
		return r
	}
	tests := []struct {
		name  string
		route Route
		want  []fieldAt
	}{
		{name: "defaults are valid", route: valid(func(*Route) {})},
		{name: "two decimals", route: valid(func(r *Route) { r.Percentage = 0.01 })},
		{name: "everything", route: valid(func(r *Route) {
			r.Percentage = 100
			r.SampleBy = "header:X-Tenant"
			r.Methods = []string{"POST", "GET"}
			r.AllowUnsafeMethods = true
			r.Paths = []string{"/api/", "/v2/search"}
		})},
		{name: "overlap after normalising localhost and default port", route: valid(func(r *Route) {
			r.ProductionUpstreams = []string{"10.0.0.1:8080", "LOCALHOST"}
			r.StagingUpstreams = []string{"10.0.1.1:8080", "127.0.0.1:80"}
		}), want: []fieldAt{{FieldStagingUpstreams, 1, "Staging Upstream Overlaps Production"}}},
		{name: "overlap after normalising host case", route: valid(func(r *Route) {
			r.ProductionUpstreams = []string{"API.internal:8080"}
			r.StagingUpstreams = []string{"api.internal.:8080"}
		}), want: []fieldAt{{FieldStagingUpstreams, 0, "Staging Upstream Overlaps Production"}}},
		{name: "different ports do not overlap", route: valid(func(r *Route) {
			r.ProductionUpstreams = []string{"localhost:8080"}
			r.StagingUpstreams = []string{"localhost:8081"}
		})},
		{name: "empty lists", route: valid(func(r *Route) {
			r.ProductionUpstreams = nil
			r.StagingUpstreams = []string{}
		}), want: []fieldAt{{FieldProductionUpstreams, NoIndex, "Missing Upstreams"}, {FieldStagingUpstreams, NoIndex, "Missing Upstreams"}}},
		{name: "bad and duplicate upstreams", route: valid(func(r *Route) {
			r.ProductionUpstreams = []string{"10.0.0.1:8080", "10.0.0.1:99999", "10.0.0.1:8080"}
		}), want: []fieldAt{{FieldProductionUpstreams, 1, "Invalid Upstream"}, {FieldProductionUpstreams, 2, "Duplicate Upstream"}}},
		{name: "percentage zero", route: valid(func(r *Route) { r.Percentage = 0 }),
			want: []fieldAt{{FieldPercentage, NoIndex, "Invalid Percentage"}}},
		{name: "percentage above 100", route: valid(func(r *Route) { r.Percentage = 100.01 }),
			want: []fieldAt{{FieldPercentage, NoIndex, "Invalid Percentage"}}},
		{name: "percentage three decimals", route: valid(func(r *Route) { r.Percentage = 12.345 }),
			want: []fieldAt{{FieldPercentage, NoIndex, "Invalid Percentage"}}},
		{name: "unsafe methods without opt-in", route: valid(func(r *Route) { r.Methods = []string{"GET", "POST", "DELETE"} }),
			want: []fieldAt{{FieldMethods, NoIndex, "Unsafe Methods Need Opt-In"}}},
		{name: "lower-case and CONNECT methods", route: valid(func(r *Route) {
			r.Methods = []string{"get", "CONNECT"}
			r.AllowUnsafeMethods = true
		}), want: []fieldAt{{FieldMethods, NoIndex, "Invalid Method"}, {FieldMethods, NoIndex, "Invalid Method"}}},
		{name: "bad header name and value", route: valid(func(r *Route) {
			r.MirrorHeaderName = "X Shadow"
			r.MirrorHeaderValue = `say "hi"`
		}), want: []fieldAt{{FieldMirrorHeaderName, NoIndex, "Invalid Header Name"}, {FieldMirrorHeaderValue, NoIndex, "Invalid Header Value"}}},
		{name: "framing header as mirror header", route: valid(func(r *Route) { r.MirrorHeaderName = "Content-Length" }),
			want: []fieldAt{{FieldMirrorHeaderName, NoIndex, "Invalid Header Name"}}},
		{name: "bad and duplicate paths", route: valid(func(r *Route) { r.Paths = []string{"/a", "api", "/a", "/x;y"} }),
			want: []fieldAt{{FieldPaths, 1, "Invalid Path"}, {FieldPaths, 2, "Duplicate Path"}, {FieldPaths, 3, "Invalid Path"}}},
		{name: "timeouts out of bounds", route: valid(func(r *Route) {
			r.ConnectTimeout = 500 * time.Microsecond
			r.ReadTimeout = 2 * time.Minute
		}), want: []fieldAt{{FieldConnectTimeout, NoIndex, "Invalid Timeout"}, {FieldReadTimeout, NoIndex, "Invalid Timeout"}}},
		{name: "listen, server name and name", route: valid(func(r *Route) {
			r.Listen = 70000
			r.ServerName = "api.example.com bad;name"
			r.Name = "Shadow_1"
		}), want: []fieldAt{{FieldName, NoIndex, "Invalid Name"}, {FieldListen, NoIndex, "Invalid Port"}, {FieldServerName, NoIndex, "Invalid Server Name"}}},
		{name: "relay on the shadowing port", route: valid(func(r *Route) {
			r.Listen = 8080
			r.RelayListen = "127.0.0.1:8080"
		}), want: []fieldAt{{FieldRelayListen, NoIndex, "Invalid Relay Address"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []fieldAt
			for _, e := range tt.route.Validate() {
				got = append(got, fieldAt{e.Field, e.Index, e.Summary})
				if !strings.HasSuffix(e.Detail, ".") {
					t.Errorf("detail %q is not a full sentence", e.Detail)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckOverlapDetailNamesBothSides(t *testing.T) {
	t.Parallel()
	errs := CheckOverlap([]string{"Localhost:80"}, []string{"127.0.0.1"})
	if len(errs) != 1 {
		t.Fatalf("CheckOverlap: got %d errors, want 1", len(errs))
	}
	for _, want := range []string{`staging_upstreams[0] "127.0.0.1"`, `production_upstreams[0] "Localhost:80"`} {
		if !strings.Contains(errs[0].Detail, want) {
			t.Errorf("detail %q does not name %s", errs[0].Detail, want)
		}
	}
}

func TestCompileNormalises(t *testing.T) {
	t.Parallel()
	a, err := Compile(Route{ProductionUpstreams: []string{"API.internal:80"}, StagingUpstreams: []string{"staging.internal"}, Percentage: 12.5, Methods: []string{"HEAD", "GET", "HEAD"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile(Route{ProductionUpstreams: []string{"api.internal"}, StagingUpstreams: []string{"staging.internal:80"}, Percentage: 12.50, Methods: []string{"GET", "HEAD"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("equivalent routes compile differently (-a +b):\n%s", diff)
	}
	if a.Hash() != b.Hash() {
		t.Errorf("equivalent routes hash differently: %s, %s", a.Hash(), b.Hash())
	}
	if a.Hundredths != 1250 {
		t.Errorf("Hundredths = %d, want 1250", a.Hundredths)
	}
	c, _ := Compile(Route{ProductionUpstreams: []string{"api.internal"}, StagingUpstreams: []string{"staging.internal"}, Percentage: 12.51})
	if c.Hash() == a.Hash() {
		t.Error("a different percentage has the same hash")
	}
}

func TestCompileReturnsFieldErrors(t *testing.T) {
	t.Parallel()
	_, err := Compile(Route{ProductionUpstreams: []string{"a:1"}, StagingUpstreams: []string{"a:1"}, Percentage: 5})
	errs, ok := err.(FieldErrors)
	if !ok || len(errs) != 1 || errs[0].Field != FieldStagingUpstreams {
		t.Fatalf("Compile error = %#v, want one FieldError on staging_upstreams", err)
	}
	if want := `staging_upstreams[0]: staging_upstreams[0] "a:1"`; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
	}
}

func TestCheckRelayListen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		listen string
		ok     bool
	}{
		{"unix:/run/parity-shadow-relay.sock", true},
		{"unix:/var/run/nginx/relay_1.sock", true},
		{"127.0.0.1:8481", true},
		{"127.0.0.2:8481", true},
		{"[::1]:8481", true},
		{"unix:relay.sock", false},
		{"unix:/run/", false},
		{"unix:/run/../etc/relay.sock", false},
		{"unix:/run/relay sock", false},
		{"unix:/run/relay;.sock", false},
		{"unix:/" + strings.Repeat("a", 107), false},
		{"0.0.0.0:8481", false},
		{"10.0.0.1:8481", false},
		{"localhost:8481", false},
		{"127.0.0.1", false},
		{"127.0.0.1:0", false},
		{"127.0.0.1:80", false}, // The shadowing server's port.
		{"[fe80::1%lo]:8481", false},
	}
	for _, tt := range tests {
		t.Run(tt.listen, func(t *testing.T) {
			t.Parallel()
			err := CheckRelayListen(tt.listen, 80)
			if (err == nil) != tt.ok {
				t.Errorf("CheckRelayListen(%q) = %v, want ok %v", tt.listen, err, tt.ok)
			}
			if err != nil && !strings.HasSuffix(err.Error(), ".") {
				t.Errorf("error %q is not a full sentence", err)
			}
		})
	}
}

func TestCompileDefaultsRelayToRunSocket(t *testing.T) {
	t.Parallel()
	for relay, want := range map[string]string{
		"":           "unix:/run/parity-api/relay.sock",
		RelayProcess: "unix:/run/parity-api/relay.sock",
		RelayNginx:   "unix:/run/parity-api-relay.sock",
	} {
		c, err := Compile(Route{Name: "api", ProductionUpstreams: []string{"10.0.0.1"}, StagingUpstreams: []string{"10.0.1.1"}, Percentage: 5, Relay: relay})
		if err != nil {
			t.Fatal(err)
		}
		if c.RelayListen != want {
			t.Errorf("relay %q: RelayListen = %q, want %q", relay, c.RelayListen, want)
		}
	}
}

func TestDerivedMaxRPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		capacity, ratio, want float64
	}{
		{capacity: 2000, ratio: 0.5, want: 1000},
		{capacity: 1000, ratio: 0.3, want: 300}, // Not 300.00000000000006.
		{capacity: 1, ratio: 0.0001, want: 0.001},
		{capacity: 0, ratio: 0.5, want: 0},
		{capacity: 1000, ratio: 0, want: 0},
	}
	for _, tt := range tests {
		if got := DerivedMaxRPS(tt.capacity, tt.ratio); got != tt.want {
			t.Errorf("DerivedMaxRPS(%v, %v) = %v, want %v", tt.capacity, tt.ratio, got, tt.want)
		}
	}
	c, err := Compile(Route{ProductionUpstreams: []string{"10.0.0.1"}, StagingUpstreams: []string{"10.0.1.1"}, Percentage: 5,
		ProductionCapacityRPS: 2000, StagingRatio: 0.5})
	if err != nil || c.MaxRPS != 1000 {
		t.Fatalf("Compile: MaxRPS %v, error %v; want 1000", c.MaxRPS, err)
	}
	c, err = Compile(Route{ProductionUpstreams: []string{"10.0.0.1"}, StagingUpstreams: []string{"10.0.1.1"}, Percentage: 5,
		ProductionCapacityRPS: 2000, StagingRatio: 0.5, MaxRPS: 40})
	if err != nil || c.MaxRPS != 40 {
		t.Fatalf("Compile with max_rps set: MaxRPS %v, error %v; want 40", c.MaxRPS, err)
	}
}

func TestCheckRateCap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                    string
		relay                   string
		maxRPS, capacity, ratio float64
		want                    []string // field: summary
	}{
		{name: "nothing set", relay: RelayProcess},
		{name: "cap", relay: RelayProcess, maxRPS: 10},
		{name: "capacity and ratio", relay: RelayProcess, capacity: 100, ratio: 0.5},
		{name: "capacity alone", relay: RelayProcess, capacity: 100, want: []string{"staging_ratio: Incomplete Rate Cap"}},
		{name: "ratio alone", relay: RelayProcess, ratio: 0.5, want: []string{"production_capacity_rps: Incomplete Rate Cap"}},
		{name: "negative cap", relay: RelayProcess, maxRPS: -1, want: []string{"max_rps: Invalid Rate Cap"}},
		{name: "ratio too large", relay: RelayProcess, capacity: 1, ratio: 101, want: []string{"staging_ratio: Invalid Staging Ratio"}},
		{name: "nginx relay", relay: RelayNginx, maxRPS: 10, capacity: 100, ratio: 0.5, want: []string{
			"max_rps: Rate Cap Needs the Relay Process",
			"production_capacity_rps: Rate Cap Needs the Relay Process",
			"staging_ratio: Rate Cap Needs the Relay Process",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, e := range CheckRateCap(tt.relay, tt.maxRPS, tt.capacity, tt.ratio) {
				got = append(got, e.Field+": "+e.Summary)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckRateCap (-want +got):\n%s", diff)
			}
		})
	}
}
