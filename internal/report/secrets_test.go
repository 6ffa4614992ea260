package report

import (
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// TestSensitiveFindingsPrintNoSecret feeds findings marked Sensitive whose
// unmasked fields still hold a secret (as an engine bug would leave them)
// and checks that no format prints it.
func TestSensitiveFindingsPrintNoSecret(t *testing.T) {
	t.Parallel()
	const secret = "hunter2-Pr0d-Passw0rd"
	rep := sampleReport()
	rep.Findings = append(rep.Findings,
		parity.Finding{
			Kind: parity.FindingConfigDrift, Address: "aws_db_instance.main", ResourceType: "aws_db_instance",
			Path: "master_password", Staging: parity.SensitiveMask, Production: secret, Sensitive: true,
			Message: "master_password differs (values are sensitive).",
		},
		parity.Finding{
			Kind: parity.FindingSizeRatio, Address: "aws_db_instance.main", ResourceType: "aws_db_instance",
			Path: "secret_size", Staging: secret, Production: parity.SensitiveMask, Sensitive: true,
			Expected: secret, Accepted: []string{secret, secret + "2"}, Arithmetic: secret + " × 0.5 = " + secret,
			Message: "secret_size does not follow the ratio (values are sensitive).",
		},
		parity.Finding{
			Kind: parity.FindingUnknown, Address: "aws_db_instance.main", Path: "token",
			Staging: "(unknown)", Production: parity.SensitiveMask, Sensitive: true,
			Message: "token is unknown until apply.",
		},
	)
	for _, f := range Formats {
		for _, colour := range []bool{false, true} {
			meta := sampleMeta
			meta.Color = colour
			out := render(t, f, rep, meta)
			if strings.Contains(out, "hunter2") {
				t.Errorf("%s output (colour %v) prints the secret:\n%s", f, colour, out)
			}
			if !strings.Contains(out, parity.SensitiveMask) {
				t.Errorf("%s output does not show %s", f, parity.SensitiveMask)
			}
			if !strings.Contains(out, "(unknown)") {
				t.Errorf("%s output hides that a sensitive value is unknown", f)
			}
		}
	}
}
