// Package rulesfile reads parity rules files (parity.hcl) from disk: the same
// rule vocabulary as the blocks of parity_check and the CLI flags, written as
// HCL. The grammar itself lives in the engine (parity.ParseRules), which
// reads its built-in knowledge base with it.
package rulesfile

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Load reads and parses a rules file. The error names file:line:col of every
// problem found.
func Load(path string) (parity.Rules, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return parity.Rules{}, fmt.Errorf("reading rules file: %w", err)
	}
	rules, diags := Parse(src, path)
	if diags.HasErrors() {
		return parity.Rules{}, DiagnosticsError(diags)
	}
	return rules, nil
}

// Parse parses rules file source; filename is used in diagnostics and
// Locations. On error the returned Rules are the zero value.
func Parse(src []byte, filename string) (parity.Rules, hcl.Diagnostics) {
	return parity.ParseRules(src, filename)
}

// DiagnosticsError renders error diagnostics as one error, one line per
// diagnostic: "parity.hcl:3:9: Invalid ratio: ratio must be … ".
func DiagnosticsError(diags hcl.Diagnostics) error { return parity.DiagnosticsError(diags) }

// ParseRounding parses a rounding mode: nearest, up, down or either.
func ParseRounding(s string) (parity.Rounding, error) { return parity.ParseRounding(s) }
