// Package cli is the parity checker's command line: check, hash, scale and
// rules, and the HCP Terraform run task service (run-task serve|process).
//
// The same main package is installed twice: as terraform-provider-parity,
// which Terraform starts without arguments (and which is the CLI when its
// first argument is a subcommand), and as parity, which is always the CLI.
//
// Exit codes: 0 in parity (or success), 1 drift, 2 usage or input error.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Exit codes.
const (
	exitOK    = 0
	exitDrift = 1
	exitError = 2
)

// IsCommand reports whether arg names a CLI subcommand.
func IsCommand(arg string) bool {
	switch arg {
	case "check", "hash", "scale", "rules", "run-task", "data", "metrics", "shadow-relay", "baseline", "schema", "help", "version", "--help", "-h", "--version":
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

// Main runs the CLI with args (the subcommand first) and returns the exit
// code.
func Main(ctx context.Context, args []string, version string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &command{
		ctx:     ctx,
		version: version,
		stdin:   stdin,
		stdout:  stdout,
		stderr:  stderr,
		getenv:  os.Getenv,
	}
	return c.run(args)
}

// command carries what every subcommand needs; the environment is injected
// so that tests do not depend on the caller's NO_COLOR or CI.
type command struct {
	ctx            context.Context
	version        string
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// terraformPath is the terraform --terraform runs; empty looks it up
	// on PATH.
	terraformPath string
	// now is the clock baselines are dated by; nil is time.Now.
	now func() time.Time
}

func (c *command) run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, mainUsage)
		fmt.Fprintln(c.stderr, "Run 'parity --help' for more.")
		return exitError
	}
	switch args[0] {
	case "check":
		return c.check(args[1:])
	case "hash":
		return c.hash(args[1:])
	case "scale":
		return c.scale(args[1:])
	case "rules":
		return c.rules(args[1:])
	case "run-task":
		return c.runTask(args[1:])
	case "data":
		return c.data(args[1:])
	case "metrics":
		return c.metrics(args[1:])
	case "shadow-relay":
		return c.shadowRelay(args[1:])
	case "baseline":
		return c.baseline(args[1:])
	case "schema":
		return c.schema(args[1:])
	case "version", "--version", "-version":
		return c.printVersion()
	case "help", "--help", "-help", "-h":
		if len(args) > 1 {
			if h, ok := commandHelp[args[1]]; ok {
				fmt.Fprint(c.stdout, h)
				return exitOK
			}
			fmt.Fprintf(c.stderr, "parity: unknown help topic %q\n", args[1])
			fmt.Fprint(c.stderr, mainUsage)
			return exitError
		}
		fmt.Fprint(c.stdout, mainHelp)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "parity: unknown command %q\n", args[0])
	fmt.Fprint(c.stderr, mainUsage)
	fmt.Fprintln(c.stderr, "Run 'parity --help' for more.")
	return exitError
}

func (c *command) printVersion() int {
	v := c.version
	if v == "" {
		v = "dev"
	}
	fmt.Fprintf(c.stdout, "parity %s\n", v)
	return exitOK
}
