package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns the provider's protocol 6 server: the framework's,
// except that parity_check is planned directly.
//
// To plan a resource, the framework walks the whole planned value once per
// attribute and block of the schema (applying plan modifiers, marking
// computed values unknown, nullifying write-only values), each walk looking
// every step up in the schema again: with parity_check's two dozen rule
// arguments and blocks, and inputs that may be whole state documents, that
// was most of the time a check added to `terraform plan`. parity_check has
// no plan modifiers, defaults, private state or identity, so its plan is
// what the framework would compute by hand: the proposed state with
// write-only inputs nulled and the check's results, from the same plan
// function ModifyPlan calls. Validation stays with the framework, which
// sees a stand-in for each input (it validates none of their content).
// Everything else reaches the framework untouched.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &parityProvider{version: version}
		return &server{ProviderServer: providerserver.NewProtocol6(p)(), provider: p}
	}
}

// NewServerWithError is NewServer in the form terraform-plugin-testing
// takes.
func NewServerWithError(version string) func() (tfprotov6.ProviderServer, error) {
	f := NewServer(version)
	return func() (tfprotov6.ProviderServer, error) { return f(), nil }
}

type server struct {
	tfprotov6.ProviderServer
	provider *parityProvider
}

const checkTypeName = "parity_check"

// inputAttributes are the attributes of parity_check that hold the
// environments; writeOnlyInputs are never planned or stored.
var (
	inputAttributes = []string{"staging", "staging_wo", "production", "production_wo", "environments", "environments_wo"}
	writeOnlyInputs = []string{"staging_wo", "production_wo", "environments_wo"}
)

var (
	checkTypeOnce sync.Once
	checkType     tftypes.Object
)

// checkValueType is the Terraform type of a parity_check object.
func checkValueType(ctx context.Context) tftypes.Object {
	checkTypeOnce.Do(func() {
		var resp resource.SchemaResponse
		NewParityCheckResource().Schema(ctx, resource.SchemaRequest{}, &resp)
		checkType, _ = resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	})
	return checkType
}

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if req == nil || req.TypeName != checkTypeName {
		return s.ProviderServer.ValidateResourceConfig(ctx, req)
	}
	config, ok := standIns(req.Config, checkValueType(ctx))
	if !ok {
		return s.ProviderServer.ValidateResourceConfig(ctx, req)
	}
	r := *req
	r.Config = config
	return s.ProviderServer.ValidateResourceConfig(ctx, &r)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if req == nil || req.TypeName != checkTypeName || req.ProposedNewState == nil || req.Config == nil {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	typ := checkValueType(ctx)
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}
	attrs, st := tfAttributes(proposed)
	if st != valueKnown {
		return resp, nil // destroy: nothing to check
	}
	// The configuration is only needed for write-only inputs, which Terraform
	// sends nowhere else; an input given the ordinary way is in the proposed
	// state, and decoding a whole environment twice was a tenth of a plan.
	config := tftypes.NewValue(typ, nil)
	if stateOf(attrs["staging"]) == valueNull || stateOf(attrs["production"]) == valueNull {
		if config, err = req.Config.Unmarshal(typ); err != nil {
			return s.ProviderServer.PlanResourceChange(ctx, req)
		}
	}
	for _, name := range writeOnlyInputs {
		attrs[name] = tftypes.NewValue(typ.AttributeTypes[name], nil)
	}
	r := &parityCheckResource{data: s.provider.data()}
	planned, diags := r.plan(tftypes.NewValue(typ, attrs), config)
	resp.Diagnostics = protoDiagnostics(diags)
	if diags.HasError() {
		return resp, nil
	}
	dv, err := tfprotov6.NewDynamicValue(typ, planned)
	if err != nil {
		return nil, err
	}
	resp.PlannedState = &dv
	return resp, nil
}

// standIns decodes a parity_check object and replaces each input with a
// stand-in of the same kind: null stays null, unknown stays unknown, and a
// known value (even one with unknown parts) becomes an empty string. ok is
// false when the value cannot be decoded.
func standIns(dv *tfprotov6.DynamicValue, typ tftypes.Object) (*tfprotov6.DynamicValue, bool) {
	if dv == nil {
		return nil, true
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		return nil, false
	}
	attrs, st := tfAttributes(v)
	if st != valueKnown {
		return dv, true
	}
	for _, name := range inputAttributes {
		if stateOf(attrs[name]) == valueKnown {
			attrs[name] = tftypes.NewValue(tftypes.String, "")
		}
	}
	enc, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		return nil, false
	}
	return &enc, true
}

// protoDiagnostics converts diagnostics for the protocol.
func protoDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath converts a path of the framework into the protocol's.
func attributePath(p path.Path) *tftypes.AttributePath {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(s))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(s))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(s))
		}
	}
	return ap
}
