package accuracy

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// TestCorpusShape keeps the corpus what issue 9 asks for: enough pairs, the
// four clouds, about as many parity pairs as drift pairs, and drift pairs
// with one to four labels.
func TestCorpusShape(t *testing.T) {
	t.Parallel()
	cases, err := LoadCorpus(corpusRoot)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 48 {
		t.Errorf("%d cases, want at least 48", len(cases))
	}
	clouds := map[string]int{}
	var parityCases, driftCases int
	for _, c := range cases {
		clouds[strings.SplitN(c.Name, "/", 2)[0]]++
		if c.Drift() {
			driftCases++
			if len(c.Labels) > 4 {
				t.Errorf("%s: %d labels; a drift pair has one to four", c.Name, len(c.Labels))
			}
		} else {
			parityCases++
		}
	}
	for _, cloud := range []string{"aws", "gcp", "azure", "kubernetes"} {
		if clouds[cloud] < 6 {
			t.Errorf("%d %s cases, want at least 6", clouds[cloud], cloud)
		}
	}
	if min(parityCases, driftCases)*3 < max(parityCases, driftCases)*2 {
		t.Errorf("%d parity and %d drift pairs; keep them about even", parityCases, driftCases)
	}
}

// TestLabelsPointAtDocuments checks every label against the documents: its
// address is a resource of one side (or "" for a settings object) and the
// first attribute of its path exists there, so that a typo in a manifest
// cannot pass as a missed drift.
func TestLabelsPointAtDocuments(t *testing.T) {
	t.Parallel()
	cases, err := LoadCorpus(corpusRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.Drift() {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			sides := map[string]map[string]parity.Value{}
			for _, in := range []string{c.Staging, c.Production} {
				sides[in] = resourcesOf(t, in)
			}
			for i, l := range c.Labels {
				if l.Kind == "only_in_staging" || l.Kind == "only_in_production" {
					continue
				}
				if l.Path == "count" {
					// The number of instances of a counted resource or module.
					if !hasInstances(sides, l.Address) {
						t.Errorf("labels[%d]: no instances %s[N] on either side", i, l.Address)
					}
					continue
				}
				first := strings.FieldsFunc(l.Path, func(r rune) bool { return r == '.' || r == '[' })[0]
				ok := false
				for _, rs := range sides {
					if v, has := rs[l.Address]; has {
						if _, has := v.Get(first); has {
							ok = true
						}
					}
				}
				if !ok {
					t.Errorf("labels[%d]: no resource %q with attribute %q on either side", i, displayAddress(l.Address), first)
				}
			}
		})
	}
}

// hasInstances reports whether a side has count instances of base: base[N]
// or, for a module, base[N].<resource>.
func hasInstances(sides map[string]map[string]parity.Value, base string) bool {
	for _, rs := range sides {
		for addr := range rs {
			if strings.HasPrefix(addr, base+"[") {
				return true
			}
		}
	}
	return false
}

// resourcesOf reads one side's resources by address. Inputs the check
// refuses today (old format versions) are read as plain JSON.
func resourcesOf(t *testing.T, path string) map[string]parity.Value {
	t.Helper()
	out := map[string]parity.Value{}
	env, err := tfinput.Load(context.Background(), path, tfinput.Options{Settings: true})
	if err == nil {
		for _, r := range env.Resources {
			out[r.Address] = r.Values
		}
		return out
	}
	data, rerr := os.ReadFile(path)
	if rerr != nil {
		t.Fatalf("%s: %v (reading it as a document: %v)", path, rerr, err)
	}
	var doc any
	if jerr := json.Unmarshal(data, &doc); jerr != nil {
		t.Fatalf("%s: %v (reading it as a document: %v)", path, jerr, err)
	}
	collectResources(doc, out)
	if len(out) == 0 {
		t.Fatalf("%s: no resources (reading it as a document: %v)", path, err)
	}
	return out
}

// collectResources finds every object with an "address" and "values" in a
// show -json document of any format version.
func collectResources(v any, out map[string]parity.Value) {
	switch v := v.(type) {
	case map[string]any:
		if addr, ok := v["address"].(string); ok {
			if vals, ok := v["values"].(map[string]any); ok {
				data, _ := json.Marshal(vals)
				if pv, err := tfinput.DecodeJSON(data); err == nil {
					out[addr] = pv
				}
			}
		}
		for _, e := range v {
			collectResources(e, out)
		}
	case []any:
		for _, e := range v {
			collectResources(e, out)
		}
	}
}
