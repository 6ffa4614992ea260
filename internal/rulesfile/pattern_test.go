package rulesfile_test

import (
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

func TestParseRounding(t *testing.T) {
	t.Parallel()
	for _, r := range []parity.Rounding{parity.RoundingNearest, parity.RoundingUp, parity.RoundingDown, parity.RoundingEither} {
		got, err := rulesfile.ParseRounding(string(r))
		if err != nil || got != r {
			t.Errorf("ParseRounding(%q) = %q, %v", r, got, err)
		}
	}
	for _, s := range []string{"", "Up", "ceil", "round"} {
		if _, err := rulesfile.ParseRounding(s); err == nil {
			t.Errorf("ParseRounding(%q) accepted it", s)
		}
	}
	_, err := rulesfile.ParseRounding("ceil")
	if want := `rounding "ceil" is not one of "nearest", "up", "down" or "either"`; err.Error() != want {
		t.Errorf("ParseRounding error:\n got %s\nwant %s", err, want)
	}
}
