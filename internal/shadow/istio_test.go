package shadow

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	networkingv1 "istio.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

// istioManifest is the Kubernetes envelope of a VirtualService.
type istioManifest struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name   string            `json:"name"`
		Labels map[string]string `json:"labels"`
	} `json:"metadata"`
	Spec json.RawMessage `json:"spec"`
}

// dns1123Label is the Kubernetes rule for metadata.name of a VirtualService.
var dns1123Label = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

func decodeIstio(t *testing.T, rendered string) (istioManifest, *networkingv1.VirtualService) {
	t.Helper()
	raw, err := yaml.YAMLToJSON([]byte(rendered))
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	var m istioManifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest envelope: %v", err)
	}
	var vs networkingv1.VirtualService
	if err := (protojson.UnmarshalOptions{DiscardUnknown: false}).Unmarshal(m.Spec, &vs); err != nil {
		t.Fatalf("decoding spec as istio.networking.v1.VirtualService: %v", err)
	}
	return m, &vs
}

// TestIstioVirtualServiceDecodes decodes the rendered manifest with Istio's
// published API types, refusing unknown fields, and checks the mirror.
func TestIstioVirtualServiceDecodes(t *testing.T) {
	t.Parallel()
	for _, tt := range renderCases {
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
			m, vs := decodeIstio(t, rendered)
			if m.APIVersion != "networking.istio.io/v1" || m.Kind != "VirtualService" {
				t.Errorf("apiVersion/kind = %s/%s", m.APIVersion, m.Kind)
			}
			if !dns1123Label.MatchString(m.Metadata.Name) {
				t.Errorf("metadata.name %q is not a DNS-1123 label", m.Metadata.Name)
			}
			routes := vs.GetHttp()
			if got, want := len(routes), len(c.Paths)+1; got != want {
				t.Fatalf("%d http routes, want %d", got, want)
			}
			for i, r := range routes[:len(c.Paths)] {
				if got := r.GetMirrorPercentage().GetValue(); got != c.Percentage() {
					t.Errorf("route %d mirrorPercentage = %v, want %v", i, got, c.Percentage())
				}
				if got, want := r.GetMirror().GetHost(), c.StagingUpstreams[0].Host; got != want {
					t.Errorf("route %d mirror host = %q, want %q", i, got, want)
				}
				if got := r.GetMatch()[0].GetUri().GetPrefix(); got != c.Paths[i] {
					t.Errorf("route %d prefix = %q, want %q", i, got, c.Paths[i])
				}
				var weights int32
				for _, d := range r.GetRoute() {
					weights += d.GetWeight()
				}
				if len(r.GetRoute()) > 1 && weights != 100 {
					t.Errorf("route %d weights add up to %d, want 100", i, weights)
				}
			}
			if last := routes[len(routes)-1]; last.GetMirror() != nil || len(last.GetMatch()) != 0 {
				t.Errorf("catch-all route = %v, want production without mirror", last)
			}
		})
	}
}

// TestIstioDecodingRefusesUnknownFields shows that the check above can fail.
func TestIstioDecodingRefusesUnknownFields(t *testing.T) {
	t.Parallel()
	var vs networkingv1.VirtualService
	err := protojson.Unmarshal([]byte(`{"hosts": ["a"], "http": [{"mirrorPercent": {"value": 10}}]}`), &vs)
	if err == nil {
		t.Fatal("an unknown field decoded without error")
	}
}
