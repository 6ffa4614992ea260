package report

import (
	"context"
	"slices"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// engineCase is a report made the way `parity check` makes one: both sides
// read from testdata/engine with tfinput, the rules with rulesfile, and the
// two compared by parity.Compare. The golden files are these reports
// rendered, so they show the engine's own messages as users see them; after
// an engine change, `go test ./internal/report -update` regenerates them.
type engineCase struct {
	name                string
	staging, production string
	// rules is a rules file; ratio, when set, overrides its ratio (as
	// --ratio does).
	rules string
	ratio float64
	// wantKinds are the finding kinds the inputs were written to produce, so
	// that the golden files keep covering them whatever the engine says.
	wantKinds []parity.FindingKind
}

var engineCases = []engineCase{
	{
		// A show -json plan (values unknown until apply, sensitive marks)
		// against a show -json state, module paths paired by the rules.
		name:    "drift_plan",
		staging: "testdata/engine/plan/staging.json", production: "testdata/engine/plan/production.json",
		rules:     "testdata/engine/plan/parity.hcl",
		wantKinds: parity.AllFindingKinds,
	},
	{
		// Configuration directories read statically: findings carry file
		// and line.
		name:    "drift_hcl",
		staging: "testdata/engine/hcl/staging", production: "testdata/engine/hcl/production",
		ratio:     0.5,
		wantKinds: []parity.FindingKind{parity.FindingConfigDrift, parity.FindingSizeRatio},
	},
	{
		// Raw v4 states in parity: sizes at the ratio, names differing only
		// by environment.
		name:    "parity_raw_state",
		staging: "testdata/engine/parity/staging.tfstate", production: "testdata/engine/parity/production.tfstate",
		ratio: 0.5,
	},
}

// engineSecrets are the secret values planted in testdata/engine, under
// names the masking knows (password) and under ordinary names marked
// sensitive (an SSM parameter's value). No output may contain them.
var engineSecrets = []string{
	"Stg-Db-Pw-4mN7cR", "Prod-Db-Pw-8hQ2vX",
	"flagset-STG-p5Rv2Lm", "flagset-PRD-k3Jw9Qz",
	"Stg-Checkout-Pw-Yt6Bn1", "Prod-Checkout-Pw-Qe3Ws8",
}

// engineReport runs the comparison of c and returns its report with the
// metadata `parity check` would give it.
func engineReport(t *testing.T, c engineCase) (*parity.Report, Meta) {
	t.Helper()
	var rules parity.Rules
	if c.rules != "" {
		var err error
		if rules, err = rulesfile.Load(c.rules); err != nil {
			t.Fatal(err)
		}
	}
	if c.ratio != 0 {
		rules.Ratio = c.ratio
	}
	ctx := context.Background()
	staging, err := tfinput.Load(ctx, c.staging, tfinput.Options{Name: "staging"})
	if err != nil {
		t.Fatal(err)
	}
	production, err := tfinput.Load(ctx, c.production, tfinput.Options{Name: "production"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := parity.Compare(staging, production, rules)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []parity.FindingKind
	for _, k := range parity.AllFindingKinds {
		if rep.Counts()[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	if !slices.Equal(kinds, c.wantKinds) {
		t.Fatalf("%s: the engine found kinds %v, want %v: fix the inputs in testdata/engine so the golden files cover them", c.name, kinds, c.wantKinds)
	}
	return rep, Meta{StagingSource: c.staging, ProductionSource: c.production, ToolName: "parity", ToolVersion: "test"}
}
