package tfinput

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzHCLDir loads fuzzed text as a directory's main.tf: no panic, and
// errors say something.
func FuzzHCLDir(f *testing.F) {
	for _, name := range []string{"testdata/hcl/full/main.tf", "testdata/hcl/full/more.tf", "testdata/hcl/full/variables.tf"} {
		f.Add(readSeed(f, name))
	}
	f.Add([]byte("locals { a = local.a }\nresource \"x\" \"y\" {\n  count = -1\n  v = [for i in range(3) : i * 2]\n}\n"))
	f.Add([]byte("resource \"x\" \"y\" {\n  for_each = {a = 1}\n  dynamic \"b\" {\n    for_each = [each.value]\n    content { v = b.value }\n  }\n}\n"))
	f.Add([]byte("variable \"v\" {\n  type = list(number)\n  default = [\"1\", \"x\"]\n  sensitive = true\n}\nmodule \"m\" {\n  source = var.v\n  for_each = toset([\"a\"])\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(context.Background(), dir, Options{})
		if err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}
