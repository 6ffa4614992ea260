package cli

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// maxEchoedError bounds the error scale prints for a size it cannot read.
const maxEchoedError = 300

// scale prints production SIZE × RATIO on the size's ladder.
func (c *command) scale(args []string) int {
	fs := newFlagSet("scale")
	rounding := fs.String("rounding", string(sizes.RoundEither), "between two steps: nearest, up, down or either")
	minimum := fs.String("minimum", "", "smallest accepted `SIZE`")
	explain := fs.Bool("explain", false, "show the arithmetic and every accepted size")
	positional, err := parseInterspersed(fs, args)
	if err == nil && len(positional) != 2 {
		err = usagef("want SIZE and RATIO, got %d argument%s", len(positional), plural(len(positional)))
	}
	r := sizes.Rounding(*rounding)
	if err == nil {
		switch r {
		case sizes.RoundEither, sizes.RoundNearest, sizes.RoundUp, sizes.RoundDown:
		default:
			err = usagef("invalid value %q for flag -rounding: use nearest, up, down or either", *rounding)
		}
	}
	if code, done := c.usageOutcome("scale", err); done {
		return code
	}
	ratio, err := parseRatio(positional[1])
	if err != nil {
		code, _ := c.usageOutcome("scale", usagef("%v", err))
		return code
	}
	res, err := sizes.Scale(positional[0], ratio, r, *minimum)
	if err != nil {
		// The error quotes the size: an argument of thousands of
		// characters is not echoed whole.
		msg := err.Error()
		if len(msg) > maxEchoedError {
			cut := maxEchoedError
			for cut > 0 && !utf8.RuneStart(msg[cut]) {
				cut--
			}
			msg = msg[:cut] + "… (" + strconv.Itoa(len(positional[0])) + " characters)"
		}
		fmt.Fprintf(c.stderr, "parity: %s\n", msg)
		return exitError
	}
	fmt.Fprintln(c.stdout, res.Expected)
	if *explain {
		if res.Arithmetic != "" {
			fmt.Fprintln(c.stdout, res.Arithmetic)
		}
		if len(res.Accepted) > 1 {
			fmt.Fprintf(c.stdout, "accepted: %s (rounding %s)\n", strings.Join(res.Accepted, ", "), r)
		}
		if res.Ladder != "" {
			fmt.Fprintf(c.stdout, "ladder: %s\n", res.Ladder)
		}
	}
	return exitOK
}
