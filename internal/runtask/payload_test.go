package runtask

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfe "github.com/hashicorp/go-tfe"
)

// The payload in testdata follows the documented field names of the run
// tasks integration API ("Request Body", "Sample Payload").
func TestDecodeRequestDocumentedPayload(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile("testdata/payload-post-plan.json")
	if err != nil {
		t.Fatal(err)
	}
	req, err := DecodeRequest(body)
	if err != nil {
		t.Fatal(err)
	}
	type fields struct {
		Stage, Org, Workspace, WorkspaceID, RunID, CreatedAt, Enforcement, TaskResultID string
		PlanURL, CallbackURL                                                            string
		Outcomes, Advisory, Verification, Speculative                                   bool
	}
	got := fields{
		Stage: req.Stage, Org: req.OrganizationName, Workspace: req.WorkspaceName, WorkspaceID: req.WorkspaceID,
		RunID: req.RunID, CreatedAt: req.RunCreatedAt, Enforcement: req.TaskResultEnforcementLevel,
		TaskResultID: req.TaskResultID, PlanURL: req.PlanJSONAPIURL, CallbackURL: req.TaskResultCallbackURL,
		Outcomes: req.Capabilities.Outcomes, Advisory: req.Advisory(), Verification: req.IsVerification(),
		Speculative: req.IsSpeculative,
	}
	want := fields{
		Stage: "post_plan", Org: "acme", Workspace: "web-staging", WorkspaceID: "ws-Mz2Xc7Vb4Nq8Lp1R",
		RunID: "run-Rb5Tm1QyZc7Nw3Fk", CreatedAt: "2025-03-04T14:47:13.036Z", Enforcement: "mandatory",
		TaskResultID: "taskrs-Jw4Pz8Lc2Qv6Ks9D",
		PlanURL:      "https://tfe.example.com/api/v2/plans/plan-Vd3Kc9HsQe2Ym5Ju/json-output",
		CallbackURL:  "https://tfe.example.com/api/v2/task-results/3e1b9a70-5c2d-4f8e-9a61-2b7c0d4e8f13/callback",
		Outcomes:     true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded request (-want +got):\n%s", diff)
	}

	// Why Request adds Capabilities: go-tfe's own type reads the misspelt
	// key `capabilitites`, so the documented payload looks as if HCP
	// Terraform did not accept outcomes. When go-tfe is fixed this fails,
	// and Request can drop its own field.
	var plain tfe.RunTaskRequest
	if err := json.Unmarshal(body, &plain); err != nil {
		t.Fatal(err)
	}
	if plain.Capabilitites.Outcomes {
		t.Errorf("go-tfe's RunTaskRequest now reads capabilities.outcomes; Request's own Capabilities field can go")
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ body, want string }{
		{`{`, "not JSON"},
		{`{"payload_version": 2, "stage": "post_plan"}`, "only version 1"},
		{`{"payload_version": 1, "stage": 3}`, "stage is number"},
		{`[]`, "not a run task request"},
	} {
		_, err := DecodeRequest([]byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.body, err, tc.want)
		}
	}
}

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	key, body := []byte("k3y"), []byte(`{"payload_version":1}`)
	good := Sign(key, body)
	for _, tc := range []struct {
		name, header string
		want         bool
	}{
		{"valid", good, true},
		{"valid upper case hex", strings.ToUpper(good), true},
		{"empty", "", false},
		{"not hex", "zz" + good[2:], false},
		{"truncated", good[:64], false},
		{"other body", Sign(key, []byte(`{}`)), false},
		{"other key", Sign([]byte("other"), body), false},
	} {
		if got := VerifySignature(key, body, tc.header); got != tc.want {
			t.Errorf("%s: VerifySignature = %v, want %v", tc.name, got, tc.want)
		}
	}
	// RFC 4231 test case 2: HMAC-SHA512, hex encoded as the header carries it
	// (what `openssl dgst -sha512 -hmac KEY` prints).
	const rfc4231 = "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554" +
		"9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
	if got := Sign([]byte("Jefe"), []byte("what do ya want for nothing?")); got != rfc4231 {
		t.Errorf("Sign = %s, want the RFC 4231 vector", got)
	}
}

func TestCheckAPIURL(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://tfe.example.com")
	for _, tc := range []struct{ raw, want string }{
		{"https://tfe.example.com/api/v2/plans/plan-1/json-output", ""},
		{"https://TFE.example.com:443/api/v2/task-results/x/callback", ""},
		{"http://tfe.example.com/api/v2/plans/p/json-output", "points at http://tfe.example.com"},
		{"https://tfe.example.com.evil.example/api/v2/x", "points at https://tfe.example.com.evil.example"},
		{"https://tfe.example.com:8443/api/v2/x", "points at https://tfe.example.com:8443"},
		{"https://user@tfe.example.com/api/v2/x", "not an HCP Terraform API URL"},
		{"https://tfe.example.com/app/acme", "not an HCP Terraform API URL"},
		{"/api/v2/plans/p/json-output", "points at (no host)"},
		{"", "is empty"},
	} {
		_, err := checkAPIURL(base, "plan_json_api_url", tc.raw)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tc.raw, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: error %v, want one containing %q", tc.raw, err, tc.want)
		}
	}
}
