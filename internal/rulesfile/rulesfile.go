// Package rulesfile reads parity rules files (parity.hcl) from disk: the same
// rule vocabulary as the blocks of parity_check and the CLI flags, written as
// HCL. The grammar itself lives in the engine (parity.ParseRules), which
// reads its built-in knowledge base with it; this package bounds what is
// read before it is parsed.
package rulesfile

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/hashicorp/hcl/v2"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// MaxFileSize is the default size cap of a rules file.
const MaxFileSize = inputlimit.DefaultConfigSize

// Load reads and parses a rules file of at most MaxFileSize bytes. The error
// names file:line:col of every problem found.
func Load(path string) (parity.Rules, error) {
	return LoadLimited(path, MaxFileSize)
}

// LoadLimited is Load with a size cap of limit bytes (4 MiB for Load: the
// HCL parser holds about a hundred bytes per token, so a rules file of
// 4 MiB may cost a few hundred megabytes while it is parsed). Only a regular
// file is read (a FIFO or /dev/zero is refused before a byte is read), and
// nesting deeper than inputlimit.MaxDepth is refused before parsing.
func LoadLimited(path string, limit int64) (parity.Rules, error) {
	src, err := inputlimit.ReadFile(path, limit, "rules file")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && err == error(pe) {
			return parity.Rules{}, fmt.Errorf("reading rules file: %w", err)
		}
		return parity.Rules{}, err
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
	// The HCL parser recurses once per level of nesting and overflows the
	// stack (ending the process) on a file nested deep enough: refuse that
	// before parsing.
	if err := inputlimit.CheckHCLDepth(src, filename); err != nil {
		var de *inputlimit.DepthError
		errors.As(err, &de)
		pos := hcl.Pos{Line: de.Line, Column: de.Col, Byte: 0}
		return parity.Rules{}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Nested too deeply",
			Detail:   fmt.Sprintf("The rules file nests more than %d levels of brackets, blocks or operators; a rules file needs a handful.", inputlimit.MaxDepth),
			Subject:  &hcl.Range{Filename: filename, Start: pos, End: pos},
		}}
	}
	return parity.ParseRules(src, filename)
}

// DiagnosticsError renders error diagnostics as one error, one line per
// diagnostic: "parity.hcl:3:9: Invalid ratio: ratio must be … ".
func DiagnosticsError(diags hcl.Diagnostics) error { return parity.DiagnosticsError(diags) }

// ParseRounding parses a rounding mode: nearest, up, down or either.
func ParseRounding(s string) (parity.Rounding, error) { return parity.ParseRounding(s) }
