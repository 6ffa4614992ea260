package report

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/estate"
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
	// envs, when set, are compared with production by
	// parity.CompareEnvironments, as `parity check --env` does; staging is
	// then unused.
	envs []engineEnv
}

// engineEnv is one environment of a multi-environment case.
type engineEnv struct {
	name, path string
	ratio      float64
}

// engineEstate is the sample estate the multi-environment case reads,
// written by package estate (TestEngineEstateIsCurrent keeps the copy in
// testdata current): dev in parity at a quarter of production, staging
// and perf with the estate's drift.
const engineEstate = "testdata/engine/estate"

var engineEstateEnvs = []estate.Environment{
	{Name: "dev", Scale: 0.25}, {Name: "staging", Scale: 0.5, Drift: true}, {Name: "perf", Scale: 1, Drift: true},
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
	{
		// Three environments against production, each at its own ratio:
		// the environment matrix in every format.
		name:       "environments",
		production: engineEstate + "/states/production.json",
		envs: []engineEnv{
			{"dev", engineEstate + "/states/dev.json", 0.25},
			{"staging", engineEstate + "/states/staging.json", 0.5},
			{"perf", engineEstate + "/states/perf.json", 1},
		},
		wantKinds: []parity.FindingKind{parity.FindingConfigDrift, parity.FindingSizeRatio, parity.FindingOnlyInProduction},
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
	production, err := tfinput.Load(ctx, c.production, tfinput.Options{Name: "production"})
	if err != nil {
		t.Fatal(err)
	}
	meta := Meta{StagingSource: c.staging, ProductionSource: c.production, ToolName: "parity", ToolVersion: "test"}
	var rep *parity.Report
	if c.envs != nil {
		meta.StagingSource, meta.EnvironmentSources = "", map[string]string{}
		var named []parity.NamedEnvironment
		for _, e := range c.envs {
			env, err := tfinput.Load(ctx, e.path, tfinput.Options{Name: e.name})
			if err != nil {
				t.Fatal(err)
			}
			named = append(named, parity.NamedEnvironment{Name: e.name, Env: env, Ratio: e.ratio})
			meta.EnvironmentSources[e.name] = e.path
		}
		rep, err = parity.CompareEnvironments(production, named, rules)
	} else {
		var staging parity.Environment
		if staging, err = tfinput.Load(ctx, c.staging, tfinput.Options{Name: "staging"}); err != nil {
			t.Fatal(err)
		}
		rep, err = parity.Compare(staging, production, rules)
	}
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
	return rep, meta
}

// TestEngineEstateIsCurrent keeps testdata/engine/estate what package
// estate writes (-update rewrites it).
func TestEngineEstateIsCurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := estate.Write(dir, 2, engineEstateEnvs); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		want, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		committed := filepath.Join(engineEstate, rel)
		if *update {
			if err := os.MkdirAll(filepath.Dir(committed), 0o755); err != nil {
				return err
			}
			return os.WriteFile(committed, want, 0o644)
		}
		got, err := os.ReadFile(committed)
		if err != nil {
			return fmt.Errorf("%v (go test ./internal/report -update writes it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what package estate writes (go test ./internal/report -update rewrites it)", committed)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
