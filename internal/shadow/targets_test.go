package shadow

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// The oldest proxies the rendered configuration targets, as the README
// states. Envoy and Istio cannot run here, so the tests below check the
// output with the consumers' own code (go-control-plane's validation rules,
// Istio's validation package) and pin what the output uses to what these
// versions know.
const (
	// minimumEnvoy: RequestMirrorPolicy.request_headers_mutations, which adds
	// the mirror-only header to the copy alone, first shipped in Envoy 1.36.0.
	minimumEnvoy = "1.36"
	// minimumIstio: the networking.istio.io/v1 API is served since Istio 1.22.
	minimumIstio = "1.22"
)

// envoyFieldsKnownTo are the Envoy API fields the rendered route may set,
// all present in Envoy minimumEnvoy. A rendering that sets any other field
// fails TestEnvoyRouteUsesOnlyFieldsOfMinimumEnvoy: add the field here only
// once the Envoy version that introduced it is at most minimumEnvoy, or
// raise minimumEnvoy (and the README) with it.
var envoyFieldsKnownTo = []protoreflect.FullName{
	"envoy.config.route.v3.RouteConfiguration.name",
	"envoy.config.route.v3.RouteConfiguration.virtual_hosts",
	"envoy.config.route.v3.VirtualHost.name",
	"envoy.config.route.v3.VirtualHost.domains",
	"envoy.config.route.v3.VirtualHost.routes",
	"envoy.config.route.v3.Route.name",
	"envoy.config.route.v3.Route.match",
	"envoy.config.route.v3.Route.route",
	"envoy.config.route.v3.Route.request_headers_to_remove",
	"envoy.config.route.v3.RouteMatch.prefix",
	"envoy.config.route.v3.RouteMatch.headers",
	"envoy.config.route.v3.HeaderMatcher.name",
	"envoy.config.route.v3.HeaderMatcher.string_match",
	"envoy.type.matcher.v3.StringMatcher.safe_regex",
	"envoy.type.matcher.v3.RegexMatcher.regex",
	"envoy.config.route.v3.RouteAction.cluster",
	"envoy.config.route.v3.RouteAction.request_mirror_policies",
	"envoy.config.route.v3.RouteAction.RequestMirrorPolicy.cluster",
	"envoy.config.route.v3.RouteAction.RequestMirrorPolicy.runtime_fraction",
	"envoy.config.route.v3.RouteAction.RequestMirrorPolicy.disable_shadow_host_suffix_append",
	"envoy.config.route.v3.RouteAction.RequestMirrorPolicy.request_headers_mutations",
	"envoy.config.core.v3.RuntimeFractionalPercent.default_value",
	"envoy.config.core.v3.RuntimeFractionalPercent.runtime_key",
	"envoy.type.v3.FractionalPercent.numerator",
	"envoy.type.v3.FractionalPercent.denominator",
	"envoy.config.common.mutation_rules.v3.HeaderMutation.append",
	"envoy.config.core.v3.HeaderValueOption.header",
	"envoy.config.core.v3.HeaderValueOption.append_action",
	"envoy.config.core.v3.HeaderValue.key",
	"envoy.config.core.v3.HeaderValue.value",
}

// setFields collects the full names of every field set anywhere in m.
func setFields(m protoreflect.Message, into map[protoreflect.FullName]bool) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		into[fd.FullName()] = true
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := range v.List().Len() {
				setFields(v.List().Get(i).Message(), into)
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				setFields(mv.Message(), into)
				return true
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			setFields(v.Message(), into)
		}
		return true
	})
}

func TestEnvoyRouteUsesOnlyFieldsOfMinimumEnvoy(t *testing.T) {
	t.Parallel()
	used := map[protoreflect.FullName]bool{}
	for _, tt := range renderCases {
		c, err := Compile(tt.route)
		if err != nil {
			t.Fatal(err)
		}
		setFields(c.EnvoyRouteConfiguration().ProtoReflect(), used)
	}
	for name := range used {
		if !slices.Contains(envoyFieldsKnownTo, name) {
			t.Errorf("the Envoy route sets %s, which is not known to be in Envoy %s: see envoyFieldsKnownTo", name, minimumEnvoy)
		}
	}
	// The list must not hold fields the renderer stopped using, or it would
	// vouch for more than it checks.
	for _, name := range envoyFieldsKnownTo {
		if !used[name] {
			t.Errorf("envoyFieldsKnownTo lists %s, which no rendered route sets: remove it", name)
		}
	}
}

// istioCases are routes as a mesh names them: Istio routes to services by
// host name, and refuses IP addresses as hosts and destinations (which
// renderCases use, so that nginx -t needs no DNS).
var istioCases = []struct {
	name  string
	route Route
}{
	{name: "defaults", route: Route{
		ProductionUpstreams: []string{"orders.production.svc.cluster.local:8080"},
		StagingUpstreams:    []string{"orders.staging.svc.cluster.local:8080"},
		Percentage:          10,
	}},
	{name: "weighted_paths", route: Route{
		Name:                "checkout",
		ProductionUpstreams: []string{"checkout-a.production.svc.cluster.local:8080", "checkout-b.production.svc.cluster.local:8080", "checkout-c.production:9090"},
		StagingUpstreams:    []string{"checkout.staging.svc.cluster.local"},
		Percentage:          2.5,
		Paths:               []string{"/api/", "/search"},
	}},
	{name: "unsafe_methods", route: Route{
		Name:                "orders-v2",
		ProductionUpstreams: []string{"orders:9001"},
		StagingUpstreams:    []string{"orders.staging:9002", "orders-2.staging:9002"},
		Percentage:          100,
		Methods:             []string{"PUT", "GET", "POST"},
		AllowUnsafeMethods:  true,
		MirrorHeaderName:    "X-Mirror",
	}},
}

// TestIstioValidationAcceptsVirtualService runs Istio's own validation (the
// istioctl validate code path, built from tools/istio-validate) on rendered
// VirtualServices.
func TestIstioValidationAcceptsVirtualService(t *testing.T) {
	t.Parallel()
	validator := testutil.RequireBinary(t, "PARITY_ISTIO_VALIDATE", "istio-validate")
	for _, tt := range istioCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Compile(tt.route)
			if err != nil {
				t.Fatal(err)
			}
			rendered, err := c.IstioVirtualServiceYAML()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(rendered, "apiVersion: networking.istio.io/v1\n") {
				t.Errorf("apiVersion is not networking.istio.io/v1, which Istio %s serves:\n%s", minimumIstio, rendered)
			}
			if out, err := runIstioValidate(t, validator, rendered); err != nil {
				t.Errorf("Istio's validation refuses the rendered VirtualService: %v\n%s\n%s", err, out, rendered)
			}
		})
	}
}

// TestIstioValidationRefusesBrokenVirtualService shows that the check above
// can fail: from a VirtualService it accepts, Istio refuses one with a
// mirror percentage over 100, a field its API does not have, an IP address
// for a host, and a document that is not an Istio resource.
func TestIstioValidationRefusesBrokenVirtualService(t *testing.T) {
	t.Parallel()
	validator := testutil.RequireBinary(t, "PARITY_ISTIO_VALIDATE", "istio-validate")
	c, err := Compile(istioCases[0].route)
	if err != nil {
		t.Fatal(err)
	}
	rendered, err := c.IstioVirtualServiceYAML()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"mirror percentage over 100", "mirrorPercentage:\n      value: 10\n", "mirrorPercentage:\n      value: 150\n", "mirror_percentage"},
		{"unknown field", "mirrorPercentage:", "mirrorRatio:", "mirrorRatio"},
		{"IP address host", "host: orders.staging.svc.cluster.local", "host: 10.0.1.1", "0.1.1"},
		{"not an Istio resource", "kind: VirtualService", "kind: Service", "not an Istio configuration resource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(rendered, tt.from) {
				t.Fatalf("rendered VirtualService lacks %q:\n%s", tt.from, rendered)
			}
			out, err := runIstioValidate(t, validator, strings.Replace(rendered, tt.from, tt.to, 1))
			if err == nil || !strings.Contains(out, tt.want) {
				t.Errorf("istio-validate: %v, output %q; want a failure naming %q", err, out, tt.want)
			}
		})
	}
}

func runIstioValidate(t *testing.T, validator, manifest string) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "virtualservice.yaml")
	if err := os.WriteFile(file, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(validator, file).CombinedOutput()
	return string(out), err
}
