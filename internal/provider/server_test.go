package provider

import (
	"context"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// TestServerPlan plans parity_check through the server directly, as
// Terraform does, side by side: the planned state holds the configured
// inputs (not the framework's stand-ins), write-only inputs stay out of it,
// and the results are computed. go test -race checks the shared state.
func TestServerPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server := NewServer("test")()
	schemaResp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: nullObject(t, schemaResp.Provider.ValueType())}); err != nil {
		t.Fatal(err)
	}
	rs := schemaResp.ResourceSchemas["parity_check"]
	typ := rs.ValueType().(tftypes.Object)
	blocks := map[string]bool{}
	for _, b := range rs.Block.BlockTypes {
		blocks[b.TypeName] = true
	}
	settings := func(timeout int) tftypes.Value {
		t := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"timeout": tftypes.Number}}
		return tftypes.NewValue(t, map[string]tftypes.Value{"timeout": tftypes.NewValue(tftypes.Number, timeout)})
	}
	config := objectOf(t, typ, blocks, map[string]tftypes.Value{
		"staging":       settings(10),
		"production_wo": settings(30),
		"enforcement":   tftypes.NewValue(tftypes.String, "warn"),
	})
	proposed := objectOf(t, typ, blocks, map[string]tftypes.Value{
		"staging":     settings(10),
		"enforcement": tftypes.NewValue(tftypes.String, "warn"),
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: "parity_check", Config: config, ProposedNewState: proposed, PriorState: nullObject(t, typ),
			})
			if err != nil || hasErrors(resp.Diagnostics) {
				t.Errorf("plan: %v %v", err, resp.Diagnostics)
				return
			}
			planned, err := resp.PlannedState.Unmarshal(typ)
			if err != nil {
				t.Error(err)
				return
			}
			attrs, _ := tfAttributes(planned)
			staging, _ := fromTerraform(attrs["staging"])
			if got := string(parity.CanonicalJSON(staging)); got != `{"timeout":10}` {
				t.Errorf("planned staging = %s, want the configured value", got)
			}
			if stateOf(attrs["production_wo"]) != valueNull {
				t.Error("a write-only input is in the plan")
			}
			if inParity, _ := tfBool(attrs["in_parity"]); inParity {
				t.Error("in_parity is true; staging's timeout differs")
			}
			if len(resp.Diagnostics) < 1 || resp.Diagnostics[0].Attribute.String() != `AttributeName("staging")` {
				t.Errorf("want a warning at staging, got %v", resp.Diagnostics)
			}
		})
	}
	wg.Wait()
}
