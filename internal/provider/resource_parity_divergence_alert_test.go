package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"go.yaml.in/yaml/v3"

	"github.com/envparity/terraform-provider-parity/internal/divergence"
)

const divergenceAlertAddress = "parity_divergence_alert.test"

// prometheusAccepts checks a rendered rule file with Prometheus's own
// parser, as Prometheus does when it loads the file.
func prometheusAccepts(v string) error {
	return divergence.Validate([]byte(v))
}

// manifestAccepted checks that a PrometheusRule manifest is one, and that
// its spec is a rule file Prometheus accepts (what the Operator hands it).
func manifestAccepted(namespace string) func(string) error {
	return func(v string) error {
		var obj struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
			Metadata   struct {
				Name      string `yaml:"name"`
				Namespace string `yaml:"namespace"`
			} `yaml:"metadata"`
			Spec yaml.Node `yaml:"spec"`
		}
		if err := yaml.Unmarshal([]byte(v), &obj); err != nil {
			return err
		}
		if obj.APIVersion != "monitoring.coreos.com/v1" || obj.Kind != "PrometheusRule" || obj.Metadata.Namespace != namespace {
			return fmt.Errorf("got %s %s in namespace %q, want a monitoring.coreos.com/v1 PrometheusRule in %q",
				obj.APIVersion, obj.Kind, obj.Metadata.Namespace, namespace)
		}
		spec, err := yaml.Marshal(&obj.Spec)
		if err != nil {
			return err
		}
		return divergence.Validate(spec)
	}
}

func TestAccDivergenceAlertResource(t *testing.T) {
	requireTerraform(t)
	config := func(ratio string) string {
		return `
resource "parity_divergence_alert" "test" {
  name               = "checkout"
  group_by           = ["service", "endpoint"]
  match_labels       = { job = "checkout" }
  ratio              = ` + ratio + `
  request_metric     = "http_requests_total"
  latency_histogram  = "http_request_duration_seconds"
  runbook_url        = "https://runbooks.example.com/parity"
  labels             = { team = "payments" }
  manifest_namespace = "monitoring"

  error_rate {
    max_difference = 0.02
  }

  latency {
    quantiles = [0.95, 0.99]
    tolerance = 0.25
  }

  saturation {
    resource = "cpu"
    metric   = "service:cpu_utilisation:ratio"
    group_by = ["service"]
    severity  = "critical"
    tolerance = 0.4
  }
}
`
	}
	names := knownvalue.ListExact([]knownvalue.Check{
		knownvalue.StringExact("CheckoutErrorRateDivergence"),
		knownvalue.StringExact("CheckoutLatencyP95Divergence"),
		knownvalue.StringExact("CheckoutLatencyP99Divergence"),
		knownvalue.StringExact("CheckoutCPUSaturationDivergence"),
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("0.5"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(divergenceAlertAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("alert_names"), names),
						plancheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("rules_yaml"), knownvalue.StringFunc(prometheusAccepts)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("group_name"), knownvalue.StringExact("parity-divergence-checkout")),
					statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("alert_names"), names),
					statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("rules_yaml"), knownvalue.StringFunc(prometheusAccepts)),
					statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("rules_yaml"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)alert: CheckoutCPUSaturationDivergence.*/\s+0\.5\n.*severity: critical.*request rate ÷ 0\.5;`))),
					statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("rules_yaml"),
						knownvalue.StringRegexp(regexp.MustCompile(`rate\(http_requests_total\{code=~"5\.\.",environment="staging",job="checkout"\}\[5m\]\)`))),
					statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("prometheus_rule_manifest"), knownvalue.StringFunc(manifestAccepted("monitoring"))),
				},
			},
			{
				// Equal capacity: the saturation rule no longer divides by the
				// ratio, and the plan shows the new rules.
				Config: config("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(divergenceAlertAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("rules_yaml"), knownvalue.StringFunc(func(v string) error {
							if strings.Contains(v, "÷ 0.5") || strings.Contains(v, "/\n                    0.5\n") {
								return fmt.Errorf("rules still divide by the old ratio 0.5:\n%s", v)
							}
							return prometheusAccepts(v)
						})),
					},
				},
			},
		},
	})
}

func TestAccDivergenceAlertResourceMinimal(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "parity_divergence_alert" "test" {
  name           = "web"
  request_metric = "http_requests_total"

  error_rate {}
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("alert_names"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("WebErrorRateDivergence")})),
				statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("rules_yaml"),
					knownvalue.StringRegexp(regexp.MustCompile(`(?s)for: 10m.*severity: warning`))),
				statecheck.ExpectKnownValue(divergenceAlertAddress, tfjsonpath.New("prometheus_rule_manifest"),
					knownvalue.StringRegexp(regexp.MustCompile(`(?m)^  name: parity-divergence-web$`))),
			},
		}},
	})
}

// TestAccDivergenceAlertResourceInvalid checks that declarations Prometheus
// would refuse fail the plan with the attribute named.
func TestAccDivergenceAlertResourceInvalid(t *testing.T) {
	requireTerraform(t)
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{
			name: "metric name",
			body: `request_metric = "http-requests"
  error_rate {}`,
			want: regexp.MustCompile(`(?s)Invalid Divergence Alert.*Attribute request_metric: "http-requests" is not a`),
		},
		{
			name: "no rule",
			body: `request_metric = "http_requests_total"`,
			want: regexp.MustCompile(`(?s)Invalid Divergence Alert.*Declare at least one of error_rate, latency`),
		},
		{
			name: "quantile",
			body: `latency_histogram = "http_request_duration_seconds"
  latency {
    quantiles = [0.95, 99]
  }`,
			want: regexp.MustCompile(`(?s)Invalid Divergence Alert.*Attribute latency.quantiles\[1\]: a quantile is between 0 and 1`),
		},
		{
			name: "utf8 label",
			body: `request_metric = "http_requests_total"
  group_by       = ["service.name"]
  error_rate {}`,
			want: regexp.MustCompile(`(?s)Invalid Divergence Alert.*Attribute group_by\[0\]: "service.name" is not`),
		},
		{
			name: "aggregation",
			body: `request_metric = "http_requests_total"
  saturation {
    resource    = "cpu"
    metric      = "cpu_utilisation"
    aggregation = "sum"
  }`,
			want: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*aggregation.*value must be one of`),
		},
		{
			name: "duration",
			body: `request_metric = "http_requests_total"
  error_rate {
    for = "ten minutes"
  }`,
			want: regexp.MustCompile(`(?s)Attribute error_rate.for: "ten minutes" is not a Prometheus duration`),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: `
resource "parity_divergence_alert" "test" {
  name = "web"
  ` + tc.body + `
}
`,
					ExpectError: tc.want,
				}},
			})
		})
	}
}
