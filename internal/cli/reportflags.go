package cli

import (
	"flag"
	"fmt"
	"strconv"

	"github.com/envparity/terraform-provider-parity/internal/report"
)

// reportFlags are how check lays out its reports.
type reportFlags struct {
	groupBy  string
	quiet    bool
	maxBytes maxBytesFlag
}

func (r *reportFlags) register(fs *flag.FlagSet) {
	r.groupBy = report.GroupByAttribute
	fs.Func("group-by", "group findings in text and markdown by `attribute` (default) or resource", func(s string) error {
		switch s {
		case report.GroupByAttribute, report.GroupByResource:
			r.groupBy = s
			return nil
		}
		return fmt.Errorf("%q is not attribute or resource", s)
	})
	fs.BoolVar(&r.quiet, "quiet", false, "text report: the summary and the verdict only")
	fs.BoolVar(&r.quiet, "q", false, "short for --quiet")
	r.maxBytes = maxBytesFlag(report.DefaultMarkdownMaxBytes)
	fs.Var(&r.maxBytes, "max-bytes", "largest markdown report in `BYTES` (default 60000, under GitHub's comment limit; 0 for no limit)")
}

// markdownMaxBytes is report.Meta.MaxBytes for the flag; for both, 0
// means no limit.
func (r *reportFlags) markdownMaxBytes() int { return int(r.maxBytes) }

// maxBytesFlag is --max-bytes: a count of bytes, 0 for no limit.
type maxBytesFlag int

func (f *maxBytesFlag) String() string { return strconv.Itoa(int(*f)) }

func (f *maxBytesFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("%q is not a number of bytes (0 for no limit)", s)
	}
	*f = maxBytesFlag(n)
	return nil
}
