package cli

import (
	"github.com/envparity/terraform-provider-parity/internal/report"
)

// schema prints the JSON Schema of a document parity writes, so that
// consumers validate against the schema of the version they run.
func (c *command) schema(args []string) int {
	fs := newFlagSet("schema")
	positional, err := parseInterspersed(fs, args)
	if err == nil && (len(positional) != 1 || positional[0] != "report") {
		err = usagef("want the name of a schema: report (the json format of parity check)")
	}
	if code, done := c.usageOutcome("schema", err); done {
		return code
	}
	if _, err := c.stdout.Write(report.JSONSchema); err != nil {
		return c.inputError(err)
	}
	return exitOK
}
