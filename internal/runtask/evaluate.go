package runtask

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/report"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// Evaluator turns one run task request into a result: it matches the run's
// workspace to a pair, downloads the run's plan and the counterpart
// workspace's current state, and compares them with the pair's rules.
type Evaluator struct {
	cfg *Config
	hcp *hcpClient
	// PlanJSON and StateJSON replace the downloads when set (`parity
	// run-task process --plan/--state`); StateSource names the state file.
	PlanJSON    []byte
	StateJSON   []byte
	StateSource string
}

// NewEvaluator returns an evaluator that reads from the configured HCP
// Terraform with token (the organization or team token; it may be empty when
// StateJSON is given).
func NewEvaluator(cfg *Config, token string, opts EvaluatorOptions) *Evaluator {
	b := opts.Backoff
	if b == (Backoff{}) {
		b = DefaultBackoff
	}
	return &Evaluator{cfg: cfg, hcp: newHCPClient(cfg, token, opts.HTTPClient, b)}
}

// Evaluate runs the check. It never returns an error: anything that stops
// the comparison is a failed result whose message says what went wrong.
func (e *Evaluator) Evaluate(ctx context.Context, req *Request) *Result {
	res := e.evaluate(ctx, req)
	if ctx.Err() == nil || res.Status == tfe.TaskPassed || res.Drift > 0 {
		return res
	}
	// Whatever step was cut short, the cause is the deadline or the shutdown.
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return failure(req.Advisory(), "the evaluation timed out after %s (timeout in %s)", e.cfg.Timeout, e.cfg.Source)
	}
	return failure(req.Advisory(), "the service stopped before the evaluation finished; run the plan again")
}

func (e *Evaluator) evaluate(ctx context.Context, req *Request) *Result {
	advisory := req.Advisory()
	switch req.Stage {
	case StagePrePlan:
		return &Result{Status: tfe.TaskPassed, Message: "Nothing to check before the plan: parity is checked at the post_plan and pre_apply stages."}
	case StagePostApply:
		return &Result{Status: tfe.TaskPassed, Message: "Nothing to check after the apply: parity is checked at the post_plan and pre_apply stages."}
	case StagePostPlan, StagePreApply:
	default:
		return failure(advisory, "the stage %q is not one of pre_plan, post_plan, pre_apply and post_apply", req.Stage)
	}
	if !strings.EqualFold(req.OrganizationName, e.cfg.Organization) {
		return failure(advisory, "the run is in organization %q, but this service is configured for %q (organization in %s)",
			req.OrganizationName, e.cfg.Organization, e.cfg.Source)
	}
	var planURL *url.URL
	if e.PlanJSON == nil {
		var err error
		if planURL, err = checkAPIURL(e.cfg.Address, "plan_json_api_url", req.PlanJSONAPIURL); err != nil {
			return failure(advisory, "%v", err)
		}
	}

	m, res := e.matchRun(ctx, req)
	if res != nil {
		return res
	}

	var (
		wg              sync.WaitGroup
		planData        []byte
		planErr         error
		stateData       []byte
		counterpart     string
		stateErr        error
		counterpartGone bool
	)
	wg.Go(func() {
		if e.PlanJSON != nil {
			planData = e.PlanJSON
			return
		}
		planData, planErr = e.hcp.planJSON(ctx, planURL, req.AccessToken)
	})
	wg.Go(func() {
		if e.StateJSON != nil {
			stateData, counterpart = e.StateJSON, e.StateSource
			return
		}
		var ws *tfe.Workspace
		ws, stateErr = e.counterpart(ctx, req, m)
		if stateErr != nil {
			counterpartGone = errors.Is(stateErr, errNotFound)
			return
		}
		counterpart = ws.Name
		stateData, stateErr = e.hcp.currentState(ctx, ws)
	})
	wg.Wait()
	switch {
	case stateErr != nil && counterpartGone:
		return failure(advisory, "%v", stateErr)
	case planErr != nil:
		return failure(advisory, "%v", planErr)
	case stateErr != nil:
		return failure(advisory, "%v", stateErr)
	}

	runEnv, err := environment(m.side, "the plan of run "+req.RunID, planData)
	if err != nil {
		return failure(advisory, "%v", err)
	}
	otherEnv, err := environment(m.side.other(), "the state of workspace "+counterpart, stateData)
	if err != nil {
		return failure(advisory, "%v", err)
	}
	staging, production := runEnv, otherEnv
	if m.side == SideProduction {
		staging, production = otherEnv, runEnv
	}
	rep, err := parity.Compare(staging, production, m.pair.Rules)
	if err != nil {
		return failure(advisory, "pair %q (%s): %v", m.pair.Name, m.pair.Declared, err)
	}
	meta := report.Meta{
		StagingSource:    sourceName(SideStaging, m.side, req.WorkspaceName, req.RunID, counterpart),
		ProductionSource: sourceName(SideProduction, m.side, req.WorkspaceName, req.RunID, counterpart),
		ToolName:         "parity run-task",
	}
	return buildResult(comparison{
		report:      rep,
		runSide:     m.side,
		runName:     req.WorkspaceName,
		counterpart: counterpart,
		meta:        meta,
		reportURL:   e.reportURL(req),
		advisory:    advisory,
	})
}

// SendResult delivers res through the request's callback URL (after the
// same host check the service makes) and returns the number of attempts.
func (e *Evaluator) SendResult(ctx context.Context, req *Request, res *Result) (int, error) {
	if _, err := checkAPIURL(e.cfg.Address, "task_result_callback_url", req.TaskResultCallbackURL); err != nil {
		return 0, err
	}
	return e.hcp.callback(ctx, req.TaskResultCallbackURL, req.AccessToken, res.CallbackOptions(req.Capabilities.Outcomes))
}

// matchRun finds the pair of the run's workspace; a workspace no pair names
// passes or fails as unmatched_workspaces says.
func (e *Evaluator) matchRun(ctx context.Context, req *Request) (match, *Result) {
	var tags []string
	// Tags are read whenever a pair selects by tag (and a token allows it),
	// so that pairs match in file order whatever selects them.
	if e.cfg.needsTags() && e.hcp.token != "" {
		ws, err := e.hcp.workspaceByID(ctx, req.WorkspaceID)
		if err != nil {
			if errors.Is(err, errNotFound) {
				err = fmt.Errorf("workspace %s (%s) cannot be read with the configured token", req.WorkspaceName, req.WorkspaceID)
			}
			return match{}, failure(req.Advisory(), "reading the tags of the run's workspace: %v", err)
		}
		tags = ws.TagNames
	}
	m, ok := e.cfg.matchWorkspace(req.WorkspaceName, tags)
	if ok {
		return m, nil
	}
	msg := fmt.Sprintf("Workspace %s is not part of any pair in %s, so it was not checked.", req.WorkspaceName, e.cfg.Source)
	if e.cfg.Unmatched == UnmatchedFail {
		if req.Advisory() {
			msg += advisoryNote
		}
		return match{}, &Result{Status: tfe.TaskFailed, Message: msg}
	}
	return match{}, &Result{Status: tfe.TaskPassed, Message: msg}
}

// counterpart finds the workspace on the other side of the pair: the named
// one, the pattern filled with what the run's pattern matched, or among the
// workspaces the other selector picks, the one whose name is the run's with
// the environment tokens swapped (web-staging ↔ web-production).
func (e *Evaluator) counterpart(ctx context.Context, req *Request, m match) (*tfe.Workspace, error) {
	other := m.pair.selector(m.side.other())
	name := other.Workspace
	if name == "" && other.Pattern != "" && len(m.captures) > 0 {
		name, _ = expandGlob(other.Pattern, m.captures)
	}
	if name != "" {
		ws, err := e.hcp.workspaceByName(ctx, name)
		if errors.Is(err, errNotFound) {
			return nil, fmt.Errorf("the %s workspace %q of pair %q (%s) was not found in organization %q, or the token may not read it: %w",
				m.side.other(), name, m.pair.Name, m.pair.Declared, e.cfg.Organization, errNotFound)
		}
		return ws, err
	}
	candidates, err := e.hcp.listWorkspaces(ctx, other)
	if err != nil {
		return nil, err
	}
	candidates = slices.DeleteFunc(candidates, func(ws *tfe.Workspace) bool { return ws.ID == req.WorkspaceID })
	want := normaliseName(req.WorkspaceName, m.pair.Rules.Tokens)
	var same []*tfe.Workspace
	for _, ws := range candidates {
		if normaliseName(ws.Name, m.pair.Rules.Tokens) == want {
			same = append(same, ws)
		}
	}
	switch {
	case len(same) == 1:
		return same[0], nil
	case len(same) == 0 && len(candidates) == 1:
		return candidates[0], nil
	case len(candidates) == 0:
		return nil, fmt.Errorf("pair %q (%s): no %s workspace among the %s in organization %q: %w",
			m.pair.Name, m.pair.Declared, m.side.other(), other, e.cfg.Organization, errNotFound)
	}
	names := make([]string, 0, len(candidates))
	for _, ws := range candidates {
		names = append(names, ws.Name)
	}
	slices.Sort(names)
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return nil, fmt.Errorf("pair %q (%s): %d %s workspaces could be the counterpart of %s (%s) and none is named like it with the environment swapped; name the workspaces alike or pair them by name",
		m.pair.Name, m.pair.Declared, len(candidates), m.side.other(), req.WorkspaceName, strings.Join(names, ", "))
}

// environment decodes a plan or state document into one side.
func environment(side Side, source string, data []byte) (parity.Environment, error) {
	env := parity.Environment{Name: string(side), Source: source}
	v, err := tfinput.DecodeJSON(data)
	if err != nil {
		return env, fmt.Errorf("%s is not valid JSON: %v", source, err)
	}
	resources, ok, err := tfinput.FromDocument(v)
	if err != nil {
		return env, fmt.Errorf("%s cannot be read: %v", source, err)
	}
	if !ok {
		return env, fmt.Errorf("%s is not a Terraform plan or state document", source)
	}
	env.Resources = resources
	return env, nil
}

// sourceName names where a side came from in report bodies.
func sourceName(side, runSide Side, workspace, runID, counterpart string) string {
	if side == runSide {
		return fmt.Sprintf("plan of %s in %s", runID, workspace)
	}
	return "state of " + counterpart
}

// reportURL fills {run_id}, {workspace} and {organization} in report_url.
func (e *Evaluator) reportURL(req *Request) string {
	if e.cfg.ReportURL == "" {
		return ""
	}
	return strings.NewReplacer(
		"{run_id}", url.PathEscape(req.RunID),
		"{workspace}", url.PathEscape(req.WorkspaceName),
		"{organization}", url.PathEscape(req.OrganizationName),
	).Replace(e.cfg.ReportURL)
}
