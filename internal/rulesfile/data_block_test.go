package rulesfile_test

import (
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// The data block belongs to `parity data` (internal/dataprofile reads and
// checks it); a rules file that has one is still a valid rules file for
// parity check.
func TestParseLeavesTheDataBlock(t *testing.T) {
	t.Parallel()
	src := "ratio = 0.5\n\ndata {\n  keep_values = [\"status\"]\n  table \"countries\" {\n    ratio = 1\n  }\n}\n"
	rules, diags := rulesfile.Parse([]byte(src), "parity.hcl")
	if diags.HasErrors() {
		t.Fatalf("Parse: %v", diags)
	}
	if rules.Ratio != 0.5 {
		t.Errorf("ratio = %v, want 0.5", rules.Ratio)
	}
}
