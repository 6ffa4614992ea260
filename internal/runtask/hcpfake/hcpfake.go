// Package hcpfake is an in-process HCP Terraform for tests of the run task
// service: two loopback HTTP servers, the API and a separate object store
// standing in for the archivist host that serves plan and state downloads.
//
// It follows the published API documentation:
//   - "Run tasks integration API": the run task request payload and headers
//     (Content-Type application/json, User-Agent TFC/1.0, an
//     X-TFC-Task-Signature HMAC-SHA512 of the body), and the callback
//     `PATCH :callback_url` with a JSON:API task-results document, answered
//     200, 401 (not the run's access token) or 422 (invalid body).
//   - "Plans API", "Retrieve the JSON execution plan": `GET
//     /plans/:id/json-output` answers 204 while the plan is not finished and
//     307 to a temporary download URL once it is.
//   - "State versions API", "Fetch the current state version for a
//     workspace": a state-versions document whose
//     hosted-json-state-download-url points at the object store; 404 when
//     the workspace has no state.
//   - "Workspaces API": show by organization and name, show by ID, list
//     with search[tags] and search[wildcard-name], JSON:API pagination.
//
// Every JSON:API response has Content-Type application/vnd.api+json.
package hcpfake

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ContentTypeJSONAPI is the media type of every JSON:API document.
const ContentTypeJSONAPI = "application/vnd.api+json"

// Server is a fake HCP Terraform organization.
type Server struct {
	Organization string
	// OrgToken is the organization (or team) token the API accepts.
	OrgToken string

	api     *httptest.Server
	storage *httptest.Server

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every recorded callback
	workspaces []*Workspace
	runs       map[string]*Run // by task result ID
	plans      map[string]*Run // by plan ID
	objects    map[string][]byte
	callbacks  []Callback
	requests   []Request
	failNext   int
}

// Workspace is a workspace of the fake organization.
type Workspace struct {
	ID    string
	Name  string
	Tags  []string
	State []byte // the JSON state served as the current state; nil: none
}

// Run is a run with a plan and a pending task result.
type Run struct {
	ID           string
	PlanID       string
	Workspace    *Workspace
	AccessToken  string
	TaskResultID string
	CallbackGUID string
	Plan         []byte
	// NotReady is how many more times the plan JSON endpoint answers 204.
	NotReady int
}

// Callback is one PATCH to a task result callback URL, as received.
type Callback struct {
	TaskResultID  string
	ContentType   string
	Authorization bool // whether the run's access token came with it
	Body          []byte
	Doc           CallbackDocument
	// Status is what the fake answered.
	Status int
}

// CallbackDocument is the documented JSON:API body of a callback.
type CallbackDocument struct {
	Data struct {
		Type       string `json:"type"`
		Attributes struct {
			Status  string `json:"status"`
			Message string `json:"message"`
			URL     string `json:"url"`
		} `json:"attributes"`
		Relationships struct {
			Outcomes struct {
				Data []Outcome `json:"data"`
			} `json:"outcomes"`
		} `json:"relationships"`
	} `json:"data"`
}

// Outcome is one task-result-outcomes object of a callback.
type Outcome struct {
	Type       string `json:"type"`
	Attributes struct {
		OutcomeID   string           `json:"outcome-id"`
		Description string           `json:"description"`
		Body        string           `json:"body"`
		URL         string           `json:"url"`
		Tags        map[string][]Tag `json:"tags"`
	} `json:"attributes"`
}

// Tag is a label with an optional level (none, info, warning, error).
type Tag struct {
	Label string `json:"label"`
	Level string `json:"level"`
}

// Request records a request either server received.
type Request struct {
	Host          string // "api" or "storage"
	Method        string
	Path          string
	Authorization string
}

// New starts the fake on two loopback ports. Close it when done.
func New(organization, orgToken string) *Server {
	s := &Server{
		Organization: organization,
		OrgToken:     orgToken,
		changed:      make(chan struct{}),
		runs:         map[string]*Run{},
		plans:        map[string]*Run{},
		objects:      map[string][]byte{},
	}
	s.api = httptest.NewServer(http.HandlerFunc(s.serveAPI))
	s.storage = httptest.NewServer(http.HandlerFunc(s.serveStorage))
	return s
}

// Close stops both servers.
func (s *Server) Close() {
	s.api.Close()
	s.storage.Close()
}

// URL is the API origin (http://127.0.0.1:port), the service's address.
func (s *Server) URL() string { return s.api.URL }

// StorageURL is the object store's origin.
func (s *Server) StorageURL() string { return s.storage.URL }

// AddWorkspace adds a workspace; state nil means it has no state yet.
func (s *Server) AddWorkspace(name string, tags []string, state []byte) *Workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := &Workspace{ID: "ws-" + randomID(16), Name: name, Tags: tags, State: state}
	s.workspaces = append(s.workspaces, ws)
	return ws
}

// AddRun adds a run in the named workspace with a finished plan whose JSON
// is plan; notReady is how many times the plan JSON is not ready yet.
func (s *Server) AddRun(workspace string, plan []byte, notReady int) *Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &Run{
		ID:           "run-" + randomID(16),
		PlanID:       "plan-" + randomID(16),
		AccessToken:  randomID(14) + ".atlasv1." + randomID(60),
		TaskResultID: "taskrs-" + randomID(16),
		CallbackGUID: randomUUID(),
		Plan:         plan,
		NotReady:     notReady,
	}
	for _, ws := range s.workspaces {
		if ws.Name == workspace {
			r.Workspace = ws
		}
	}
	if r.Workspace == nil {
		r.Workspace = &Workspace{ID: "ws-" + randomID(16), Name: workspace}
		s.workspaces = append(s.workspaces, r.Workspace)
	}
	s.runs[r.CallbackGUID] = r
	s.plans[r.PlanID] = r
	return r
}

// CallbackURL is the run's task_result_callback_url.
func (s *Server) CallbackURL(r *Run) string {
	return s.api.URL + "/api/v2/task-results/" + r.CallbackGUID + "/callback"
}

// PlanJSONURL is the run's plan_json_api_url.
func (s *Server) PlanJSONURL(r *Run) string {
	return s.api.URL + "/api/v2/plans/" + r.PlanID + "/json-output"
}

// Payload is the documented run task request body for a run at stage, with
// every common property ("Request Body" of the run tasks integration API).
type Payload struct {
	PayloadVersion                  int             `json:"payload_version"`
	Stage                           string          `json:"stage"`
	AccessToken                     string          `json:"access_token"`
	Capabilities                    map[string]bool `json:"capabilities"`
	ConfigurationVersionDownloadURL *string         `json:"configuration_version_download_url"`
	ConfigurationVersionID          string          `json:"configuration_version_id"`
	IsSpeculative                   bool            `json:"is_speculative"`
	OrganizationName                string          `json:"organization_name"`
	PlanJSONAPIURL                  string          `json:"plan_json_api_url,omitempty"`
	ProjectID                       string          `json:"project_id"`
	ProjectName                     string          `json:"project_name"`
	RunAppURL                       string          `json:"run_app_url"`
	RunCreatedAt                    string          `json:"run_created_at"`
	RunCreatedBy                    string          `json:"run_created_by"`
	RunID                           string          `json:"run_id"`
	RunMessage                      string          `json:"run_message"`
	TaskResultCallbackURL           string          `json:"task_result_callback_url"`
	TaskResultEnforcementLevel      string          `json:"task_result_enforcement_level"`
	TaskResultID                    string          `json:"task_result_id"`
	VCSBranch                       *string         `json:"vcs_branch"`
	VCSCommitURL                    *string         `json:"vcs_commit_url"`
	VCSPullRequestURL               *string         `json:"vcs_pull_request_url"`
	VCSRepoURL                      *string         `json:"vcs_repo_url"`
	WorkspaceAppURL                 string          `json:"workspace_app_url"`
	WorkspaceID                     string          `json:"workspace_id"`
	WorkspaceName                   string          `json:"workspace_name"`
	WorkspaceWorkingDirectory       string          `json:"workspace_working_directory"`
}

// Payload returns the request HCP Terraform sends for the run's task at
// stage with the enforcement level ("mandatory" or "advisory").
func (s *Server) Payload(r *Run, stage, enforcement string) *Payload {
	p := &Payload{
		PayloadVersion:             1,
		Stage:                      stage,
		AccessToken:                r.AccessToken,
		Capabilities:               map[string]bool{"outcomes": true},
		ConfigurationVersionID:     "cv-" + randomID(16),
		OrganizationName:           s.Organization,
		ProjectID:                  "prj-" + randomID(16),
		ProjectName:                "Default Project",
		RunAppURL:                  s.api.URL + "/app/" + s.Organization + "/" + r.Workspace.Name + "/runs/" + r.ID,
		RunCreatedAt:               time.Date(2025, 3, 4, 14, 47, 13, 36e6, time.UTC).Format("2006-01-02T15:04:05.000Z"),
		RunCreatedBy:               "platform-bot",
		RunID:                      r.ID,
		RunMessage:                 "Triggered via API",
		TaskResultCallbackURL:      s.CallbackURL(r),
		TaskResultEnforcementLevel: enforcement,
		TaskResultID:               r.TaskResultID,
		WorkspaceAppURL:            s.api.URL + "/app/" + s.Organization + "/" + r.Workspace.Name,
		WorkspaceID:                r.Workspace.ID,
		WorkspaceName:              r.Workspace.Name,
		WorkspaceWorkingDirectory:  "",
	}
	cv := s.api.URL + "/api/v2/configuration-versions/" + p.ConfigurationVersionID + "/download"
	p.ConfigurationVersionDownloadURL = &cv
	if stage != "pre_plan" {
		p.PlanJSONAPIURL = s.PlanJSONURL(r)
	}
	return p
}

// VerificationPayload is the request HCP Terraform sends when a run task is
// created: a payload whose access token is "test-token".
func (s *Server) VerificationPayload() *Payload {
	return &Payload{
		PayloadVersion:             1,
		Stage:                      "test",
		AccessToken:                "test-token",
		Capabilities:               map[string]bool{"outcomes": true},
		OrganizationName:           s.Organization,
		RunID:                      "run-" + randomID(16),
		TaskResultCallbackURL:      s.api.URL + "/api/v2/task-results/" + randomUUID() + "/callback",
		TaskResultEnforcementLevel: "advisory",
		TaskResultID:               "taskrs-" + randomID(16),
		WorkspaceID:                "ws-" + randomID(16),
		WorkspaceName:              "verification",
	}
}

// Deliver POSTs body to the run task URL the way HCP Terraform does, signed
// with key (no signature header when key is nil).
func Deliver(ctx context.Context, taskURL string, body, key []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, taskURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "TFC/1.0 (+https://tfe.example.com; TFC)")
	if key != nil {
		m := hmac.New(sha512.New, key)
		m.Write(body)
		req.Header.Set("X-TFC-Task-Signature", hex.EncodeToString(m.Sum(nil)))
	}
	return http.DefaultClient.Do(req)
}

// SetNotReady sets how many more times the run's plan JSON endpoint answers
// 204 No Content.
func (s *Server) SetNotReady(r *Run, n int) {
	s.mu.Lock()
	r.NotReady = n
	s.mu.Unlock()
}

// FailCallbacks makes the next n callbacks answer 503.
func (s *Server) FailCallbacks(n int) {
	s.mu.Lock()
	s.failNext = n
	s.mu.Unlock()
}

// Callbacks returns the callbacks received so far for a run (all runs when
// r is nil).
func (s *Server) Callbacks(r *Run) []Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Callback
	for _, c := range s.callbacks {
		if r == nil || c.TaskResultID == r.TaskResultID {
			out = append(out, c)
		}
	}
	return out
}

// Requests returns every request either server received.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request{}, s.requests...)
}

// WaitFinal waits until the run's task result has an accepted final
// callback (passed or failed) and returns it.
func (s *Server) WaitFinal(ctx context.Context, r *Run) (Callback, error) {
	for {
		s.mu.Lock()
		for _, c := range s.callbacks {
			st := c.Doc.Data.Attributes.Status
			if c.TaskResultID == r.TaskResultID && c.Status == http.StatusOK && (st == "passed" || st == "failed") {
				s.mu.Unlock()
				return c, nil
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return Callback{}, fmt.Errorf("no final callback for %s: %w", r.TaskResultID, ctx.Err())
		case <-changed:
		}
	}
}

func (s *Server) record(host string, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, Request{Host: host, Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization")})
	s.mu.Unlock()
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	s.record("api", r)
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "api" || parts[1] != "v2" {
		jsonAPIError(w, http.StatusNotFound, "not found")
		return
	}
	p := parts[2:]
	switch {
	case r.Method == http.MethodGet && len(p) == 1 && p[0] == "ping":
		w.Header().Set("TFP-API-Version", "2.6")
		w.Header().Set("TFP-AppName", "HCP Terraform")
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPatch && len(p) == 3 && p[0] == "task-results" && p[2] == "callback":
		s.serveCallback(w, r, p[1])
	case r.Method == http.MethodGet && len(p) == 3 && p[0] == "plans" && p[2] == "json-output":
		s.servePlanJSON(w, r, p[1])
	case r.Method == http.MethodGet:
		if r.Header.Get("Authorization") != "Bearer "+s.OrgToken {
			jsonAPIError(w, http.StatusUnauthorized, "unauthorized")
			return
		}
		s.serveRead(w, r, p)
	default:
		jsonAPIError(w, http.StatusNotFound, "not found")
	}
}

// serveRead answers the workspace and state version reads.
func (s *Server) serveRead(w http.ResponseWriter, r *http.Request, p []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case len(p) == 3 && p[0] == "organizations" && p[2] == "workspaces":
		if p[1] != s.Organization {
			jsonAPIError(w, http.StatusNotFound, "not found")
			return
		}
		s.listWorkspaces(w, r)
	case len(p) == 4 && p[0] == "organizations" && p[2] == "workspaces":
		for _, ws := range s.workspaces {
			if p[1] == s.Organization && ws.Name == p[3] {
				writeJSONAPI(w, http.StatusOK, map[string]any{"data": s.workspaceResource(ws)})
				return
			}
		}
		jsonAPIError(w, http.StatusNotFound, "not found")
	case len(p) == 2 && p[0] == "workspaces":
		if ws := s.workspaceByID(p[1]); ws != nil {
			writeJSONAPI(w, http.StatusOK, map[string]any{"data": s.workspaceResource(ws)})
			return
		}
		jsonAPIError(w, http.StatusNotFound, "not found")
	case len(p) == 3 && p[0] == "workspaces" && p[2] == "current-state-version":
		ws := s.workspaceByID(p[1])
		if ws == nil || ws.State == nil {
			jsonAPIError(w, http.StatusNotFound, "not found")
			return
		}
		key := "state-" + randomID(40)
		s.objects[key] = ws.State
		svID := "sv-" + randomID(16)
		writeJSONAPI(w, http.StatusOK, map[string]any{"data": map[string]any{
			"id":   svID,
			"type": "state-versions",
			"attributes": map[string]any{
				"created-at":                     "2025-03-04T12:00:00Z",
				"hosted-state-download-url":      s.storage.URL + "/v1/object/raw-" + key,
				"hosted-json-state-download-url": s.storage.URL + "/v1/object/" + key,
				"hosted-state-upload-url":        nil,
				"hosted-json-state-upload-url":   nil,
				"status":                         "finalized",
				"intermediate":                   false,
				"resources-processed":            true,
				"serial":                         7,
				"state-version":                  4,
				"terraform-version":              "1.11.4",
			},
			"relationships": map[string]any{
				"workspace": map[string]any{"data": map[string]any{"id": ws.ID, "type": "workspaces"}},
			},
			"links": map[string]any{"self": "/api/v2/state-versions/" + svID},
		}})
	default:
		jsonAPIError(w, http.StatusNotFound, "not found")
	}
}

func (s *Server) listWorkspaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tags := splitNonEmpty(q.Get("search[tags]"))
	wildcard := q.Get("search[wildcard-name]")
	var matched []*Workspace
	for _, ws := range s.workspaces {
		ok := true
		for _, t := range tags {
			ok = ok && slices.Contains(ws.Tags, t)
		}
		if wildcard != "" {
			ok = ok && wildcardMatch(wildcard, ws.Name)
		}
		if ok {
			matched = append(matched, ws)
		}
	}
	size, _ := strconv.Atoi(q.Get("page[size]"))
	if size <= 0 || size > 100 {
		size = 20
	}
	page, _ := strconv.Atoi(q.Get("page[number]"))
	if page <= 0 {
		page = 1
	}
	total := (len(matched) + size - 1) / size
	from := min((page-1)*size, len(matched))
	to := min(from+size, len(matched))
	data := []any{}
	for _, ws := range matched[from:to] {
		data = append(data, s.workspaceResource(ws))
	}
	var next, prev any
	if page < total {
		next = page + 1
	}
	if page > 1 {
		prev = page - 1
	}
	writeJSONAPI(w, http.StatusOK, map[string]any{
		"data": data,
		"meta": map[string]any{"pagination": map[string]any{
			"current-page": page, "page-size": size, "prev-page": prev, "next-page": next,
			"total-pages": max(total, 1), "total-count": len(matched),
		}},
	})
}

func (s *Server) workspaceResource(ws *Workspace) map[string]any {
	tags := ws.Tags
	if tags == nil {
		tags = []string{}
	}
	return map[string]any{
		"id":   ws.ID,
		"type": "workspaces",
		"attributes": map[string]any{
			"name":              ws.Name,
			"tag-names":         tags,
			"created-at":        "2025-01-02T10:00:00Z",
			"execution-mode":    "remote",
			"auto-apply":        false,
			"working-directory": "",
		},
		"relationships": map[string]any{
			"organization": map[string]any{"data": map[string]any{"id": s.Organization, "type": "organizations"}},
		},
		"links": map[string]any{"self": "/api/v2/organizations/" + s.Organization + "/workspaces/" + ws.Name},
	}
}

func (s *Server) workspaceByID(id string) *Workspace {
	for _, ws := range s.workspaces {
		if ws.ID == id {
			return ws
		}
	}
	return nil
}

// servePlanJSON answers 204 while the plan is not ready, then 307 to a
// one-time object URL on the storage host. Organization tokens may not read
// plan JSON; the run's access token may.
func (s *Server) servePlanJSON(w http.ResponseWriter, r *http.Request, planID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run := s.plans[planID]
	if run == nil || r.Header.Get("Authorization") != "Bearer "+run.AccessToken {
		jsonAPIError(w, http.StatusNotFound, "not found")
		return
	}
	if run.NotReady > 0 {
		run.NotReady--
		w.WriteHeader(http.StatusNoContent)
		return
	}
	key := "plan-" + randomID(40)
	s.objects[key] = run.Plan
	w.Header().Set("Location", s.storage.URL+"/v1/object/"+key)
	w.WriteHeader(http.StatusTemporaryRedirect)
}

// serveCallback validates and records a task result callback.
func (s *Server) serveCallback(w http.ResponseWriter, r *http.Request, guid string) {
	body, _ := readAll(r)
	s.mu.Lock()
	defer func() {
		close(s.changed)
		s.changed = make(chan struct{})
		s.mu.Unlock()
	}()
	run := s.runs[guid]
	c := Callback{ContentType: r.Header.Get("Content-Type"), Body: body}
	if run != nil {
		c.TaskResultID = run.TaskResultID
		c.Authorization = r.Header.Get("Authorization") == "Bearer "+run.AccessToken
	}
	answer := func(code int, detail string) {
		c.Status = code
		s.callbacks = append(s.callbacks, c)
		if code == http.StatusOK {
			w.WriteHeader(http.StatusOK)
			return
		}
		jsonAPIError(w, code, detail)
	}
	switch {
	case run == nil:
		answer(http.StatusNotFound, "task result not found")
		return
	case !c.Authorization:
		answer(http.StatusUnauthorized, "not authorized to perform action")
		return
	case s.failNext > 0:
		s.failNext--
		answer(http.StatusServiceUnavailable, "service unavailable")
		return
	case !strings.HasPrefix(c.ContentType, ContentTypeJSONAPI):
		answer(http.StatusUnsupportedMediaType, "Content-Type must be "+ContentTypeJSONAPI)
		return
	}
	if err := json.Unmarshal(body, &c.Doc); err != nil {
		answer(http.StatusUnprocessableEntity, "invalid JSON: "+err.Error())
		return
	}
	if msg := validateCallback(&c.Doc); msg != "" {
		answer(http.StatusUnprocessableEntity, msg)
		return
	}
	answer(http.StatusOK, "")
}

// validateCallback checks the documented constraints of a callback body.
func validateCallback(d *CallbackDocument) string {
	if d.Data.Type != "task-results" {
		return fmt.Sprintf("data.type must be task-results, got %q", d.Data.Type)
	}
	switch d.Data.Attributes.Status {
	case "passed", "failed", "running":
	default:
		return fmt.Sprintf("status %q is not passed, failed or running", d.Data.Attributes.Status)
	}
	for i, o := range d.Data.Relationships.Outcomes.Data {
		if o.Type != "task-result-outcomes" {
			return fmt.Sprintf("outcome %d: type must be task-result-outcomes, got %q", i, o.Type)
		}
		if o.Attributes.OutcomeID == "" || o.Attributes.Description == "" {
			return fmt.Sprintf("outcome %d: outcome-id and description are required", i)
		}
		if strings.ContainsAny(o.Attributes.Description, "\n\r") {
			return fmt.Sprintf("outcome %d: description must be one line", i)
		}
		if len(o.Attributes.Body) > 5<<20 {
			return fmt.Sprintf("outcome %d: body is larger than 5 MB", i)
		}
		for key, tags := range o.Attributes.Tags {
			for _, t := range tags {
				switch t.Level {
				case "", "none", "info", "warning", "error":
				default:
					return fmt.Sprintf("outcome %d: tag %s level %q is not none, info, warning or error", i, key, t.Level)
				}
			}
		}
	}
	return ""
}

// serveStorage serves stored objects, like the archivist host does for
// temporary download URLs; it needs no Authorization header.
func (s *Server) serveStorage(w http.ResponseWriter, r *http.Request) {
	s.record("storage", r)
	key := strings.TrimPrefix(r.URL.Path, "/v1/object/")
	s.mu.Lock()
	data, ok := s.objects[key]
	s.mu.Unlock()
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}

func writeJSONAPI(w http.ResponseWriter, code int, doc any) {
	w.Header().Set("Content-Type", ContentTypeJSONAPI)
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(doc)
}

func jsonAPIError(w http.ResponseWriter, code int, title string) {
	writeJSONAPI(w, code, map[string]any{"errors": []map[string]string{{"status": strconv.Itoa(code), "title": title}}})
}

func readAll(r *http.Request) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, 32<<20))
}

func splitNonEmpty(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// wildcardMatch implements search[wildcard-name]: `*` matches any run of
// characters.
func wildcardMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	rest := name[len(parts[0]):]
	for i := 1; i < len(parts); i++ {
		if i == len(parts)-1 {
			return strings.HasSuffix(rest, parts[i])
		}
		j := strings.Index(rest, parts[i])
		if j < 0 {
			return false
		}
		rest = rest[j+len(parts[i]):]
	}
	return rest == ""
}

const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func randomUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
