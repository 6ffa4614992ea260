package tfinput

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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
	// Nesting at and over the limit, which is refused before parsing.
	f.Add([]byte("resource \"x\" \"y\" {\n  v = " + strings.Repeat("[", 990) + strings.Repeat("]", 990) + "\n}\n"))
	f.Add([]byte("resource \"x\" \"y\" {\n  v = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n}\n"))
	f.Add([]byte("resource \"x\" \"y\" {\n  v = " + strings.Repeat("!", 3000) + "true\n}\n"))
	f.Add([]byte("resource \"x\" \"y\" {\n  v = jsondecode(\"" + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + "\")\n}\n"))
	f.Add([]byte("resource \"x\" \"y\" {\n  v = \"\xff\xfe\"\n}\n"))
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
