package shadow

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	networkingv1 "istio.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

// IstioName is the VirtualService's metadata.name.
func (c *Config) IstioName() string { return "parity-" + c.Name }

// IstioVirtualServiceSpec builds the VirtualService spec: per path, a route
// for the allowed methods to production with mirror and mirrorPercentage,
// then a catch-all to production.
//
// Istio cannot add a mirror-only header (its header operations apply to
// both copies; staging can tell mirrored requests by the "-shadow" suffix
// Envoy appends to their Host), samples per request only, mirrors to a
// single destination (the first staging upstream; a Kubernetes Service
// balances behind it) and has no mirror timeout of its own.
func (c *Config) IstioVirtualServiceSpec() *networkingv1.VirtualService {
	production := c.istioDestinations()
	// Removing the header on production's copy stops clients posing as
	// mirrored requests.
	strip := &networkingv1.Headers{Request: &networkingv1.Headers_HeaderOperations{Remove: []string{c.MirrorHeaderName}}}
	methods := &networkingv1.StringMatch{MatchType: &networkingv1.StringMatch_Regex{Regex: strings.Join(c.Methods, "|")}}
	var routes []*networkingv1.HTTPRoute
	for i, p := range c.Paths {
		routes = append(routes, &networkingv1.HTTPRoute{
			Name: "mirror-" + strconv.Itoa(i),
			Match: []*networkingv1.HTTPMatchRequest{{
				Uri:    &networkingv1.StringMatch{MatchType: &networkingv1.StringMatch_Prefix{Prefix: p}},
				Method: methods,
			}},
			Route:            production,
			Headers:          strip,
			Mirror:           istioDestination(c.StagingUpstreams[0]),
			MirrorPercentage: &networkingv1.Percent{Value: c.Percentage()},
		})
	}
	routes = append(routes, &networkingv1.HTTPRoute{Name: "production", Route: production, Headers: strip})
	return &networkingv1.VirtualService{Hosts: c.istioHosts(), Http: routes}
}

// istioHosts are the production hosts: the VirtualService applies to the
// traffic addressed to production.
func (c *Config) istioHosts() []string {
	var hosts []string
	for _, u := range c.ProductionUpstreams {
		if !slices.Contains(hosts, u.Host) {
			hosts = append(hosts, u.Host)
		}
	}
	return hosts
}

// istioDestinations spreads production over its upstreams; Istio wants the
// weights of several destinations to add up to 100.
func (c *Config) istioDestinations() []*networkingv1.HTTPRouteDestination {
	n := len(c.ProductionUpstreams)
	var ds []*networkingv1.HTTPRouteDestination
	for i, u := range c.ProductionUpstreams {
		d := &networkingv1.HTTPRouteDestination{Destination: istioDestination(u)}
		if n > 1 {
			d.Weight = int32(100 / n)
			if i == 0 {
				d.Weight += int32(100 % n)
			}
		}
		ds = append(ds, d)
	}
	return ds
}

func istioDestination(u Upstream) *networkingv1.Destination {
	return &networkingv1.Destination{Host: u.Host, Port: &networkingv1.PortSelector{Number: uint32(u.Port)}}
}

// IstioVirtualServiceYAML is the VirtualService as a Kubernetes manifest
// (networking.istio.io/v1).
func (c *Config) IstioVirtualServiceYAML() (string, error) {
	spec, err := stableProtoJSON(c.IstioVirtualServiceSpec())
	if err != nil {
		return "", err
	}
	manifest := map[string]any{
		"apiVersion": "networking.istio.io/v1",
		"kind":       "VirtualService",
		"metadata": map[string]any{
			"name":   c.IstioName(),
			"labels": map[string]string{"app.kubernetes.io/managed-by": "terraform-provider-parity"},
		},
		"spec": json.RawMessage(spec),
	}
	raw, err := json.Marshal(manifest)
	if err != nil {
		return "", err
	}
	out, err := yaml.JSONToYAML(raw)
	return string(out), err
}
