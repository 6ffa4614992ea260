package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A provider schema says which lists are sets: with it, a set whose
// elements come out in another order is parity, and a list whose elements
// were reordered is drift, whatever the documents look like.
func TestCheckWithProviderSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	doc := func(order []string) string {
		var elems []string
		for _, o := range order {
			elems = append(elems, `{"name":"`+o+`","port":80}`)
		}
		return `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"example_lb.web","mode":"managed","type":"example_lb","name":"web",
"values":{"rules":[` + strings.Join(elems, ",") + `],"listeners":[` + strings.Join(elems, ",") + `],"fingerprint_hash":"` + order[0] + `"}}]}}}`
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	staging := write("staging.json", doc([]string{"a", "b"}))
	production := write("production.json", doc([]string{"b", "a"}))
	schema := write("schema.json", `{"format_version":"1.0","provider_schemas":{"example/example":{"resource_schemas":{"example_lb":{"version":0,"block":{
"attributes":{"fingerprint_hash":{"type":"string","computed":true},"rules":{"type":["set",["object",{"name":"string","port":"number"}]],"optional":true}},
"block_types":{"listeners":{"nesting_mode":"list","block":{"attributes":{"name":{"type":"string","optional":true},"port":{"type":"number","optional":true}}}}}}}}}}}`)

	run := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), args, "test", nil, &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	code, out := run("check", "--rules=", "--schema", schema, staging, production)
	if code != exitDrift {
		t.Fatalf("with the schema: exit %d, want %d (the listeners list was reordered)\n%s", code, exitDrift, out)
	}
	if !strings.Contains(out, "listeners") {
		t.Errorf("the reordered list is not reported:\n%s", out)
	}
	for _, notDrift := range []string{"rules", "fingerprint_hash"} {
		if strings.Contains(out, notDrift+" ") || strings.Contains(out, notDrift+":") {
			t.Errorf("%s is reported although the schema makes it a set or computed:\n%s", notDrift, out)
		}
	}
	code, out = run("check", "--rules=", "--schema", write("bad.json", `{"nope":1}`), staging, production)
	if code != exitError || !strings.Contains(out, "bad.json") {
		t.Errorf("a file that is not a schema: exit %d, want %d with the file named\n%s", code, exitError, out)
	}
}
