package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Plain JSON objects (a module's outputs) compare as objects of settings,
// and `terraform output -json` is unwrapped, its sensitive outputs masked.
func TestCheckSettingsObjects(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	run := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), args, "test", nil, &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	staging := write("staging.json", `{"name":"web-staging","instance_type":"t3.large","timeout":10}`)
	production := write("production.json", `{"name":"web-prod","instance_type":"t3.xlarge","timeout":30}`)
	code, out := run("check", "--rules=", "--ratio", "0.5", staging, production)
	if code != exitDrift || !strings.Contains(out, "timeout") || strings.Contains(out, "instance_type") {
		t.Errorf("settings objects: exit %d, want %d with only timeout reported\n%s", code, exitDrift, out)
	}

	stgOut := write("stg-out.json", `{"db_password":{"sensitive":true,"type":"string","value":"planted-7c1e-stg"},
"endpoint":{"sensitive":false,"type":"string","value":"db.staging.internal"},"port":{"sensitive":false,"type":"number","value":5432}}`)
	prodOut := write("prod-out.json", `{"db_password":{"sensitive":true,"type":"string","value":"planted-9a2b-prod"},
"endpoint":{"sensitive":false,"type":"string","value":"db.prod.internal"},"port":{"sensitive":false,"type":"number","value":6432}}`)
	code, out = run("check", "--rules=", stgOut, prodOut)
	if code != exitDrift || !strings.Contains(out, "port") {
		t.Errorf("terraform output -json: exit %d, want %d with port reported\n%s", code, exitDrift, out)
	}
	for _, planted := range []string{"planted-7c1e-stg", "planted-9a2b-prod"} {
		if strings.Contains(out, planted) {
			t.Errorf("a sensitive output's value is printed:\n%s", out)
		}
	}
	if strings.Contains(out, "endpoint") {
		t.Errorf("endpoints that differ only by environment are reported:\n%s", out)
	}
}
