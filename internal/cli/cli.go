// Package cli is the parity checker's command line: check, hash and scale.
package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// IsCommand reports whether arg names a CLI subcommand.
func IsCommand(arg string) bool {
	switch arg {
	case "check", "hash", "scale", "help", "version", "--help", "-h", "--version":
		return true
	}
	return false
}

// IsBinaryNamedParity reports whether the program was started as `parity`,
// in which case it is always the CLI.
func IsBinaryNamedParity(argv0 string) bool {
	base := strings.TrimSuffix(filepath.Base(argv0), ".exe")
	return base == "parity"
}

// Main runs the CLI and returns the exit code.
func Main(ctx context.Context, args []string, version string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "not implemented")
	return 2
}
