package report

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestArtifactURI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"main.tf", "main.tf"},
		{`modules\web\main.tf`, "modules/web/main.tf"},
		{"./modules/web/main.tf", "modules/web/main.tf"},
		{`.\modules\web\main.tf`, "modules/web/main.tf"},
		{"../shared/main.tf", "../shared/main.tf"},
		{"envs/user data.tf", "envs/user%20data.tf"},
		{"envs/100%.tf", "envs/100%25.tf"},
		{"a:b.tf", "./a:b.tf"},
		{"/srv/infra/main.tf", "file:///srv/infra/main.tf"},
		{`C:\infra\main.tf`, "file:///C:/infra/main.tf"},
		{`\\server\share\main.tf`, "file://server/share/main.tf"},
	} {
		if got := artifactURI(tc.in); got != tc.want {
			t.Errorf("artifactURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func decodeSARIF(t *testing.T, rep *parity.Report, meta Meta) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(render(t, FormatSARIF, rep, meta)), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(log.Runs))
	}
	return log
}

func TestSARIFResults(t *testing.T) {
	t.Parallel()
	log := decodeSARIF(t, sampleReport(), sampleMeta)
	run := log.Runs[0]
	if got, want := len(run.Results), len(sampleReport().Findings); got != want {
		t.Fatalf("got %d results, want %d", got, want)
	}
	fingerprints := map[string]bool{}
	for _, r := range run.Results {
		if rule := run.Tool.Driver.Rules[r.RuleIndex]; rule.ID != r.RuleID {
			t.Errorf("result %s points at rule %d, which is %s", r.RuleID, r.RuleIndex, rule.ID)
		}
		wantLevel := "error"
		if r.RuleID == string(parity.FindingUnknown) {
			wantLevel = "warning"
		}
		if r.Level != wantLevel {
			t.Errorf("%s result level %s, want %s", r.RuleID, r.Level, wantLevel)
		}
		if len(r.Locations) != 1 || len(r.Locations[0].LogicalLocations) != 1 ||
			r.Locations[0].LogicalLocations[0].Kind != "resource" || r.Locations[0].LogicalLocations[0].FullyQualifiedName == "" {
			t.Errorf("%s result has no resource logical location: %+v", r.RuleID, r.Locations)
		}
		fp := r.PartialFingerprints[fingerprintKey]
		if len(fp) != 64 || fingerprints[fp] {
			t.Errorf("fingerprint %q is malformed or not unique", fp)
		}
		fingerprints[fp] = true
	}
	// The Windows location of the sample's instance_type finding.
	var physical []sarifPhysicalLocation
	for _, r := range run.Results {
		if pl := r.Locations[0].PhysicalLocation; pl != nil {
			physical = append(physical, *pl)
		}
	}
	want := []sarifPhysicalLocation{
		{sarifArtifactLocation{"db.tf"}, &sarifRegion{12, 5}},
		{sarifArtifactLocation{"modules/web/main.tf"}, &sarifRegion{7, 3}},
		{sarifArtifactLocation{"modules/web/user%20data.tf"}, &sarifRegion{3, 0}},
		{sarifArtifactLocation{"storage.tf"}, &sarifRegion{40, 1}},
	}
	if diff := cmp.Diff(want, physical); diff != "" {
		t.Errorf("physical locations (-want +got):\n%s", diff)
	}
}

func TestSARIFLevelsFollowFailOn(t *testing.T) {
	t.Parallel()
	for failOn, want := range map[string]map[string]string{
		FailOnDrift:   {"config_drift": "error", "unknown": "warning"},
		FailOnUnknown: {"config_drift": "error", "unknown": "error"},
		FailOnNever:   {"config_drift": "warning", "unknown": "warning"},
	} {
		meta := sampleMeta
		meta.FailOn = failOn
		got := map[string]string{}
		for _, r := range decodeSARIF(t, sampleReport(), meta).Runs[0].Results {
			if _, ok := want[r.RuleID]; ok {
				got[r.RuleID] = r.Level
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("fail-on %s: levels (-want +got):\n%s", failOn, diff)
		}
	}
}

func TestSARIFRulesAreStable(t *testing.T) {
	t.Parallel()
	// Rule indexes must not depend on which kinds a run happens to find.
	a := decodeSARIF(t, sampleReport(), sampleMeta).Runs[0].Tool.Driver.Rules
	b := decodeSARIF(t, parityReport(), sampleMeta).Runs[0].Tool.Driver.Rules
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("rules differ between reports (-drift +parity):\n%s", diff)
	}
	if len(a) != len(parity.AllFindingKinds) {
		t.Errorf("got %d rules, want one per kind (%d)", len(a), len(parity.AllFindingKinds))
	}
}

func TestFingerprintIgnoresValues(t *testing.T) {
	t.Parallel()
	f := parity.Finding{Kind: parity.FindingSizeRatio, Address: "aws_instance.web", Path: "instance_type", Staging: "t3.large"}
	g := f
	g.Staging, g.Message, g.Location = "t3.xlarge", "changed", &parity.Location{File: "x.tf", Line: 9}
	if fingerprint(f) != fingerprint(g) {
		t.Error("fingerprint changed with the values")
	}
	h := f
	h.Path = "instance_typ"
	h.Address += "e"
	if fingerprint(f) == fingerprint(h) {
		t.Error("fingerprint does not separate address from path")
	}
}
