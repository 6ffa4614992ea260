package parity_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/accuracy"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// TestHintsWork applies every hint of every finding the labelled corpus
// produces, one at a time, laid over the case's own rules as a rule written
// in the check's blocks would be, and wants the finding gone. Hints are
// parsed by the rules file reader: what a diagnostic suggests is valid in
// parity.hcl and in parity_check alike.
func TestHintsWork(t *testing.T) {
	t.Parallel()
	cases, err := accuracy.LoadCorpus(filepath.Join("..", "..", "testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	// The subtests run in parallel: the tally is shared.
	var mu sync.Mutex
	applied := map[string]int{}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			staging, production, rules, ok := loadCase(t, c)
			if !ok {
				return
			}
			rep, err := parity.Compare(staging, production, rules)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				hints := parity.Hints(f)
				if len(hints) == 0 && f.Kind != parity.FindingUnknown && (f.Path != "" || !strings.HasPrefix(string(f.Kind), "only_in")) {
					t.Errorf("%s %s %s: no hint", f.Kind, f.Address, f.Path)
				}
				for _, h := range hints {
					assertHintWorks(t, staging, production, rules, f, h)
					mu.Lock()
					applied[h.Kind]++
					mu.Unlock()
				}
			}
		})
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		t.Logf("hints applied: %v", applied)
	})
}

// TestHintsWorkSynthetic covers the shapes the corpus may not have: count
// groups, module calls with environment tokens, for_each keys, quoted map
// keys, a ratio that fits, one-sided count instances.
func TestHintsWorkSynthetic(t *testing.T) {
	t.Parallel()
	web := func(env, typ string, extra map[string]parity.Value) map[string]parity.Value {
		v := instance(env, typ)
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	tags := func(v string) parity.Value {
		return parity.Object(map[string]parity.Value{"kubernetes.io/role": parity.String(v)})
	}
	staging := doc(
		res(`module.staging_app.aws_instance.web[0]`, "aws_instance", web("staging", "t3.medium", map[string]parity.Value{"labels": tags("a")})),
		res(`module.staging_app.aws_instance.web[1]`, "aws_instance", web("staging", "t3.medium", map[string]parity.Value{"labels": tags("a")})),
		res(`module.staging_app.aws_instance.web[2]`, "aws_instance", web("staging", "t3.medium", map[string]parity.Value{"labels": tags("a")})),
		res(`aws_s3_bucket.logs["eu"]`, "aws_s3_bucket", map[string]parity.Value{"versioning": parity.List(parity.Object(map[string]parity.Value{"enabled": parity.Bool(false)}))}),
		res(`aws_instance.fixture[0]`, "aws_instance", web("staging", "t3.micro", nil)),
	)
	production := doc(
		res(`module.production_app.aws_instance.web[0]`, "aws_instance", web("production", "m5.xlarge", map[string]parity.Value{"labels": tags("b")})),
		res(`module.production_app.aws_instance.web[1]`, "aws_instance", web("production", "m5.xlarge", map[string]parity.Value{"labels": tags("b")})),
		res(`module.production_app.aws_instance.web[2]`, "aws_instance", web("production", "m5.xlarge", map[string]parity.Value{"labels": tags("b")})),
		res(`module.production_app.aws_instance.web[3]`, "aws_instance", web("production", "m5.xlarge", map[string]parity.Value{"labels": tags("b")})),
		res(`aws_s3_bucket.logs["eu"]`, "aws_s3_bucket", map[string]parity.Value{"versioning": parity.List(parity.Object(map[string]parity.Value{"enabled": parity.Bool(true)}))}),
		res(`aws_db_instance.replica[0]`, "aws_db_instance", map[string]parity.Value{"instance_class": parity.String("db.r6g.large")}),
		res(`aws_db_instance.replica[1]`, "aws_db_instance", map[string]parity.Value{"instance_class": parity.String("db.r6g.large")}),
	)
	settingsStaging := parity.Environment{Resources: []parity.Resource{{Values: parity.Object(map[string]parity.Value{
		"instance_type": parity.String("t3.medium"), "pools": parity.List(parity.Object(map[string]parity.Value{"max": parity.Int(5)})),
		"node_count": parity.Int(7),
	})}}}
	settingsProduction := parity.Environment{Resources: []parity.Resource{{Values: parity.Object(map[string]parity.Value{
		"instance_type": parity.String("t3.xlarge"), "pools": parity.List(parity.Object(map[string]parity.Value{"max": parity.Int(50)})),
		"node_count": parity.Int(8),
	})}}}
	for _, tc := range []struct {
		name                string
		staging, production parity.Environment
		wantKinds           int
	}{
		{"resources", staging, production, 4},
		{"settings", settingsStaging, settingsProduction, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rules := parity.Rules{Ratio: 0.5}
			rep, err := parity.Compare(tc.staging, tc.production, rules)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[parity.FindingKind]bool{}
			sizeHints := 0
			for _, f := range rep.Findings {
				seen[f.Kind] = true
				hints := parity.Hints(f)
				if len(hints) == 0 {
					t.Errorf("%s %s %s: no hint", f.Kind, f.Address, f.Path)
				}
				for _, h := range hints {
					if h.Kind == "size" {
						sizeHints++
					}
					assertHintWorks(t, tc.staging, tc.production, rules, f, h)
				}
			}
			if len(seen) < tc.wantKinds {
				t.Errorf("want findings of at least %d kinds, got %v", tc.wantKinds, seen)
			}
			if sizeHints == 0 {
				t.Error("no size hint: want a fitting ratio for at least one size")
			}
		})
	}
}

func assertHintWorks(t *testing.T, staging, production parity.Environment, rules parity.Rules, f parity.Finding, h parity.Hint) {
	t.Helper()
	what := fmt.Sprintf("%s %s %q with the hint\n%s\n", f.Kind, f.Address, f.Path, h.Block)
	hint, diags := rulesfile.Parse([]byte(h.Block), "hint.hcl")
	if diags.HasErrors() {
		t.Errorf("%s: the hint does not parse: %s", what, diags.Error())
		return
	}
	rep, err := parity.Compare(staging, production, rules.Merge(hint))
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	for _, g := range rep.Findings {
		if g.Kind == f.Kind && g.Address == f.Address && g.Path == f.Path {
			t.Errorf("%s: the finding is still there: %s", what, g.Message)
			return
		}
	}
	if len(rep.Unused()) > 0 {
		t.Errorf("%s: the hint is reported unused: %+v", what, rep.Unused())
	}
}

// loadCase reads a case as the CLI does; ok is false for the cases whose
// inputs the CLI refuses (documents of Terraform before 1.0), which have no
// findings to hint at.
func loadCase(t *testing.T, c accuracy.Case) (staging, production parity.Environment, rules parity.Rules, ok bool) {
	t.Helper()
	ctx := context.Background()
	var err error
	if staging, err = tfinput.Load(ctx, c.Staging, tfinput.Options{Name: "staging", Settings: true}); err != nil {
		t.Logf("refused, as by the CLI: %v", err)
		return staging, production, rules, false
	}
	if production, err = tfinput.Load(ctx, c.Production, tfinput.Options{Name: "production", Settings: true}); err != nil {
		t.Logf("refused, as by the CLI: %v", err)
		return staging, production, rules, false
	}
	if c.Rules != "" {
		if rules, err = rulesfile.Load(c.Rules); err != nil {
			t.Fatal(err)
		}
	}
	rules.Ratio = c.Ratio
	return staging, production, rules, true
}

// A number no rule calls a size (workers per node) that differs by the
// comparison's ratio gets a size hint without any other ratio; one that
// fits another simple ratio gets that ratio; a number that fits none, or a
// value that is not a number, only an ignore. (A connection pool's limit
// is a capacity by name: at the ratio it is parity.)
func TestNumberDriftHintsOfferASize(t *testing.T) {
	t.Parallel()
	env := func(pool, workers, retries int64, mode string) parity.Environment {
		return parity.Environment{Resources: []parity.Resource{{Values: parity.Object(map[string]parity.Value{
			"pool": parity.Object(map[string]parity.Value{"max_connections": parity.Int(pool)}), "workers_per_node": parity.Int(workers),
			"retries": parity.Int(retries), "mode": parity.String(mode),
		})}}}
	}
	staging, production := env(25, 5, 13, "a"), env(50, 10, 7, "b")
	rules := parity.Rules{Ratio: 0.5}
	rep, err := parity.Compare(staging, production, rules)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		var kinds []string
		for _, h := range parity.Hints(f) {
			kinds = append(kinds, h.Kind)
			assertHintWorks(t, staging, production, rules, f, h)
		}
		got[f.Path] = f.FittingRatio + " " + strings.Join(kinds, ",")
	}
	want := map[string]string{
		"pool.max_connections": "",
		"workers_per_node":     "0.5 size,ignore",
		"retries":              " ignore",
		"mode":                 " ignore",
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("%s: fitting ratio and hints %q, want %q", path, got[path], w)
		}
	}
}
