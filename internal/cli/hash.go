package cli

import (
	"fmt"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// hash prints the configuration hash of one side: what check compares when
// it says two environments are in parity.
func (c *command) hash(args []string) int {
	fs := newFlagSet("hash")
	var in inputFlags
	in.register(fs, false)
	positional, err := parseInterspersed(fs, args)
	if err == nil && len(positional) != 1 {
		err = usagef("want one SIDE (a state or plan file, or a directory), got %d argument%s", len(positional), plural(len(positional)))
	}
	if code, done := c.usageOutcome("hash", err); done {
		return code
	}
	rules, err := c.loadRules(&in)
	if err != nil {
		return c.inputErrorOrUsage("hash", err)
	}
	path := positional[0]
	env, err := tfinput.Load(c.ctx, path, c.options(&in, ""))
	if err != nil {
		fmt.Fprintf(c.stderr, "parity: %s\n", inputErrorText(path, err))
		return exitError
	}
	h, err := parity.HashEnvironment(env, rules)
	if err != nil {
		fmt.Fprintf(c.stderr, "parity: %v\n", err)
		return exitError
	}
	fmt.Fprintln(c.stdout, h)
	return exitOK
}
