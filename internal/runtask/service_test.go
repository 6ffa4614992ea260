package runtask

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/runtask/hcpfake"
)

func TestRunTaskPassedInParity(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)

	code, _ := h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	if code != http.StatusOK {
		t.Fatalf("delivery answered %d, want 200", code)
	}
	final := h.final(run)

	all := h.fake.Callbacks(run)
	var statuses []string
	for _, c := range all {
		statuses = append(statuses, c.Doc.Data.Attributes.Status)
		if c.ContentType != hcpfake.ContentTypeJSONAPI || !c.Authorization || c.Doc.Data.Type != "task-results" {
			t.Errorf("callback content type %q, authorization %v, data.type %q; want %s with the run's token and task-results",
				c.ContentType, c.Authorization, c.Doc.Data.Type, hcpfake.ContentTypeJSONAPI)
		}
	}
	if diff := cmp.Diff([]string{"running", "passed"}, statuses); diff != "" {
		t.Errorf("callback statuses (-want +got):\n%s", diff)
	}
	attrs := final.Doc.Data.Attributes
	wantMsg := "In parity with production workspace web-production: 2 resources compared, no drift."
	if attrs.Message != wantMsg {
		t.Errorf("message = %q, want %q", attrs.Message, wantMsg)
	}
	// The ignore rule of the pair shows as one info outcome.
	outcomes := final.Doc.Data.Relationships.Outcomes.Data
	if len(outcomes) != 1 || outcomes[0].Attributes.OutcomeID != "PARITY-IGNORED" ||
		outcomes[0].Attributes.Tags["Severity"][0].Level != "info" ||
		!strings.Contains(outcomes[0].Attributes.Body, "each environment is owned by its own team") {
		t.Errorf("outcomes = %+v, want one info outcome listing the ignored path with its reason", outcomes)
	}
}

func TestRunTaskFailedOnDrift(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig+"\nreport_url = \"https://parity.example.com/runs/{run_id}\"\n")
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", true)), 0)

	for _, tc := range []struct {
		enforcement, suffix string
	}{
		{EnforcementMandatory, "in 2 of 2 resources."},
		{EnforcementAdvisory, "Advisory task: the run is not blocked."},
	} {
		run := run
		if tc.enforcement == EnforcementAdvisory {
			run = h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", true)), 0)
		}
		if code, _ := h.deliver(h.fake.Payload(run, StagePreApply, tc.enforcement), []byte(plantedHMACKey)); code != http.StatusOK {
			t.Fatalf("delivery answered %d", code)
		}
		final := h.final(run)
		attrs := final.Doc.Data.Attributes
		if attrs.Status != "failed" {
			t.Fatalf("%s: status = %q, want failed", tc.enforcement, attrs.Status)
		}
		if !strings.HasPrefix(attrs.Message, "Drift from production workspace web-production: 2 findings (2 config_drift)") ||
			!strings.HasSuffix(attrs.Message, tc.suffix) {
			t.Errorf("%s: message = %q", tc.enforcement, attrs.Message)
		}
		if attrs.URL != "https://parity.example.com/runs/"+run.ID {
			t.Errorf("url = %q, want the report URL with the run ID", attrs.URL)
		}

		type outcome struct {
			ID, Description, Severity, Level string
			Kinds                            []string
		}
		var got []outcome
		for _, o := range final.Doc.Data.Relationships.Outcomes.Data {
			if o.Type != "task-result-outcomes" {
				t.Errorf("outcome type = %q", o.Type)
			}
			a := o.Attributes
			oc := outcome{ID: a.OutcomeID, Description: a.Description}
			if sev := a.Tags["Severity"]; len(sev) == 1 {
				oc.Severity, oc.Level = sev[0].Label, sev[0].Level
			}
			for _, k := range a.Tags["Finding"] {
				oc.Kinds = append(oc.Kinds, k.Label)
			}
			got = append(got, oc)
			if a.URL != attrs.URL {
				t.Errorf("outcome %s url = %q, want %q", a.OutcomeID, a.URL, attrs.URL)
			}
			if a.OutcomeID != "PARITY-IGNORED" && (!strings.Contains(a.Body, "config_drift") || len(a.Body) > MaxOutcomeBodyBytes) {
				t.Errorf("outcome %s body does not list its findings within the bound:\n%s", a.OutcomeID, a.Body)
			}
		}
		want := []outcome{
			{ID: outcomeID("aws_db_instance.main"), Description: "aws_db_instance.main: 1 finding (config_drift)", Severity: "Error", Level: "error", Kinds: []string{"config_drift"}},
			{ID: outcomeID("aws_instance.web"), Description: "aws_instance.web: 1 finding (config_drift)", Severity: "Error", Level: "error", Kinds: []string{"config_drift"}},
			{ID: "PARITY-IGNORED", Description: "1 path ignored by rules, 1 secret value not compared", Severity: "Info", Level: "info"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: outcomes (-want +got):\n%s", tc.enforcement, diff)
		}
		body := final.Doc.Data.Relationships.Outcomes.Data[0].Attributes.Body
		if !strings.Contains(body, "engine_version") || !strings.Contains(body, "14.9") || !strings.Contains(body, "15.4") {
			t.Errorf("the database outcome does not show the differing engine_version:\n%s", body)
		}
	}
}

func TestRunTaskProductionRunComparedWithStagingState(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-staging", nil, stateDocument(t, environmentResources("staging", true)))
	run := h.fake.AddRun("web-production", planDocument(t, environmentResources("production", false)), 0)
	h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	attrs := h.final(run).Doc.Data.Attributes
	if attrs.Status != "failed" || !strings.Contains(attrs.Message, "staging workspace web-staging") {
		t.Errorf("status %q, message %q; want failed against the staging workspace", attrs.Status, attrs.Message)
	}
}

func TestRunTaskRejectsBadSignatures(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	payload := h.fake.Payload(run, StagePostPlan, EnforcementMandatory)

	for name, key := range map[string][]byte{
		"missing": nil,
		"wrong":   []byte("another-key"),
		"empty":   {},
	} {
		code, body := h.deliver(payload, key)
		if code != http.StatusUnauthorized {
			t.Errorf("%s signature: status %d (%s), want 401", name, code, body)
		}
	}
	// A signature of another body does not verify this one.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.srv.URL+"/run-task", strings.NewReader(string(mustJSON(t, payload))))
	req.Header.Set(SignatureHeader, Sign([]byte(plantedHMACKey), []byte(`{"payload_version":1}`)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("signature of another body: status %d, want 401", resp.StatusCode)
	}

	time.Sleep(100 * time.Millisecond) // time for a wrongly started evaluation to show
	if reqs := h.fake.Requests(); len(reqs) != 0 {
		t.Errorf("the fake received %d requests after unsigned deliveries, want none: %+v", len(reqs), reqs)
	}
}

func TestRunTaskVerificationRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	code, _ := h.deliver(h.fake.VerificationPayload(), []byte(plantedHMACKey))
	if code != http.StatusOK {
		t.Fatalf("verification answered %d, want 200", code)
	}
	if code, _ := h.deliver(h.fake.VerificationPayload(), []byte("wrong")); code != http.StatusUnauthorized {
		t.Errorf("verification with the wrong key answered %d, want 401 (HCP checks the HMAC key this way)", code)
	}
	time.Sleep(100 * time.Millisecond)
	if reqs := h.fake.Requests(); len(reqs) != 0 {
		t.Errorf("verification made %d requests, want none", len(reqs))
	}
}

func TestRunTaskPrePlanPasses(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	run := h.fake.AddRun("web-staging", nil, 0)
	h.deliver(h.fake.Payload(run, StagePrePlan, EnforcementMandatory), []byte(plantedHMACKey))
	final := h.final(run)
	if got := final.Doc.Data.Attributes; got.Status != "passed" || !strings.Contains(got.Message, "post_plan and pre_apply") {
		t.Errorf("pre_plan result %+v, want passed with a message", got)
	}
	if n := countRequests(h.fake, "api", "json-output"); n != 0 {
		t.Errorf("pre_plan fetched the plan %d times", n)
	}
	if n := len(h.fake.Callbacks(run)); n != 1 {
		t.Errorf("pre_plan made %d callbacks, want 1 (no running status)", n)
	}
}

func TestRunTaskRefusesForeignURLs(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	var foreign atomic.Int64
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreign.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer attacker.Close()

	// The callback URL elsewhere: refused at once, no callback anywhere.
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	p := h.fake.Payload(run, StagePostPlan, EnforcementMandatory)
	p.TaskResultCallbackURL = attacker.URL + "/api/v2/task-results/x/callback"
	code, body := h.deliver(p, []byte(plantedHMACKey))
	if code != http.StatusBadRequest || !strings.Contains(body, "task_result_callback_url points at") {
		t.Errorf("foreign callback URL: %d %s, want 400 naming the field", code, body)
	}

	// The plan URL elsewhere: the callback (on the right host) says why.
	run2 := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	p2 := h.fake.Payload(run2, StagePostPlan, EnforcementMandatory)
	p2.PlanJSONAPIURL = attacker.URL + "/api/v2/plans/plan-x/json-output"
	if code, _ := h.deliver(p2, []byte(plantedHMACKey)); code != http.StatusOK {
		t.Fatalf("foreign plan URL: delivery answered %d", code)
	}
	attrs := h.final(run2).Doc.Data.Attributes
	if attrs.Status != "failed" || !strings.Contains(attrs.Message, "plan_json_api_url points at "+attacker.URL) {
		t.Errorf("foreign plan URL: %s %q", attrs.Status, attrs.Message)
	}

	// A same-host URL outside the API is refused too.
	run3 := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	p3 := h.fake.Payload(run3, StagePostPlan, EnforcementMandatory)
	p3.PlanJSONAPIURL = h.fake.URL() + "/app/acme/plan"
	h.deliver(p3, []byte(plantedHMACKey))
	if attrs := h.final(run3).Doc.Data.Attributes; !strings.Contains(attrs.Message, "not an HCP Terraform API URL") {
		t.Errorf("non-API plan URL: %q", attrs.Message)
	}
	if n := foreign.Load(); n != 0 {
		t.Errorf("the foreign host received %d requests", n)
	}
}

func TestRunTaskWaitsForPlan(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 3)
	h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	if got := h.final(run).Doc.Data.Attributes.Status; got != "passed" {
		t.Errorf("status = %q, want passed once the plan is ready", got)
	}
	if n := countRequests(h.fake, "api", "/json-output"); n != 4 {
		t.Errorf("plan JSON requested %d times, want 4 (three 204s, then the redirect)", n)
	}
	// The temporary URL is on another host: the token stays home.
	for _, r := range h.fake.Requests() {
		if r.Host == "storage" && r.Authorization != "" {
			t.Errorf("the storage host received an Authorization header for %s", r.Path)
		}
		if r.Host == "api" && strings.Contains(r.Path, "json-output") && !strings.HasPrefix(r.Authorization, "Bearer ") {
			t.Errorf("the plan JSON was requested without the access token")
		}
	}
}

func TestRunTaskCounterpartMissing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, want string
		setup      func(*hcpfake.Server)
	}{
		{"no workspace", `the production workspace "web-production" of pair "web"`, func(*hcpfake.Server) {}},
		{"no state", `workspace "web-production" has no state yet`, func(f *hcpfake.Server) { f.AddWorkspace("web-production", nil, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, pairConfig)
			tc.setup(h.fake)
			run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
			h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
			attrs := h.final(run).Doc.Data.Attributes
			if attrs.Status != "failed" || !strings.Contains(attrs.Message, tc.want) {
				t.Errorf("status %q message %q, want failed mentioning %q", attrs.Status, attrs.Message, tc.want)
			}
		})
	}
}

func TestRunTaskCallbackRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	// The running status fails all five attempts, the result its first.
	h.fake.FailCallbacks(fastBackoff.CallbackAttempts + 1)
	h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	final := h.final(run)
	if final.Doc.Data.Attributes.Status != "passed" {
		t.Errorf("status %q", final.Doc.Data.Attributes.Status)
	}
	var codes []int
	for _, c := range h.fake.Callbacks(run) {
		codes = append(codes, c.Status)
	}
	want := []int{503, 503, 503, 503, 503, 503, 200}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("callback answers (-want +got):\n%s", diff)
	}
	waitFor(t, "the log of the delivered result", func() bool {
		return strings.Contains(h.logs.String(), `"callback_attempts":2`)
	})
	if !strings.Contains(h.logs.String(), "running status not delivered") {
		t.Errorf("the undelivered running status is not logged")
	}
}

func TestRunTaskCallbackGivesUp(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	h.fake.FailCallbacks(1000)
	h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(h.logs.String(), "result not delivered") {
		if time.Now().After(deadline) {
			t.Fatalf("no log of the undelivered result:\n%s", h.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(h.fake.Callbacks(run)); n != 2*fastBackoff.CallbackAttempts {
		t.Errorf("%d callback attempts, want %d (running and result, %d each)", n, 2*fastBackoff.CallbackAttempts, fastBackoff.CallbackAttempts)
	}
	// Undelivered, so a redelivery is evaluated again.
	h.fake.FailCallbacks(0)
	if code, _ := h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey)); code != http.StatusOK {
		t.Fatalf("redelivery answered %d", code)
	}
	if got := h.final(run).Doc.Data.Attributes.Status; got != "passed" {
		t.Errorf("redelivered status %q", got)
	}
}

func TestRunTaskDuplicateDeliveryEvaluatedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	p := h.fake.Payload(run, StagePostPlan, EnforcementMandatory)
	for i := range 3 {
		if code, _ := h.deliver(p, []byte(plantedHMACKey)); code != http.StatusOK {
			t.Fatalf("delivery %d answered %d", i, code)
		}
	}
	h.final(run)
	h.deliver(p, []byte(plantedHMACKey)) // after the result, too
	time.Sleep(100 * time.Millisecond)
	var finals int
	for _, c := range h.fake.Callbacks(run) {
		if s := c.Doc.Data.Attributes.Status; s == "passed" || s == "failed" {
			finals++
		}
	}
	if finals != 1 {
		t.Errorf("%d final callbacks, want 1", finals)
	}
	if n := countRequests(h.fake, "api", "/json-output"); n != 1 {
		t.Errorf("plan JSON fetched %d times, want 1", n)
	}
	if n := strings.Count(h.logs.String(), "duplicate delivery ignored"); n != 3 {
		t.Errorf("%d duplicates logged, want 3", n)
	}
}

func TestRunTaskQueueFull(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig+"workers = 1\nqueue_size = 1\n")
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	plan := planDocument(t, environmentResources("staging", false))
	busy := h.fake.AddRun("web-staging", plan, 1<<30) // holds the only worker
	queued := h.fake.AddRun("web-staging", plan, 0)
	refused := h.fake.AddRun("web-staging", plan, 0)

	h.deliver(h.fake.Payload(busy, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	waitFor(t, "the worker to take the first run", func() bool { return countRequests(h.fake, "api", busy.PlanID) > 0 })
	if code, _ := h.deliver(h.fake.Payload(queued, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey)); code != http.StatusOK {
		t.Fatalf("second delivery answered %d, want 200 (queued)", code)
	}
	code, body := h.deliver(h.fake.Payload(refused, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	if code != http.StatusTooManyRequests || !strings.Contains(body, "queue is full") {
		t.Errorf("third delivery: %d %s, want 429", code, body)
	}

	h.fake.SetNotReady(busy, 0)
	h.final(busy)
	h.final(queued)
	// Refused deliveries are not remembered: HCP Terraform's retry is served.
	if code, _ := h.deliver(h.fake.Payload(refused, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey)); code != http.StatusOK {
		t.Errorf("retried delivery answered %d, want 200", code)
	}
	h.final(refused)
}

func TestRunTaskShutdownFinishesWork(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig+"workers = 1\n")
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	plan := planDocument(t, environmentResources("staging", false))
	running := h.fake.AddRun("web-staging", plan, 1<<30)
	queued := h.fake.AddRun("web-staging", plan, 0)
	h.deliver(h.fake.Payload(running, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	waitFor(t, "the worker to take the run", func() bool { return countRequests(h.fake, "api", running.PlanID) > 0 })
	h.deliver(h.fake.Payload(queued, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))

	drained := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		drained <- h.svc.Drain(ctx)
	}()
	waitFor(t, "the health check to report the shutdown", func() bool {
		resp, err := http.Get(h.srv.URL + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
	late := h.fake.AddRun("web-staging", plan, 0)
	if code, _ := h.deliver(h.fake.Payload(late, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey)); code != http.StatusServiceUnavailable {
		t.Errorf("a delivery during shutdown answered %d, want 503", code)
	}
	select {
	case err := <-drained:
		t.Fatalf("drain returned (%v) with an evaluation still running", err)
	case <-time.After(50 * time.Millisecond):
	}
	h.fake.SetNotReady(running, 0)
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
	for _, r := range []*hcpfake.Run{running, queued} {
		if got := h.final(r).Doc.Data.Attributes.Status; got != "passed" {
			t.Errorf("%s: %q, want passed", r.ID, got)
		}
	}
}

func TestRunTaskHealthz(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	resp, err := http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"status": "ok", "queued": 0.0, "running": 0.0, "workers": 2.0}
	if diff := cmp.Diff(want, got); resp.StatusCode != http.StatusOK || diff != "" {
		t.Errorf("healthz %d (-want +got):\n%s", resp.StatusCode, diff)
	}
}

func TestRunTaskOutcomesOnlyWhenAccepted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", true)), 0)
	p := h.fake.Payload(run, StagePostPlan, EnforcementMandatory)
	p.Capabilities = map[string]bool{"outcomes": false}
	h.deliver(p, []byte(plantedHMACKey))
	final := h.final(run)
	if final.Doc.Data.Attributes.Status != "failed" || len(final.Doc.Data.Relationships.Outcomes.Data) != 0 {
		t.Errorf("status %q with %d outcomes; want failed without outcomes",
			final.Doc.Data.Attributes.Status, len(final.Doc.Data.Relationships.Outcomes.Data))
	}
}

func TestRunTaskPairsByPatternAndTag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, config, runWorkspace, counterpart string
		runTags, counterpartTags, decoyTags     []string
	}{
		{
			name: "pattern",
			config: `pair "services" {
  staging    { workspace_pattern = "*-stg" }
  production { workspace_pattern = "*-prod" }
  rules_file = "pair.hcl"
}`,
			runWorkspace: "checkout-stg", counterpart: "checkout-prod",
		},
		{
			name: "tags",
			config: `pair "tagged" {
  staging    { tags = ["env:staging"] }
  production { tags = ["env:production"] }
  rules_file = "pair.hcl"
}`,
			runWorkspace: "billing-staging", counterpart: "billing-production",
			runTags: []string{"env:staging"}, counterpartTags: []string{"env:production"}, decoyTags: []string{"env:production"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tc.config)
			h.fake.AddWorkspace(tc.counterpart, tc.counterpartTags, stateDocument(t, environmentResources("production", false)))
			// A decoy counterpart of another service, in drift: picking it fails.
			h.fake.AddWorkspace("search-production", tc.decoyTags, stateDocument(t, environmentResources("production", true)))
			h.fake.AddWorkspace(tc.runWorkspace, tc.runTags, nil)
			run := h.fake.AddRun(tc.runWorkspace, planDocument(t, environmentResources("staging", false)), 0)
			h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
			attrs := h.final(run).Doc.Data.Attributes
			if attrs.Status != "passed" || !strings.Contains(attrs.Message, "workspace "+tc.counterpart+":") {
				t.Errorf("status %q message %q, want passed against %s", attrs.Status, attrs.Message, tc.counterpart)
			}
		})
	}
}

func TestRunTaskUnmatchedWorkspace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ setting, want string }{{"", "passed"}, {"unmatched_workspaces = \"fail\"\n", "failed"}} {
		h := newHarness(t, pairConfig+tc.setting)
		run := h.fake.AddRun("marketing-site", planDocument(t, environmentResources("staging", false)), 0)
		h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
		attrs := h.final(run).Doc.Data.Attributes
		if attrs.Status != tc.want || !strings.Contains(attrs.Message, "marketing-site is not part of any pair") {
			t.Errorf("%q: status %q message %q", tc.setting, attrs.Status, attrs.Message)
		}
	}
}

func TestRunTaskWrongOrganization(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 0)
	p := h.fake.Payload(run, StagePostPlan, EnforcementMandatory)
	p.OrganizationName = "other-org"
	h.deliver(p, []byte(plantedHMACKey))
	if attrs := h.final(run).Doc.Data.Attributes; attrs.Status != "failed" || !strings.Contains(attrs.Message, `organization "other-org"`) {
		t.Errorf("status %q message %q", attrs.Status, attrs.Message)
	}
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRunTaskTimeout(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig+"timeout = \"1s\"\n")
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 1<<30)
	h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementAdvisory), []byte(plantedHMACKey))
	attrs := h.final(run).Doc.Data.Attributes
	want := "Parity check could not run: the evaluation timed out after 1s (timeout in "
	if attrs.Status != "failed" || !strings.HasPrefix(attrs.Message, want) || !strings.HasSuffix(attrs.Message, advisoryNote) {
		t.Errorf("status %q message %q, want failed starting %q", attrs.Status, attrs.Message, want)
	}
}

func TestRunTaskShutdownOutOfTime(t *testing.T) {
	t.Parallel()
	h := newHarness(t, pairConfig)
	h.fake.AddWorkspace("web-production", nil, stateDocument(t, environmentResources("production", false)))
	run := h.fake.AddRun("web-staging", planDocument(t, environmentResources("staging", false)), 1<<30)
	h.deliver(h.fake.Payload(run, StagePostPlan, EnforcementMandatory), []byte(plantedHMACKey))
	waitFor(t, "the worker to take the run", func() bool { return countRequests(h.fake, "api", run.PlanID) > 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := h.svc.Drain(ctx); err == nil || !strings.Contains(err.Error(), "shutdown timed out") {
		t.Errorf("drain: %v, want a timeout", err)
	}
	attrs := h.final(run).Doc.Data.Attributes
	if attrs.Status != "failed" || !strings.Contains(attrs.Message, "the service stopped before the evaluation finished") {
		t.Errorf("status %q message %q", attrs.Status, attrs.Message)
	}
}
