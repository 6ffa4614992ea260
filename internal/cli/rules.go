package cli

import (
	"fmt"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// rules prints the built-in knowledge base (--builtin), or checks a rules
// file and summarises what it declares.
func (c *command) rules(args []string) int {
	fs := newFlagSet("rules")
	builtin := fs.Bool("builtin", false, "print the built-in knowledge base")
	positional, err := parseInterspersed(fs, args)
	switch {
	case err != nil:
	case *builtin && len(positional) > 0:
		err = usagef("--builtin takes no FILE")
	case !*builtin && len(positional) != 1:
		err = usagef("want a rules FILE or --builtin, got %d argument%s", len(positional), plural(len(positional)))
	}
	if code, done := c.usageOutcome("rules", err); done {
		return code
	}
	if *builtin {
		if _, err := parity.BuiltinRules(); err != nil {
			fmt.Fprintf(c.stderr, "parity: %v\n", err)
			return exitError
		}
		for i, f := range parity.BuiltinKnowledgeFiles() {
			if i > 0 {
				fmt.Fprintln(c.stdout)
			}
			fmt.Fprintf(c.stdout, "# ---- %s ----\n%s", f.Name, f.Source)
		}
		return exitOK
	}
	r, err := rulesfile.Load(positional[0])
	if err != nil {
		return c.inputError(fmt.Errorf("%s: %w", positional[0], err))
	}
	if err := parity.ValidateRules(r); err != nil {
		return c.inputError(fmt.Errorf("%s: %w", positional[0], err))
	}
	var parts []string
	count := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	count(len(r.Sizes), "size")
	count(len(r.Ignores), "ignore")
	count(len(r.Configs), "config")
	count(len(r.Secrets), "secret")
	count(len(r.Identities), "identity")
	count(len(r.Lists), "list")
	count(len(r.ModulePairs), "module_pair")
	count(len(r.OnlyIn), "only_in")
	summary := "no rules"
	if len(parts) > 0 {
		summary = strings.Join(parts, ", ") + " rule(s)"
	}
	fmt.Fprintf(c.stdout, "%s: valid; %s", positional[0], summary)
	if r.Ratio != 0 {
		fmt.Fprintf(c.stdout, "; ratio %g", r.Ratio)
	}
	if r.Redact != "" {
		fmt.Fprintf(c.stdout, "; redact %s", r.Redact)
	}
	if r.BuiltinDeclared && r.NoBuiltin {
		fmt.Fprint(c.stdout, "; built-in knowledge off")
	}
	fmt.Fprintln(c.stdout)
	return exitOK
}
