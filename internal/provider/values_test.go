package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// deepTuple nests a string n tuples deep, as jsondecode of [[[...]]] does.
func deepTuple(n int) attr.Value {
	var v attr.Value = types.StringValue("leaf")
	for range n {
		v = types.TupleValueMust([]attr.Type{v.Type(context.Background())}, []attr.Value{v})
	}
	return v
}

func deepRaw(n int) tftypes.Value {
	v := tftypes.NewValue(tftypes.String, "leaf")
	for range n {
		v = tftypes.NewValue(tftypes.Tuple{ElementTypes: []tftypes.Type{v.Type()}}, []tftypes.Value{v})
	}
	return v
}

func TestToParityValueDepthLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if _, err := toParityValue(ctx, types.DynamicValue(deepTuple(maxValueDepth))); err != nil {
		t.Errorf("depth %d: %v", maxValueDepth, err)
	}
	_, err := toParityValue(ctx, types.DynamicValue(deepTuple(maxValueDepth+1)))
	if err == nil || !strings.Contains(err.Error(), "nested more than 1000 levels deep") {
		t.Errorf("depth %d: %v, want the depth limit", maxValueDepth+1, err)
	}
}

func TestCheckInputDepth(t *testing.T) {
	t.Parallel()
	config := func(staging tftypes.Value) tftypes.Value {
		return tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"staging": staging.Type(), "production": tftypes.String, "rules_file": tftypes.String,
		}}, map[string]tftypes.Value{
			"staging": staging, "production": tftypes.NewValue(tftypes.String, "x"), "rules_file": tftypes.NewValue(tftypes.String, nil),
		})
	}
	if diags := checkInputDepth(config(deepRaw(maxValueDepth)), "staging", "production"); diags.HasError() {
		t.Errorf("depth %d: %v", maxValueDepth, diags)
	}
	diags := checkInputDepth(config(deepRaw(maxValueDepth+1)), "staging", "production")
	if len(diags) != 1 || diags[0].Summary() != "Value Nested Too Deeply" || diags[0].Detail() != "The staging value is nested more than 1000 levels deep; parity reads at most 1000 levels of lists, maps and objects (a decoded Terraform document nests a few dozen)." {
		t.Errorf("depth %d: %v", maxValueDepth+1, diags)
	}
}
