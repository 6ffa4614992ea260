package shadow

import (
	"regexp"
	"testing"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/encoding/protojson"
)

// TestEnvoyRouteConfigValidates decodes the rendered JSON with Envoy's own
// types (unknown fields refused) and applies the protoc-gen-validate rules
// Envoy applies when it loads a route configuration.
func TestEnvoyRouteConfigValidates(t *testing.T) {
	t.Parallel()
	for _, tt := range renderCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Compile(tt.route)
			if err != nil {
				t.Fatal(err)
			}
			rendered, err := c.EnvoyRouteConfigJSON()
			if err != nil {
				t.Fatal(err)
			}
			var rc routev3.RouteConfiguration
			if err := (protojson.UnmarshalOptions{DiscardUnknown: false}).Unmarshal([]byte(rendered), &rc); err != nil {
				t.Fatalf("decoding as envoy.config.route.v3.RouteConfiguration: %v", err)
			}
			if err := rc.ValidateAll(); err != nil {
				t.Fatalf("ValidateAll: %v", err)
			}

			routes := rc.GetVirtualHosts()[0].GetRoutes()
			if got, want := len(routes), len(c.Paths)+1; got != want {
				t.Fatalf("%d routes, want %d (one per path and a catch-all)", got, want)
			}
			for i, r := range routes[:len(c.Paths)] {
				if got := r.GetMatch().GetPrefix(); got != c.Paths[i] {
					t.Errorf("route %d prefix = %q, want %q", i, got, c.Paths[i])
				}
				methods := regexp.MustCompile("^(?:" + r.GetMatch().GetHeaders()[0].GetStringMatch().GetSafeRegex().GetRegex() + ")$")
				for _, m := range c.Methods {
					if !methods.MatchString(m) {
						t.Errorf("route %d does not match allowed method %s", i, m)
					}
				}
				if methods.MatchString("DELETE") {
					t.Errorf("route %d matches DELETE", i)
				}
				policies := r.GetRoute().GetRequestMirrorPolicies()
				if len(policies) != 1 {
					t.Fatalf("route %d has %d mirror policies, want 1", i, len(policies))
				}
				p := policies[0]
				if p.GetCluster() != c.EnvoyStagingCluster() {
					t.Errorf("mirror cluster = %q, want %q", p.GetCluster(), c.EnvoyStagingCluster())
				}
				fraction := p.GetRuntimeFraction().GetDefaultValue()
				if fraction.GetDenominator() != typev3.FractionalPercent_TEN_THOUSAND || int(fraction.GetNumerator()) != c.Hundredths {
					t.Errorf("runtime_fraction = %v, want %d/10000", fraction, c.Hundredths)
				}
				header := p.GetRequestHeadersMutations()[0].GetAppend().GetHeader()
				if header.GetKey() != c.MirrorHeaderName || header.GetValue() != c.MirrorHeaderValue {
					t.Errorf("mirror header = %s: %s, want %s: %s", header.GetKey(), header.GetValue(), c.MirrorHeaderName, c.MirrorHeaderValue)
				}
			}
			last := routes[len(routes)-1]
			if len(last.GetRoute().GetRequestMirrorPolicies()) != 0 || last.GetRoute().GetCluster() != c.EnvoyProductionCluster() {
				t.Errorf("catch-all route = %v, want production without mirror", last)
			}
		})
	}
}

// TestEnvoyValidationCatchesBadConfig shows that the checks above can fail:
// Envoy's rules refuse a virtual host without a name, and decoding refuses a
// misspelt field.
func TestEnvoyValidationCatchesBadConfig(t *testing.T) {
	t.Parallel()
	c, err := Compile(renderCases[0].route)
	if err != nil {
		t.Fatal(err)
	}
	rc := c.EnvoyRouteConfiguration()
	rc.GetVirtualHosts()[0].Name = ""
	if err := rc.ValidateAll(); err == nil {
		t.Fatal("ValidateAll accepted a virtual host without a name")
	}
	var decoded routev3.RouteConfiguration
	if err := protojson.Unmarshal([]byte(`{"name": "x", "virtualHost": []}`), &decoded); err == nil {
		t.Fatal("protojson accepted an unknown field")
	}
}
