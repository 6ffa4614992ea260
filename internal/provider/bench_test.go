package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// BenchmarkPlanParityCheck measures what the provider does for one
// parity_check in `terraform plan` (validate the configuration, then plan
// it), in process and without gRPC: the part of make bench-plan's per-check
// cost that is the provider's.
//
//	go test ./internal/provider -run '^$' -bench PlanParityCheck -benchmem
func BenchmarkPlanParityCheck(b *testing.B) {
	ctx := context.Background()
	server := NewServer("bench")()
	schemaResp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: nullObject(b, schemaResp.Provider.ValueType())}); err != nil {
		b.Fatal(err)
	}
	rs := schemaResp.ResourceSchemas["parity_check"]
	typ := rs.ValueType().(tftypes.Object)
	blocks := map[string]bool{}
	for _, b := range rs.Block.BlockTypes {
		blocks[b.TypeName] = true
	}
	settings := func(env, instanceType string, count int) tftypes.Value {
		tags := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"team": tftypes.String, "environment": tftypes.String}}
		t := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"name": tftypes.String, "instance_type": tftypes.String, "instance_count": tftypes.Number,
			"connection_timeout": tftypes.Number, "monitoring_enabled": tftypes.Bool, "tags": tags,
		}}
		return tftypes.NewValue(t, map[string]tftypes.Value{
			"name":               tftypes.NewValue(tftypes.String, "web-"+env),
			"instance_type":      tftypes.NewValue(tftypes.String, instanceType),
			"instance_count":     tftypes.NewValue(tftypes.Number, count),
			"connection_timeout": tftypes.NewValue(tftypes.Number, 30),
			"monitoring_enabled": tftypes.NewValue(tftypes.Bool, true),
			"tags": tftypes.NewValue(tags, map[string]tftypes.Value{
				"team": tftypes.NewValue(tftypes.String, "web"), "environment": tftypes.NewValue(tftypes.String, env)}),
		})
	}
	config := objectOf(b, typ, blocks, map[string]tftypes.Value{
		"staging":    settings("staging", "t3.large", 2),
		"production": settings("production", "t3.xlarge", 4),
		"ratio":      tftypes.NewValue(tftypes.Number, 0.5),
	})
	b.ReportAllocs()
	for b.Loop() {
		v, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "parity_check", Config: config})
		if err != nil || hasErrors(v.Diagnostics) {
			b.Fatal(err, v.Diagnostics[0].Summary, v.Diagnostics[0].Detail)
		}
		p, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "parity_check", Config: config, ProposedNewState: config, PriorState: nullObject(b, typ),
		})
		if err != nil || hasErrors(p.Diagnostics) {
			b.Fatal(err, p.Diagnostics[0].Summary, p.Diagnostics[0].Detail)
		}
	}
}

func hasErrors(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// objectOf encodes an object of type typ with the given attributes, the
// others as Terraform sends absent ones: null, and empty lists of blocks.
func objectOf(tb testing.TB, typ tftypes.Object, blocks map[string]bool, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	vals := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		switch {
		case attrs[name].Type() != nil:
			vals[name] = attrs[name]
		case blocks[name] && t.Is(tftypes.List{}):
			vals[name] = tftypes.NewValue(t, []tftypes.Value{})
		default:
			vals[name] = tftypes.NewValue(t, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		tb.Fatal(fmt.Errorf("encoding: %w", err))
	}
	return &dv
}

func nullObject(tb testing.TB, typ tftypes.Type) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}
