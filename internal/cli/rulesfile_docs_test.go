package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/envparity/terraform-provider-parity/internal/baseline"
	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// The rules file reference page shows every block and argument the parser
// accepts, each in an example file that `parity rules` accepts; the page
// includes every example file and no other.
func TestRulesFileReference(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	page, err := os.ReadFile(filepath.Join(root, "templates", "guides", "rules-file.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	included := map[string]bool{}
	for _, m := range regexp.MustCompile(`\{\{ codefile "hcl" "(examples/rules-file/[^"]+)" \}\}`).FindAllStringSubmatch(string(page), -1) {
		included[m[1]] = true
	}
	files, err := filepath.Glob(filepath.Join(root, "examples", "rules-file", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example files: %v", err)
	}

	// What the examples use: top-level arguments and blocks, each block's
	// arguments, and the blocks inside resource blocks.
	used := map[string]bool{}
	var walk func(body *hclsyntax.Body, where string)
	walk = func(body *hclsyntax.Body, where string) {
		for name := range body.Attributes {
			used[where+"="+name] = true
		}
		for _, b := range body.Blocks {
			used[where+"{"+b.Type] = true
			walk(b.Body, b.Type)
		}
	}
	for _, f := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(f, root+string(filepath.Separator)))
		if !included[rel] {
			t.Errorf("%s is not shown on the reference page", rel)
		}
		delete(included, rel)
		r := run(t, "rules", f)
		if r.code != exitOK || !strings.Contains(r.stdout, ": valid;") {
			t.Errorf("parity rules %s: exit %d\n%s%s", rel, r.code, r.stdout, r.stderr)
		}
		if _, err := dataprofile.LoadRules(f); err != nil {
			t.Errorf("%s: the data block does not load: %v", rel, err)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, diags := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		walk(file.Body.(*hclsyntax.Body), "")
		if strings.HasSuffix(rel, "/baseline.hcl") {
			rules, _ := parity.ParseRules(src, rel)
			if _, entries := baseline.Split(rules); baseline.Count(entries) != len(rules.Ignores)+len(rules.OnlyIn) || baseline.Count(entries) == 0 {
				t.Errorf("%s: %d of its %d ignore and only_in rules are baseline entries", rel, baseline.Count(entries), len(rules.Ignores)+len(rules.OnlyIn))
			}
		}
	}
	for missing := range included {
		t.Errorf("the reference page shows %s, which does not exist", missing)
	}

	g := parity.Grammar()
	var want []string
	for _, a := range g.Arguments {
		want = append(want, "="+a)
	}
	for _, b := range g.Blocks {
		want = append(want, "{"+b)
		for _, a := range g.BlockArguments[b] {
			want = append(want, b+"="+a)
		}
	}
	for _, b := range g.ResourceBlocks {
		want = append(want, "resource{"+b)
	}
	sort.Strings(want)
	for _, w := range want {
		if !used[w] {
			t.Errorf("no example file shows %s", describeGrammarEntry(w))
		}
		name := w[strings.LastIndexAny(w, "={")+1:]
		if !strings.Contains(string(page), "`"+name+"`") && !strings.Contains(string(page), "## "+name+"\n") {
			t.Errorf("the reference page does not name %s", describeGrammarEntry(w))
		}
	}
}

func describeGrammarEntry(w string) string {
	switch {
	case strings.HasPrefix(w, "="):
		return "the top-level argument " + w[1:]
	case strings.HasPrefix(w, "{"):
		return "the block " + w[1:]
	case strings.HasPrefix(w, "resource{"):
		return "the block " + w[len("resource{"):] + " inside a resource block"
	}
	block, arg, _ := strings.Cut(w, "=")
	return "the argument " + arg + " of " + block
}
