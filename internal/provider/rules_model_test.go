package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// checkAttrs returns the attributes of a parity_check value with the given
// ones set and the others null, rule blocks as the given element lists.
func checkAttrs(t *testing.T, set map[string]any) map[string]tftypes.Value {
	t.Helper()
	typ := checkValueType(context.Background())
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		v, ok := set[name]
		switch {
		case !ok:
			attrs[name] = tftypes.NewValue(at, nil)
		case at.Is(tftypes.List{}) && isBlockList(at):
			var elems []tftypes.Value
			et := at.(tftypes.List).ElementType.(tftypes.Object)
			if v == tftypes.UnknownValue {
				attrs[name] = tftypes.NewValue(at, tftypes.UnknownValue)
				continue
			}
			for _, e := range v.([]map[string]any) {
				elems = append(elems, blockValue(et, e))
			}
			attrs[name] = tftypes.NewValue(at, elems)
		default:
			attrs[name] = tftypes.NewValue(at, v)
		}
	}
	return attrs
}

func isBlockList(t tftypes.Type) bool {
	_, ok := t.(tftypes.List).ElementType.(tftypes.Object)
	return ok
}

func blockValue(typ tftypes.Object, set map[string]any) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		v, ok := set[name]
		switch {
		case !ok:
			vals[name] = tftypes.NewValue(at, nil)
		case at.Is(tftypes.Map{}):
			m := map[string]tftypes.Value{}
			for k, s := range v.(map[string]string) {
				m[k] = tftypes.NewValue(tftypes.String, s)
			}
			vals[name] = tftypes.NewValue(at, m)
		default:
			vals[name] = tftypes.NewValue(at, v)
		}
	}
	return tftypes.NewValue(typ, vals)
}

func TestRuleReader(t *testing.T) {
	t.Parallel()
	t.Run("blocks, scopes and loose conditions", func(t *testing.T) {
		t.Parallel()
		r := newRuleReader()
		r.read(checkAttrs(t, map[string]any{
			"size": []map[string]any{{"pattern": "iops", "resource_type": "aws_ebs_volume", "minimum": "3000",
				"when": map[string]string{"volume_type": "gp3", "encrypted": "true", "throughput": "125"}}},
			"ignore":  []map[string]any{{"pattern": "alert_endpoints", "reason": "pages"}},
			"only_in": []map[string]any{{"environment": "production", "address": "aws_waf.*", "reason": "edge"}},
		}))
		if r.diags.HasError() || r.unknown {
			t.Fatalf("diags %v unknown %v", r.diags, r.unknown)
		}
		size := r.rules.Sizes[0]
		if size.ResourceType != "aws_ebs_volume" || size.Minimum != "3000" || size.Origin != "size[0]" {
			t.Errorf("size rule: %+v", size)
		}
		cond := map[string][]string{}
		for _, c := range size.When {
			for _, v := range c.Values {
				cond[c.Attribute] = append(cond[c.Attribute], string(parity.CanonicalJSON(v)))
			}
		}
		want := map[string][]string{"encrypted": {"true", `"true"`}, "throughput": {"125"}, "volume_type": {`"gp3"`}}
		if diff := cmp.Diff(want, cond); diff != "" {
			t.Errorf("conditions (-want +got):\n%s", diff)
		}
		if got := r.rules.OnlyIn; len(got) != 1 || got[0].Address != "aws_waf.*" || got[0].Origin != "only_in[0]" {
			t.Errorf("only_in: %+v", got)
		}
		if r.origins["ignore[0]"].String() != "ignore[0]" {
			t.Errorf("origins: %v", r.origins)
		}
	})
	t.Run("unknown block list", func(t *testing.T) {
		t.Parallel()
		r := newRuleReader()
		r.read(checkAttrs(t, map[string]any{"ignore": tftypes.UnknownValue}))
		if !r.unknown || r.diags.HasError() {
			t.Errorf("want unknown without errors, got unknown=%v %v", r.unknown, r.diags)
		}
	})
	t.Run("unknown argument", func(t *testing.T) {
		t.Parallel()
		r := newRuleReader()
		r.read(checkAttrs(t, map[string]any{"ignore": []map[string]any{{"pattern": tftypes.UnknownValue, "reason": "r"}}}))
		if !r.unknown || len(r.rules.Ignores) != 0 {
			t.Errorf("want unknown and no rule, got unknown=%v %+v", r.unknown, r.rules.Ignores)
		}
	})
	for _, tc := range []struct {
		name string
		set  map[string]any
		want string
	}{
		{"bad pattern", map[string]any{"config": []map[string]any{{"pattern": "a..b"}}}, "Invalid Path Pattern"},
		{"bad resource type", map[string]any{"config": []map[string]any{{"pattern": "a", "resource_type": "Web"}}}, "Invalid Resource Type"},
		{"bad condition", map[string]any{"config": []map[string]any{{"pattern": "a", "when": map[string]string{"a.*": "x"}}}}, "Invalid Condition"},
		{"duplicate", map[string]any{"ignore": []map[string]any{{"pattern": "a", "reason": "r"}, {"pattern": "a", "reason": "s"}}}, "Duplicate Parity Rule"},
		{"conflict", map[string]any{"ignore": []map[string]any{{"pattern": "a", "reason": "r"}}, "size": []map[string]any{{"pattern": "a"}}}, "Conflicting Parity Rules"},
		{"empty list rule", map[string]any{"list": []map[string]any{{"pattern": "a"}}}, "Empty List Rule"},
		{"bad module path", map[string]any{"module_pair": []map[string]any{{"staging": "aws_instance.x", "production": "module.p"}}}, "Invalid Module Path"},
		{"bad only_in address", map[string]any{"only_in": []map[string]any{{"environment": "production", "address": "a..b", "reason": "r"}}}, "Invalid Address Pattern"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRuleReader()
			r.read(checkAttrs(t, tc.set))
			var summaries []string
			for _, d := range r.diags.Errors() {
				summaries = append(summaries, d.Summary())
			}
			if len(summaries) != 1 || summaries[0] != tc.want {
				t.Errorf("want one %q error, got %v", tc.want, summaries)
			}
			if strings.Contains(r.diags.Errors()[0].Detail(), "\n") {
				t.Errorf("detail spans lines: %q", r.diags.Errors()[0].Detail())
			}
		})
	}
}
