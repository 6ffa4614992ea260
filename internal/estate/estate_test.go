package estate

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/locate"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

func load(t *testing.T, path string) parity.Environment {
	t.Helper()
	env, err := tfinput.Load(context.Background(), path, tfinput.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// TestFindings holds the estate to what its documentation promises: the
// engine finds exactly the planted drift, and nothing in an environment
// without drift.
func TestFindings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Write(dir, Services, []Environment{{Name: "staging", Scale: 0.5, Drift: true}, {Name: "dev", Scale: 0.25}}); err != nil {
		t.Fatal(err)
	}
	production := load(t, filepath.Join(dir, "states", "production.json"))
	rep, err := parity.CompareEnvironments(production, []parity.NamedEnvironment{
		{Name: "staging", Env: load(t, filepath.Join(dir, "states", "staging.json")), Ratio: 0.5},
		{Name: "dev", Env: load(t, filepath.Join(dir, "states", "dev.json")), Ratio: 0.25},
	}, parity.Rules{})
	if err != nil {
		t.Fatal(err)
	}
	type count struct {
		kind parity.FindingKind
		path string
	}
	got := map[count]int{}
	for _, f := range rep.Findings {
		if f.Environment != "staging" {
			t.Errorf("finding in %s, which has no drift: %s %s %s", f.Environment, f.Kind, f.Address, f.Path)
			continue
		}
		got[count{f.Kind, f.Path}]++
	}
	want := map[count]int{
		{parity.FindingConfigDrift, "monitoring"}:                72,
		{parity.FindingConfigDrift, "tags.CostCenter"}:           96,
		{parity.FindingConfigDrift, "ingress[0].cidr_blocks[0]"}: 24,
		{parity.FindingConfigDrift, "ingress[1].cidr_blocks[0]"}: 24,
		{parity.FindingConfigDrift, "threshold"}:                 24,
		{parity.FindingSizeRatio, "instance_type"}:               36,
		{parity.FindingConfigDrift, "engine_version"}:            12,
		{parity.FindingSizeFamily, "instance_class"}:             4,
		{parity.FindingOnlyInProduction, ""}:                     12,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings by kind and path (-want +got):\n%s", diff)
	}
	if len(rep.Findings) != Findings {
		t.Errorf("%d findings, want %d", len(rep.Findings), Findings)
	}
}

// TestEveryResourceIsDeclared checks that the configuration written with
// the states declares every resource of them, in the shared module.
func TestEveryResourceIsDeclared(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Write(dir, 3, []Environment{{Name: "staging", Scale: 0.5, Drift: true}}); err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"staging", "production"} {
		ix, err := locate.Load(filepath.Join(dir, "envs", env), inputlimit.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		state := load(t, filepath.Join(dir, "states", env+".json"))
		if n := ix.Annotate(&state); n != len(state.Resources) || n == 0 {
			t.Errorf("%s: %d of %d resources located", env, n, len(state.Resources))
		}
		module := filepath.Join(dir, "modules", "service", "main.tf")
		for _, r := range state.Resources {
			if r.Location.File != module {
				t.Errorf("%s: %s located in %s, want %s", env, r.Address, r.Location.File, module)
			}
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		n    int
		envs []Environment
	}{
		{"no services", 0, nil},
		{"too many services", Services + 1, nil},
		{"a scale without sizes", 2, []Environment{{Name: "qa", Scale: 0.3}}},
		{"a name with a slash", 2, []Environment{{Name: "a/b", Scale: 1}}},
	} {
		if err := Write(t.TempDir(), tc.n, tc.envs); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
