package shadow

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// renderCases cover every sampling kind, several paths, the catch-all
// location, unsafe methods with body mirroring and IPv6. Their upstreams are
// addresses, so that nginx -t accepts them without DNS.
var renderCases = []struct {
	name  string
	route Route
}{
	{name: "defaults", route: Route{
		ProductionUpstreams: []string{"10.0.0.1:8080"},
		StagingUpstreams:    []string{"10.0.1.1:8080"},
		Percentage:          10,
	}},
	{name: "header_paths", route: Route{
		Name:                "checkout",
		ProductionUpstreams: []string{"10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"},
		StagingUpstreams:    []string{"10.0.1.1"},
		Percentage:          2.5,
		SampleBy:            "header:X-User-Id",
		Paths:               []string{"/api/", "/search"},
		Listen:              8080,
		ServerName:          "api.example.com www.example.com",
		RelayListen:         "127.0.0.1:8481",
	}},
	{name: "client_unsafe_body", route: Route{
		Name:                "orders-v2",
		ProductionUpstreams: []string{"localhost:9001"},
		StagingUpstreams:    []string{"[::1]:9002", "127.0.0.2:9002"},
		Percentage:          100,
		SampleBy:            "client",
		Methods:             []string{"PUT", "GET", "POST"},
		AllowUnsafeMethods:  true,
		MirrorBody:          true,
		MirrorHeaderName:    "X-Mirror",
		MirrorHeaderValue:   "staging shadow",
		ConnectTimeout:      250 * time.Millisecond,
		ReadTimeout:         2 * time.Second,
		RelayListen:         "unix:/var/run/orders-relay.sock",
		Relay:               RelayNginx,
	}},
	{name: "relay_rate_cap", route: Route{
		Name:                  "search",
		ProductionUpstreams:   []string{"10.0.0.1:8080"},
		StagingUpstreams:      []string{"10.0.1.1:8080", "10.0.1.2:8080"},
		Percentage:            50,
		MirrorHeaderName:      "X-Mirror",
		MirrorHeaderValue:     "staging shadow",
		ReadTimeout:           1500 * time.Millisecond,
		ProductionCapacityRPS: 1200,
		StagingRatio:          0.3,
	}},
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, tt := range renderCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Compile(tt.route)
			if err != nil {
				t.Fatal(err)
			}
			out, err := c.Render()
			if err != nil {
				t.Fatal(err)
			}
			outputs := map[string]string{
				".nginx.conf": out.Nginx,
				".envoy.json": out.EnvoyRouteConfig,
				".istio.yaml": out.IstioVirtualService,
			}
			if out.RelayCommand != nil {
				command, err := json.MarshalIndent(out.RelayCommand, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				outputs[".relay_command.json"] = string(command) + "\n"
			}
			for ext, got := range outputs {
				compareGolden(t, filepath.Join("testdata", tt.name+ext), got)
			}
		})
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/shadow -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); run go test ./internal/shadow -update if intended:\n%s", path, diff)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	t.Parallel()
	c, err := Compile(renderCases[1].route)
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.Render()
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := c.Render()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("Render is not deterministic (-first +again):\n%s", diff)
		}
	}
}
