package shadow

import (
	"bytes"
	"encoding/json"
	"strings"

	mutationv3 "github.com/envoyproxy/go-control-plane/envoy/config/common/mutation_rules/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// EnvoyProductionCluster and EnvoyStagingCluster name the clusters the
// Envoy route sends to; the Envoy configuration defines them with the
// route's upstreams as endpoints.
func (c *Config) EnvoyProductionCluster() string { return "parity_" + c.Name + "_production" }
func (c *Config) EnvoyStagingCluster() string    { return "parity_" + c.Name + "_staging" }

// EnvoyRouteRuntimeKey is the runtime key that can override the sampled
// share without a configuration push.
func (c *Config) EnvoyRouteRuntimeKey() string { return "parity." + c.Name + ".mirror_percent" }

// EnvoyRouteConfiguration builds the Envoy route configuration: per path, a
// route for the allowed methods that mirrors with request_mirror_policies,
// then a catch-all to production that does not.
//
// Envoy samples per request only (its fraction is drawn from the request id),
// always mirrors the body (mirror_body is nginx's choice only), has no
// timeout of its own for mirrors (they share the route's, and never hold the
// client's response) and needs the two clusters defined elsewhere.
func (c *Config) EnvoyRouteConfiguration() *routev3.RouteConfiguration {
	mirror := &routev3.RouteAction_RequestMirrorPolicy{
		Cluster: c.EnvoyStagingCluster(),
		RuntimeFraction: &corev3.RuntimeFractionalPercent{
			DefaultValue: &typev3.FractionalPercent{
				Numerator:   uint32(c.Hundredths),
				Denominator: typev3.FractionalPercent_TEN_THOUSAND,
			},
			RuntimeKey: c.EnvoyRouteRuntimeKey(),
		},
		// Staging sees production's Host, as with nginx, not "host-shadow".
		DisableShadowHostSuffixAppend: true,
		RequestHeadersMutations: []*mutationv3.HeaderMutation{{
			Action: &mutationv3.HeaderMutation_Append{Append: &corev3.HeaderValueOption{
				Header:       &corev3.HeaderValue{Key: c.MirrorHeaderName, Value: c.MirrorHeaderValue},
				AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD,
			}},
		}},
	}
	methods := &routev3.HeaderMatcher{
		Name: ":method",
		HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: &matcherv3.StringMatcher{
			MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{
				Regex: strings.Join(c.Methods, "|"),
			}},
		}},
	}
	// Removing the header on every route stops clients posing as mirrored
	// requests; the mirror policy adds it back on the copy only.
	strip := []string{c.MirrorHeaderName}
	var routes []*routev3.Route
	for _, p := range c.Paths {
		routes = append(routes, &routev3.Route{
			Name:                   "mirror " + p,
			Match:                  &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: p}, Headers: []*routev3.HeaderMatcher{methods}},
			Action:                 &routev3.Route_Route{Route: &routev3.RouteAction{ClusterSpecifier: &routev3.RouteAction_Cluster{Cluster: c.EnvoyProductionCluster()}, RequestMirrorPolicies: []*routev3.RouteAction_RequestMirrorPolicy{mirror}}},
			RequestHeadersToRemove: strip,
		})
	}
	routes = append(routes, &routev3.Route{
		Name:                   "production",
		Match:                  &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}},
		Action:                 &routev3.Route_Route{Route: &routev3.RouteAction{ClusterSpecifier: &routev3.RouteAction_Cluster{Cluster: c.EnvoyProductionCluster()}}},
		RequestHeadersToRemove: strip,
	})
	return &routev3.RouteConfiguration{
		Name: "parity_" + c.Name,
		VirtualHosts: []*routev3.VirtualHost{{
			Name:    "parity_" + c.Name,
			Domains: c.envoyDomains(),
			Routes:  routes,
		}},
	}
}

func (c *Config) envoyDomains() []string {
	var domains []string
	for _, n := range c.ServerNames {
		if n == "_" {
			n = "*"
		}
		domains = append(domains, n)
	}
	return domains
}

// EnvoyRouteConfigJSON is EnvoyRouteConfiguration as indented proto JSON,
// the form Envoy's RDS and static configuration accept.
func (c *Config) EnvoyRouteConfigJSON() (string, error) {
	return stableProtoJSON(c.EnvoyRouteConfiguration())
}

// stableProtoJSON re-indents protojson output: protojson varies its
// whitespace on purpose, and a computed attribute must not change between
// provider builds when nothing else did.
func stableProtoJSON(m proto.Message) (string, error) {
	raw, err := protojson.Marshal(m)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return "", err
	}
	b.WriteByte('\n')
	return b.String(), nil
}
