package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

const shadowRouteAddress = "parity_shadow_route.test"

func TestAccShadowRoute(t *testing.T) {
	requireTerraform(t)
	hashChanges := statecheck.CompareValue(compare.ValuesDiffer())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "parity_shadow_route" "test" {
  production_upstreams = ["10.0.0.1:8080", "10.0.0.2:8080"]
  staging_upstreams    = ["staging.internal:8080"]
  percentage           = 10
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(shadowRouteAddress, plancheck.ResourceActionCreate),
						// The outputs are computed at plan time, so plan shows them.
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("nginx_config"),
							knownvalue.StringRegexp(regexp.MustCompile(`mirror /_parity_shadow_mirror;`))),
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("config_hash"),
							knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
						// The relay's default address derives from name, and plan shows it.
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("mirror_relay_listen"),
							knownvalue.StringExact("unix:/run/parity-shadow/relay.sock")),
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("relay_command"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("parity"), knownvalue.StringExact("shadow-relay"),
							knownvalue.StringExact("--name"), knownvalue.StringExact("shadow"),
							knownvalue.StringExact("--listen"), knownvalue.StringExact("unix:/run/parity-shadow/relay.sock"),
							knownvalue.StringExact("--staging"), knownvalue.StringExact("staging.internal:8080"),
							knownvalue.StringExact("--mirror-header"), knownvalue.StringExact("X-Shadowed-Request: true"),
							knownvalue.StringExact("--connect-timeout"), knownvalue.StringExact("100ms"),
							knownvalue.StringExact("--read-timeout"), knownvalue.StringExact("500ms"),
						})),
						// No capacity declared: no rate cap.
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("max_rps"), knownvalue.Null()),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					hashChanges.AddStateValue(shadowRouteAddress, tfjsonpath.New("config_hash")),
					statecheck.CompareValuePairs(shadowRouteAddress, tfjsonpath.New("id"),
						shadowRouteAddress, tfjsonpath.New("config_hash"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("methods"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("GET"), knownvalue.StringExact("HEAD")})),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("sample_by"), knownvalue.StringExact("request")),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("paths"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("/")})),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("mirror_header_name"), knownvalue.StringExact("X-Shadowed-Request")),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("mirror_relay"), knownvalue.StringExact("shadow-relay")),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("mirror_read_timeout"), knownvalue.StringExact("500ms")),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("nginx_config"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)split_clients "\$\{request_id\}" \$parity_shadow_sampled \{\s+10\.00% 1;`))),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("envoy_route_config"),
						knownvalue.StringRegexp(regexp.MustCompile(`"numerator": 1000,\s+"denominator": "TEN_THOUSAND"`))),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("istio_virtual_service"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)kind: VirtualService.*mirrorPercentage:\s+value: 10\n`))),
				},
			},
			{
				// Re-spelling the same declaration plans no change.
				Config: `
resource "parity_shadow_route" "test" {
  production_upstreams = ["10.0.0.1:8080", "10.0.0.2:8080"]
  staging_upstreams    = ["staging.internal:8080"]
  percentage           = 10.00
  methods              = ["HEAD", "GET"]
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: `
resource "parity_shadow_route" "test" {
  name                 = "checkout"
  production_upstreams = ["10.0.0.1:8080", "10.0.0.2:8080"]
  staging_upstreams    = ["staging.internal:8080"]
  percentage           = 2.5
  sample_by            = "header:X-User-Id"
  methods              = ["GET", "POST"]
  allow_unsafe_methods = true
  mirror_body          = true
  paths                = ["/api/", "/search"]
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(shadowRouteAddress, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					hashChanges.AddStateValue(shadowRouteAddress, tfjsonpath.New("config_hash")),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("nginx_config"), knownvalue.StringRegexp(regexp.MustCompile(
						`(?s)split_clients "\$\{http_x_user_id\}" \$parity_checkout_sampled \{\s+2\.50% 1;.*"~\^1:\(GET\|POST\):\." 1;.*location /api/ \{.*mirror_request_body on;`))),
					// A new name moves the default relay socket along.
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("mirror_relay_listen"),
						knownvalue.StringExact("unix:/run/parity-checkout/relay.sock")),
				},
			},
			{
				// A declared capacity and ratio cap the relay, and plan shows
				// the cap in max_rps and relay_command.
				Config: `
resource "parity_shadow_route" "test" {
  name                    = "checkout"
  production_upstreams    = ["10.0.0.1:8080", "10.0.0.2:8080"]
  staging_upstreams       = ["staging.internal:8080"]
  percentage              = 2.5
  production_capacity_rps = 1200
  staging_ratio           = 0.25
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("max_rps"), knownvalue.Float64Exact(300)),
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("relay_command").AtSliceIndex(14), knownvalue.StringExact("--max-rps")),
						plancheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("relay_command").AtSliceIndex(15), knownvalue.StringExact("300")),
					},
				},
			},
			{
				// Set, max_rps wins over the derived cap.
				Config: `
resource "parity_shadow_route" "test" {
  name                    = "checkout"
  production_upstreams    = ["10.0.0.1:8080", "10.0.0.2:8080"]
  staging_upstreams       = ["staging.internal:8080"]
  percentage              = 2.5
  production_capacity_rps = 1200
  staging_ratio           = 0.25
  max_rps                 = 12.5
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("max_rps"), knownvalue.Float64Exact(12.5)),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("relay_command").AtSliceIndex(15), knownvalue.StringExact("12.5")),
				},
			},
			{
				Config: `
resource "parity_shadow_route" "test" {
  name                 = "checkout"
  production_upstreams = ["10.0.0.1:8080", "10.0.0.2:8080"]
  staging_upstreams    = ["staging.internal:8080"]
  percentage           = 2.5
  mirror_relay         = "nginx"
  mirror_relay_listen  = "127.0.0.1:8481"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("mirror_relay_listen"), knownvalue.StringExact("127.0.0.1:8481")),
					// nginx relays itself: there is no command to run.
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("relay_command"), knownvalue.Null()),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("max_rps"), knownvalue.Null()),
					statecheck.ExpectKnownValue(shadowRouteAddress, tfjsonpath.New("nginx_config"), knownvalue.StringRegexp(regexp.MustCompile(
						`(?s)upstream parity_checkout_relay \{\s+server 127\.0\.0\.1:8481;.*proxy_pass http://parity_checkout_relay\$request_uri;.*listen 127\.0\.0\.1:8481;.*proxy_ignore_client_abort on;`))),
				},
			},
		},
	})
}

func TestAccShadowRouteValidation(t *testing.T) {
	requireTerraform(t)
	tests := []struct {
		name, attributes string
		want             *regexp.Regexp
	}{
		{
			name: "overlap after normalising",
			attributes: `production_upstreams = ["LOCALHOST:80"]
  staging_upstreams = ["127.0.0.1"]`,
			want: regexp.MustCompile(`(?s)Staging Upstream Overlaps Production.*staging_upstreams\[0\]`),
		},
		{
			name:       "percentage zero",
			attributes: `percentage = 0`,
			want:       regexp.MustCompile(`(?s)Invalid Percentage.*percentage must be greater than 0`),
		},
		{
			name:       "percentage with three decimals",
			attributes: `percentage = 12.345`,
			want:       regexp.MustCompile(`(?s)Invalid Percentage.*at most two decimals`),
		},
		{
			name:       "bad host:port",
			attributes: `staging_upstreams = ["staging.internal:99999"]`,
			want:       regexp.MustCompile(`(?s)Invalid Upstream.*staging_upstreams\[0\].*port is a\s+number from 1 to 65535`),
		},
		{
			name:       "empty list",
			attributes: `production_upstreams = []`,
			want:       regexp.MustCompile(`(?s)production_upstreams.*at least 1`),
		},
		{
			name:       "bad header name",
			attributes: `mirror_header_name = "X Shadow"`,
			want:       regexp.MustCompile(`(?s)Invalid Header Name.*RFC 9110`),
		},
		{
			name:       "bad sampling header",
			attributes: `sample_by = "header:X User"`,
			want:       regexp.MustCompile(`(?s)Invalid Sampling.*not a valid header name`),
		},
		{
			name:       "unsafe methods without opt-in",
			attributes: `methods = ["GET", "POST", "DELETE"]`,
			want:       regexp.MustCompile(`(?s)Unsafe Methods Need Opt-In.*methods includes DELETE, POST`),
		},
		{
			name:       "relay reachable from other hosts",
			attributes: `mirror_relay_listen = "0.0.0.0:8481"`,
			want:       regexp.MustCompile(`(?s)Invalid Relay Address.*loopback`),
		},
		{
			name: "relay on the shadowing port",
			attributes: `listen = 8080
  mirror_relay_listen = "127.0.0.1:8080"`,
			want: regexp.MustCompile(`(?s)Invalid Relay Address.*mirror_relay_listen.*port 8080`),
		},
		{
			name:       "unknown relay",
			attributes: `mirror_relay = "envoy"`,
			want:       regexp.MustCompile(`(?s)Invalid Relay.*"shadow-relay".*or "nginx"`),
		},
		{
			name:       "rate cap with nginx's relay",
			attributes: "mirror_relay = \"nginx\"\n  max_rps = 100",
			want:       regexp.MustCompile(`(?s)Rate Cap Needs the Relay Process.*max_rps`),
		},
		{
			name:       "capacity without ratio",
			attributes: `production_capacity_rps = 1000`,
			want:       regexp.MustCompile(`(?s)Incomplete Rate Cap.*staging_ratio`),
		},
		{
			name:       "negative rate cap",
			attributes: `max_rps = -1`,
			want:       regexp.MustCompile(`(?s)Invalid Rate Cap.*greater than 0`),
		},
		{
			name:       "bad timeout",
			attributes: `mirror_read_timeout = "soon"`,
			want:       regexp.MustCompile(`(?s)Invalid Timeout.*not a duration`),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      shadowRouteConfig(tt.attributes),
					ExpectError: tt.want,
				}},
			})
		})
	}
}

// shadowRouteConfig is a valid route with attributes added or overriding
// the defaults below (Terraform refuses an attribute set twice, so the
// defaults are dropped where attributes names them).
func shadowRouteConfig(attributes string) string {
	defaults := [][2]string{
		{"production_upstreams", `["10.0.0.1:8080"]`},
		{"staging_upstreams", `["10.0.1.1:8080"]`},
		{"percentage", `10`},
	}
	config := "resource \"parity_shadow_route\" \"test\" {\n  " + attributes + "\n"
	for _, d := range defaults {
		if !regexp.MustCompile(`(?m)^\s*` + d[0] + `\s*=`).MatchString(attributes) {
			config += "  " + d[0] + " = " + d[1] + "\n"
		}
	}
	return config + "}\n"
}

// TestAccShadowRouteSystemdUnit renders the documentation's systemd unit
// (examples/resources/parity_shadow_route) from relay_command, as the
// example does, and has systemd-analyze verify read it.
func TestAccShadowRouteSystemdUnit(t *testing.T) {
	requireTerraform(t)
	analyze := testutil.RequireBinary(t, "PARITY_SYSTEMD_ANALYZE", "systemd-analyze")
	template, err := filepath.Abs("../../examples/resources/parity_shadow_route/parity-shadow-relay.service.tftpl")
	if err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "parity_shadow_route" "api" {
  name                 = "api"
  production_upstreams = ["10.0.1.10:8080"]
  staging_upstreams    = ["10.0.2.10:8080", "[::1]:9002"]
  percentage           = 5
  mirror_header_value  = "100% shadow"
  max_rps              = 250
}

output "unit" {
  value = templatefile(` + strconv.Quote(template) + `, {
    name    = parity_shadow_route.api.name
    command = parity_shadow_route.api.relay_command
  })
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("unit", systemdUnitCheck{t: t, analyze: analyze,
					execStart: `ExecStart="parity" "shadow-relay" "--name" "api" "--listen" "unix:/run/parity-api/relay.sock" ` +
						`"--staging" "10.0.2.10:8080" "--staging" "[::1]:9002" "--mirror-header" "X-Shadowed-Request: 100%% shadow" ` +
						`"--connect-timeout" "100ms" "--read-timeout" "500ms" "--max-rps" "250"`}),
			},
		}},
	})
}

// systemdUnitCheck accepts a unit that systemd-analyze verify reads without
// a word, in a root of its own holding systemd's units and a parity
// program, with the expected ExecStart line.
type systemdUnitCheck struct {
	t         *testing.T
	analyze   string
	execStart string
}

func (c systemdUnitCheck) String() string { return "a unit that systemd-analyze verify accepts" }

func (c systemdUnitCheck) CheckValue(v any) error {
	unit, ok := v.(string)
	if !ok {
		return fmt.Errorf("the unit is %T, want a string", v)
	}
	if !strings.Contains(unit, "\n"+c.execStart+"\n") {
		return fmt.Errorf("the unit has no line %s:\n%s", c.execStart, unit)
	}
	root := c.t.TempDir()
	systemUnits := "/usr/lib/systemd/system"
	if _, err := os.Stat(systemUnits); err != nil {
		systemUnits = "/lib/systemd/system"
	}
	for _, dir := range []string{"usr/local/bin", "etc/systemd/system", "usr/lib/systemd"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			return err
		}
	}
	// systemd looks the program up on its own search path, in the root.
	if err := os.WriteFile(filepath.Join(root, "usr/local/bin/parity"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-r", systemUnits, filepath.Join(root, "usr/lib/systemd/system")).CombinedOutput(); err != nil {
		return fmt.Errorf("copying systemd's units: %v\n%s", err, out)
	}
	const name = "/etc/systemd/system/parity-shadow-relay-api.service"
	if err := os.WriteFile(filepath.Join(root, name), []byte(unit), 0o644); err != nil {
		return err
	}
	out, err := exec.Command(c.analyze, "verify", "--root="+root, name).CombinedOutput()
	if err != nil || len(out) > 0 {
		return fmt.Errorf("systemd-analyze verify: %v\n%s\n%s", err, out, unit)
	}
	return nil
}
