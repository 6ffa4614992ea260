package parity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompareEnvironments(t *testing.T) {
	t.Parallel()
	web := func(name, typ string, count int64, timeout int64) Environment {
		return settings(map[string]Value{
			"name": String("web-" + name), "instance_type": String(typ), "instance_count": Int(count), "timeout": Int(timeout),
		})
	}
	production := web("production", "m5.4xlarge", 8, 30)
	envs := []NamedEnvironment{
		{Name: "dev", Env: web("development", "m5.xlarge", 2, 30), Ratio: 0.25},
		{Name: "staging", Env: web("staging", "m5.2xlarge", 4, 10), Ratio: 0.5},
		{Name: "perf", Env: web("perf", "m5.4xlarge", 8, 30), Ratio: 1},
	}
	rep, err := CompareEnvironments(production, envs, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name     string
		Ratio    float64
		InParity bool
	}
	var rows []row
	for _, e := range rep.Environments {
		rows = append(rows, row{e.Name, e.Ratio, e.InParity})
	}
	want := []row{{"dev", 0.25, true}, {"staging", 0.5, false}, {"perf", 1, true}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("matrix (-want +got):\n%s", diff)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Environment != "staging" || rep.Findings[0].Path != "timeout" {
		t.Errorf("findings: %+v", rep.Findings)
	}
	if rep.InParity() {
		t.Error("one environment drifted: the report is not in parity")
	}
	// Environments in parity share production's configuration hash.
	for _, e := range rep.Environments {
		if e.InParity && e.Hash != rep.ProductionHash {
			t.Errorf("%s is in parity but its hash %s is not production's %s", e.Name, e.Hash, rep.ProductionHash)
		}
	}
	if _, err := CompareEnvironments(production, []NamedEnvironment{{Name: "a"}, {Name: "a"}}, Rules{}); err == nil {
		t.Error("an environment given twice is accepted")
	}
}

// Messages name the environment compared, never "staging" for another one,
// and values that contain the word keep it.
func TestCompareEnvironmentsMessagesNameTheEnvironment(t *testing.T) {
	t.Parallel()
	production := settings(map[string]Value{"timeout": Int(30), "banner": String("staging banner off")})
	perf := settings(map[string]Value{"timeout": Int(10), "banner": String("staging banner on")})
	rep, err := CompareEnvironments(production, []NamedEnvironment{{Name: "perf", Env: perf, Ratio: 1}}, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Path] = f.Message
	}
	want := map[string]string{
		"timeout": "timeout differs: perf has 10, production has 30.",
		"banner":  "banner differs: perf has staging banner on, production has staging banner off.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
