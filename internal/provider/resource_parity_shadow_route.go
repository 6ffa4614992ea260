package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/shadow"
)

var (
	_ resource.Resource                   = (*shadowRouteResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*shadowRouteResource)(nil)
	_ resource.ResourceWithValidateConfig = (*shadowRouteResource)(nil)
)

// NewShadowRouteResource returns the parity_shadow_route resource.
func NewShadowRouteResource() resource.Resource {
	return &shadowRouteResource{}
}

// shadowRouteResource renders production-to-staging traffic shadowing for
// nginx, Envoy and Istio. It holds no remote object: the outputs are computed
// at plan time and apply stores the plan.
type shadowRouteResource struct{}

func (r *shadowRouteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_shadow_route"
}

func (r *shadowRouteResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	upstreams := func(side string) schema.ListAttribute {
		return schema.ListAttribute{
			MarkdownDescription: "The " + side + " servers as `host:port` (a DNS name, an IPv4 address or a bracketed IPv6 " +
				"address; the port defaults to `80`). At least one. Staging and production may never share a server, " +
				"compared after lower-casing hosts, adding default ports and treating `localhost`, `127.0.0.1` and `::1` as one.",
			ElementType: types.StringType,
			Required:    true,
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.ValueStringsAre(shadowStringCheck("Invalid Upstream", "a host:port", func(s string) error {
					_, err := shadow.ParseUpstream(s)
					return err
				})),
			},
		}
	}
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares production-to-staging traffic shadowing once and renders configuration that is safe to put " +
			"in front of production: an nginx `http` snippet (native `mirror` module) with the command that starts its " +
			"`parity shadow-relay` process, an Envoy route configuration (`request_mirror_policies`) and an Istio " +
			"`VirtualService` (`mirror`, `mirrorPercentage`). Staging answers are discarded; clients only ever get production's. " +
			"Nothing is created remotely; the outputs are computed at plan time.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The `config_hash`."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Names the rendered objects: nginx upstreams and variables (`parity_<name>_…`), Envoy " +
					"clusters and the Istio `VirtualService` (`parity-<name>`). Up to 40 lower-case letters, digits and hyphens. " +
					"Give each route included in the same nginx `http` block its own name. Defaults to `" + shadow.DefaultName + "`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(shadow.DefaultName),
				Validators: []validator.String{shadowStringCheck("Invalid Name", "a route name", shadow.CheckName)},
			},
			"production_upstreams": upstreams("production"),
			"staging_upstreams":    upstreams("staging"),
			"percentage": schema.NumberAttribute{
				MarkdownDescription: "Share of the requests (with an allowed method, on a shadowed path) mirrored to staging: " +
					"from 0.01 to 100 in steps of 0.01, the precision nginx's `split_clients` and Envoy's fractions share " +
					"(nginx refuses `0.00%`).",
				Required:   true,
				Validators: []validator.Number{percentageValidator{check: shadow.CheckPercentage}},
			},
			"sample_by": schema.StringAttribute{
				MarkdownDescription: "What a mirroring decision is sticky to: `request` (each request independently), " +
					"`client` (per client address, nginx `$remote_addr`; behind a load balancer configure nginx's realip module) " +
					"or `header:<Name>` (per value of that header; requests without it are not mirrored). Envoy and Istio " +
					"always sample per request. Defaults to `request`.",
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(shadow.DefaultSampleBy),
				Validators: []validator.String{shadowStringCheck("Invalid Sampling", `"request", "client" or "header:<Name>"`, func(s string) error {
					_, err := shadow.ParseSampleBy(s)
					return err
				})},
			},
			"methods": schema.SetAttribute{
				MarkdownDescription: "HTTP methods that are mirrored, in upper case. Defaults to `GET` and `HEAD`. Methods other " +
					"than `GET`, `HEAD`, `OPTIONS` and `TRACE` (such as `POST`, `PUT`, `PATCH`, `DELETE`) change state and " +
					"are refused unless `allow_unsafe_methods` is `true`; `CONNECT` is never mirrored.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(stringSet(shadow.DefaultMethods)),
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(shadowStringCheck("Invalid Method", "an upper-case HTTP method", shadow.CheckMethod)),
				},
			},
			"allow_unsafe_methods": schema.BoolAttribute{
				MarkdownDescription: "Allow `methods` with side effects. Mirrored writes reach staging's database, queues and " +
					"outgoing e-mail or payment integrations: isolate them first. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"mirror_body": schema.BoolAttribute{
				MarkdownDescription: "Send request bodies to staging too (nginx `mirror_request_body on`, which also makes nginx " +
					"read a body completely before proxying it to production). Envoy and Istio always mirror bodies. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"paths": schema.ListAttribute{
				MarkdownDescription: "Path prefixes whose requests are shadowed; other paths still go to production, unmirrored. " +
					"Each starts with `/`. Defaults to `[\"/\"]`.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{types.StringValue(shadow.DefaultPath)})),
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(shadowStringCheck("Invalid Path", "a path prefix", shadow.CheckPath)),
				},
			},
			"mirror_header_name": schema.StringAttribute{
				MarkdownDescription: "Header set on mirrored requests only, so that staging can tell them apart; removed from " +
					"requests to production so that clients cannot set it. An RFC 9110 token. Istio cannot add it (staging " +
					"sees the `-shadow` suffix Envoy adds to `Host` instead). Defaults to `" + shadow.DefaultMirrorHeaderName + "`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(shadow.DefaultMirrorHeaderName),
				Validators: []validator.String{shadowStringCheck("Invalid Header Name", "an RFC 9110 header name", shadow.CheckMirrorHeaderName)},
			},
			"mirror_header_value": schema.StringAttribute{
				MarkdownDescription: "Value of `mirror_header_name`: visible ASCII, without `\"`, `\\` or `$`. Defaults to `" + shadow.DefaultMirrorHeaderValue + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(shadow.DefaultMirrorHeaderValue),
				Validators:          []validator.String{shadowStringCheck("Invalid Header Value", "a header value", shadow.CheckHeaderValue)},
			},
			"mirror_connect_timeout": schema.StringAttribute{
				MarkdownDescription: "How long the mirror relay tries to connect to staging (`--connect-timeout` of the relay " +
					"process, `proxy_connect_timeout` of nginx's relay), as a duration such as `100ms`. Defaults to `" +
					shadow.DefaultConnectTimeout.String() + "`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(shadow.DefaultConnectTimeout.String()),
				Validators: []validator.String{shadowStringCheck("Invalid Timeout", "a duration", parseTimeoutCheck)},
			},
			"mirror_read_timeout": schema.StringAttribute{
				MarkdownDescription: "How long the mirror relay waits for staging to answer once it has sent the request " +
					"(`--read-timeout` of the relay process; `proxy_send_timeout` and `proxy_read_timeout` of nginx's relay). " +
					"Clients never wait for it: the mirror hands the request to the relay and lets go; staging receives the " +
					"whole request however slowly it answers. It bounds how long a slow staging holds a relay worker (or, " +
					"with `mirror_relay = \"nginx\"`, two nginx connections) per mirrored request. Defaults to `" +
					shadow.DefaultReadTimeout.String() + "`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(shadow.DefaultReadTimeout.String()),
				Validators: []validator.String{shadowStringCheck("Invalid Timeout", "a duration", parseTimeoutCheck)},
			},
			"mirror_relay_listen": schema.StringAttribute{
				MarkdownDescription: "Address of the relay through which the mirror reaches staging: " +
					"`unix:<absolute path>` (at most 107 bytes) or a loopback `127.0.0.1:<port>` / `[::1]:<port>` " +
					"other than `listen`, so that no other host can reach it. The relay process creates the socket " +
					"(mode 0660) and removes it when it stops; with `mirror_relay = \"nginx\"`, nginx's master does (mode 0666). " +
					"The directory must exist and be writable by whoever creates it. Defaults to `unix:" + shadow.DefaultRelayDir +
					"/parity-<name>/relay.sock` (a directory systemd's `RuntimeDirectory=parity-<name>` creates), or `unix:" +
					shadow.DefaultRelayDir + "/parity-<name>-relay.sock` with `mirror_relay = \"nginx\"`.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{shadowStringCheck("Invalid Relay Address", "a unix socket or a loopback address", func(s string) error {
					// The clash with listen is checked with both values, in Compile.
					return shadow.CheckRelayListen(s, 0)
				})},
			},
			"mirror_relay": schema.StringAttribute{
				MarkdownDescription: "What carries a mirrored request from nginx to staging: `" + shadow.RelayProcess + "` (the " +
					"default), the `parity shadow-relay` process that `relay_command` starts beside nginx, which answers nginx at " +
					"once and forwards to staging in the background, shedding (and counting) what staging cannot take; or `" +
					shadow.RelayNginx + "`, a second `server` in `nginx_config`, with nothing else to run, but nginx then waits up " +
					"to 50 ms for it on every mirrored request while staging is slow: measured with four keep-alive clients, " +
					"2,453 req/s without mirroring fell to 158 req/s with half the requests mirrored to a staging answering " +
					"in 2 s. Envoy and Istio need neither.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(shadow.DefaultRelay),
				Validators: []validator.String{shadowStringCheck("Invalid Relay", `"shadow-relay" or "nginx"`, shadow.CheckRelay)},
			},
			"max_rps": schema.Float64Attribute{
				MarkdownDescription: "Most mirrored requests per second the relay process forwards (a token bucket with a " +
					"tenth of a second's burst); beyond it requests are dropped and counted, never delayed. Greater than 0, " +
					"at most 1e6. When unset and both `production_capacity_rps` and `staging_ratio` are set, it is their " +
					"product: what a staging of that size serves. Otherwise there is no cap. Not with `mirror_relay = \"nginx\"`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Float64{shadowFloatCheck("Invalid Rate Cap", shadow.CheckMaxRPS)},
			},
			"production_capacity_rps": schema.Float64Attribute{
				MarkdownDescription: "The most requests per second production serves (from its load tests or its peak). " +
					"With `staging_ratio`, sets the default `max_rps`.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(0.001, 1e9)},
			},
			"staging_ratio": schema.Float64Attribute{
				MarkdownDescription: "Staging's size as a share of production's (`parity_check`'s `ratio`, such as `0.5`). " +
					"With `production_capacity_rps`, sets the default `max_rps`.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(0.0001, 100)},
			},
			"listen": schema.Int64Attribute{
				MarkdownDescription: "Port of the nginx `server`. Defaults to `80`.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(shadow.DefaultListen),
				Validators:          []validator.Int64{int64validator.Between(1, 65535)},
			},
			"server_name": schema.StringAttribute{
				MarkdownDescription: "`server_name` of the nginx `server` (names separated by spaces, `*.example.com` " +
					"wildcards, `_` for any) and the Envoy virtual host's domains. Defaults to `_`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(shadow.DefaultServerName),
				Validators: []validator.String{shadowStringCheck("Invalid Server Name", "server names", shadow.CheckServerName)},
			},
			"nginx_config": computed("Snippet for nginx's `http` context: upstreams, the sampling `split_clients` and `map`, " +
				"the `server`, and with `mirror_relay = \"nginx\"` the mirror relay `server` (on `mirror_relay_listen`). Save it as " +
				"a file and include it from `http { … }`, for example `include /etc/nginx/conf.d/parity-<name>.conf;`, then run `nginx -t`."),
			"relay_command": schema.ListAttribute{
				MarkdownDescription: "The command line (argv) that starts the relay process for this route: `parity shadow-relay` " +
					"with the route's relay address, staging upstreams, mirror header, timeouts and rate cap. Run it beside " +
					"nginx as nginx's worker user, for example from a systemd unit (see the page's example). Null with " +
					"`mirror_relay = \"nginx\"`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"envoy_route_config": computed("Envoy `envoy.config.route.v3.RouteConfiguration` as JSON, with " +
				"`request_mirror_policies` (`runtime_fraction` from `percentage`). Define the clusters " +
				"`parity_<name>_production` and `parity_<name>_staging` with the upstreams as endpoints."),
			"istio_virtual_service": computed("Istio `VirtualService` manifest (YAML, `networking.istio.io/v1`) with `mirror` " +
				"(the first staging upstream) and `mirrorPercentage`."),
			"config_hash": computed("SHA-256 of the normalised declaration: it changes exactly when the shadowing does, " +
				"not when only the spelling does (host case, default ports, method order)."),
		},
	}
}

// ValidateConfig runs the checks that involve two attributes; the
// attribute validators have checked each value alone.
func (r *shadowRouteResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m shadowRouteModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	production, prodKnown := knownStrings(ctx, m.ProductionUpstreams)
	staging, stagingKnown := knownStrings(ctx, m.StagingUpstreams)
	if prodKnown && stagingKnown {
		addFieldErrors(&resp.Diagnostics, shadow.CheckOverlap(production, staging))
	}
	// Unset methods take the safe default, so only configured ones matter.
	methods, methodsKnown := knownStrings(ctx, m.Methods)
	if methodsKnown && !m.AllowUnsafeMethods.IsUnknown() {
		addFieldErrors(&resp.Diagnostics, shadow.CheckUnsafeMethods(methods, m.AllowUnsafeMethods.ValueBool()))
	}
	if !m.MirrorRelay.IsUnknown() && !m.MaxRPS.IsUnknown() && !m.ProductionCapacityRPS.IsUnknown() && !m.StagingRatio.IsUnknown() {
		relay := m.MirrorRelay.ValueString()
		if m.MirrorRelay.IsNull() {
			relay = shadow.DefaultRelay
		}
		for _, e := range shadow.CheckRateCap(relay, m.MaxRPS.ValueFloat64(), m.ProductionCapacityRPS.ValueFloat64(), m.StagingRatio.ValueFloat64()) {
			// Each attribute's own range is checked by its validator.
			if e.Summary != "Invalid Rate Cap" && e.Summary != "Invalid Production Capacity" && e.Summary != "Invalid Staging Ratio" {
				addFieldErrors(&resp.Diagnostics, shadow.FieldErrors{e})
			}
		}
	}
}

// ModifyPlan computes the outputs so that `terraform plan` shows the
// configuration that apply will store. While an input is unknown (it comes
// from another resource) they stay unknown and are computed at apply.
func (r *shadowRouteResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var m shadowRouteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	// Left unset, mirror_relay_listen derives from name, so its planned value
	// is whatever the configuration says (null for the default) until
	// render fills it in.
	var relayListen types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(shadow.FieldRelayListen), &relayListen)...)
	m.MirrorRelayListen = relayListen
	// max_rps likewise derives from production_capacity_rps and
	// staging_ratio when left unset.
	var maxRPS types.Float64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(shadow.FieldMaxRPS), &maxRPS)...)
	m.MaxRPS = maxRPS
	if resp.Diagnostics.HasError() || !m.inputsKnown(ctx) {
		return
	}
	resp.Diagnostics.Append(m.render(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)
}

func (r *shadowRouteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m shadowRouteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.render(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state: the resource exists only in it.
func (r *shadowRouteResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *shadowRouteResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m shadowRouteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.render(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete has nothing to remove; Terraform drops the state.
func (r *shadowRouteResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// route translates the model for the shadow package; every input is known.
func (m *shadowRouteModel) route(ctx context.Context) (shadow.Route, diag.Diagnostics) {
	var diags diag.Diagnostics
	production, _ := knownStrings(ctx, m.ProductionUpstreams)
	staging, _ := knownStrings(ctx, m.StagingUpstreams)
	methods, _ := knownStrings(ctx, m.Methods)
	paths, _ := knownStrings(ctx, m.Paths)
	connect, err := shadow.ParseTimeout(m.MirrorConnectTimeout.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root(shadow.FieldConnectTimeout), "Invalid Timeout", escapeLines(err.Error()))
	}
	read, err := shadow.ParseTimeout(m.MirrorReadTimeout.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root(shadow.FieldReadTimeout), "Invalid Timeout", escapeLines(err.Error()))
	}
	return shadow.Route{
		Name:                m.Name.ValueString(),
		ProductionUpstreams: production,
		StagingUpstreams:    staging,
		Percentage:          percentageValue(m.Percentage),
		SampleBy:            m.SampleBy.ValueString(),
		Methods:             methods,
		AllowUnsafeMethods:  m.AllowUnsafeMethods.ValueBool(),
		MirrorBody:          m.MirrorBody.ValueBool(),
		Paths:               paths,
		MirrorHeaderName:    m.MirrorHeaderName.ValueString(),
		MirrorHeaderValue:   m.MirrorHeaderValue.ValueString(),
		ConnectTimeout:      connect,
		ReadTimeout:         read,
		Listen:              int(m.Listen.ValueInt64()),
		ServerName:          m.ServerName.ValueString(),
		RelayListen:         m.MirrorRelayListen.ValueString(),
		Relay:               m.MirrorRelay.ValueString(),
		// Null values read as 0: unset.
		MaxRPS:                m.MaxRPS.ValueFloat64(),
		ProductionCapacityRPS: m.ProductionCapacityRPS.ValueFloat64(),
		StagingRatio:          m.StagingRatio.ValueFloat64(),
	}, diags
}

// render fills the computed attributes from the inputs.
func (m *shadowRouteModel) render(ctx context.Context) diag.Diagnostics {
	route, diags := m.route(ctx)
	if diags.HasError() {
		return diags
	}
	c, err := shadow.Compile(route)
	if errs, ok := err.(shadow.FieldErrors); ok {
		addFieldErrors(&diags, errs)
		return diags
	}
	var out shadow.Outputs
	if err == nil {
		out, err = c.Render()
	}
	if err != nil {
		diags.AddError("Shadow Route Rendering Failed", "The shadow route could not be rendered: "+escapeLines(err.Error())+
			" This is a bug in the provider; please report it.")
		return diags
	}
	m.MirrorRelayListen = types.StringValue(c.RelayListen)
	m.MaxRPS = types.Float64Null()
	if c.MaxRPS > 0 {
		m.MaxRPS = types.Float64Value(c.MaxRPS)
	}
	m.RelayCommand = types.ListNull(types.StringType)
	if out.RelayCommand != nil {
		command, d := types.ListValueFrom(ctx, types.StringType, out.RelayCommand)
		diags.Append(d...)
		m.RelayCommand = command
	}
	m.ID = types.StringValue(out.ConfigHash)
	m.ConfigHash = types.StringValue(out.ConfigHash)
	m.NginxConfig = types.StringValue(out.Nginx)
	m.EnvoyRouteConfig = types.StringValue(out.EnvoyRouteConfig)
	m.IstioVirtualService = types.StringValue(out.IstioVirtualService)
	return diags
}

func (m *shadowRouteModel) inputsKnown(ctx context.Context) bool {
	for _, v := range []attr.Value{
		m.Name, m.ProductionUpstreams, m.StagingUpstreams, m.Percentage, m.SampleBy, m.Methods,
		m.AllowUnsafeMethods, m.MirrorBody, m.Paths, m.MirrorHeaderName, m.MirrorHeaderValue,
		m.MirrorConnectTimeout, m.MirrorReadTimeout, m.MirrorRelayListen, m.Listen, m.ServerName,
		m.MirrorRelay, m.MaxRPS, m.ProductionCapacityRPS, m.StagingRatio,
	} {
		if !fullyKnown(ctx, v) {
			return false
		}
	}
	return true
}

// fullyKnown says whether v and everything inside it is known.
func fullyKnown(ctx context.Context, v attr.Value) bool {
	tv, err := v.ToTerraformValue(ctx)
	return err == nil && tv.IsFullyKnown()
}

// addFieldErrors reports errors of the shadow package on the attribute (and
// list element) they name.
func addFieldErrors(diags *diag.Diagnostics, errs shadow.FieldErrors) {
	for _, e := range errs {
		p := path.Root(e.Field)
		if e.Index != shadow.NoIndex {
			p = p.AtListIndex(e.Index)
		}
		diags.AddAttributeError(p, e.Summary, escapeLines(e.Detail))
	}
}

// knownStrings returns the elements of a list or set of strings, and false
// while it or any element is unknown or null.
func knownStrings(ctx context.Context, v interface {
	attr.Value
	ElementsAs(context.Context, any, bool) diag.Diagnostics
}) ([]string, bool) {
	if v.IsNull() || !fullyKnown(ctx, v) {
		return nil, false
	}
	var out []string
	if diags := v.ElementsAs(ctx, &out, false); diags.HasError() {
		return nil, false
	}
	return out, true
}

func stringSet(values []string) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

func parseTimeoutCheck(s string) error {
	_, err := shadow.ParseTimeout(s)
	return err
}

// shadowStringValidator applies a check of the shadow package, so that
// Terraform and the CLI refuse the same values with the same words.
type shadowStringValidator struct {
	summary, what string
	check         func(string) error
}

func shadowStringCheck(summary, what string, check func(string) error) validator.String {
	return shadowStringValidator{summary: summary, what: what, check: check}
}

func (v shadowStringValidator) Description(context.Context) string {
	return "value must be " + v.what
}

func (v shadowStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v shadowStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, escapeLines(fmt.Sprintf("%s: %s", req.Path, err)))
	}
}

// shadowFloatValidator applies a check of the shadow package to a number.
type shadowFloatValidator struct {
	summary string
	check   func(float64) error
}

func shadowFloatCheck(summary string, check func(float64) error) validator.Float64 {
	return shadowFloatValidator{summary: summary, check: check}
}

func (v shadowFloatValidator) Description(context.Context) string {
	return "value must be in range"
}

func (v shadowFloatValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v shadowFloatValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueFloat64()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, escapeLines(fmt.Sprintf("%s: %s", req.Path, err)))
	}
}

// percentageValue is a validated percentage as the shadow package takes it.
func percentageValue(n types.Number) float64 {
	if n.IsNull() || n.IsUnknown() {
		return 0
	}
	f, _ := n.ValueBigFloat().Float64()
	return f
}

// shadowRouteModel is the resource's schema as a Go value.
type shadowRouteModel struct {
	ID                    types.String  `tfsdk:"id"`
	Name                  types.String  `tfsdk:"name"`
	ProductionUpstreams   types.List    `tfsdk:"production_upstreams"`
	StagingUpstreams      types.List    `tfsdk:"staging_upstreams"`
	Percentage            types.Number  `tfsdk:"percentage"`
	SampleBy              types.String  `tfsdk:"sample_by"`
	Methods               types.Set     `tfsdk:"methods"`
	AllowUnsafeMethods    types.Bool    `tfsdk:"allow_unsafe_methods"`
	MirrorBody            types.Bool    `tfsdk:"mirror_body"`
	Paths                 types.List    `tfsdk:"paths"`
	MirrorHeaderName      types.String  `tfsdk:"mirror_header_name"`
	MirrorHeaderValue     types.String  `tfsdk:"mirror_header_value"`
	MirrorConnectTimeout  types.String  `tfsdk:"mirror_connect_timeout"`
	MirrorReadTimeout     types.String  `tfsdk:"mirror_read_timeout"`
	MirrorRelayListen     types.String  `tfsdk:"mirror_relay_listen"`
	MirrorRelay           types.String  `tfsdk:"mirror_relay"`
	MaxRPS                types.Float64 `tfsdk:"max_rps"`
	ProductionCapacityRPS types.Float64 `tfsdk:"production_capacity_rps"`
	StagingRatio          types.Float64 `tfsdk:"staging_ratio"`
	Listen                types.Int64   `tfsdk:"listen"`
	ServerName            types.String  `tfsdk:"server_name"`
	NginxConfig           types.String  `tfsdk:"nginx_config"`
	RelayCommand          types.List    `tfsdk:"relay_command"`
	EnvoyRouteConfig      types.String  `tfsdk:"envoy_route_config"`
	IstioVirtualService   types.String  `tfsdk:"istio_virtual_service"`
	ConfigHash            types.String  `tfsdk:"config_hash"`
}
