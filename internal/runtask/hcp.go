package runtask

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tfe "github.com/hashicorp/go-tfe"
)

// DefaultMaxDocumentBytes bounds a downloaded plan or state JSON.
const DefaultMaxDocumentBytes = 512 << 20

// Backoff is how the service waits between retries: of a plan JSON that is
// not ready yet, of a download that failed, of a callback HCP Terraform did
// not accept.
type Backoff struct {
	// Initial is the first wait; each later wait doubles, up to Max.
	Initial, Max time.Duration
	// CallbackAttempts bounds the attempts of one callback.
	CallbackAttempts int
}

// DefaultBackoff waits 1s, 2s, 4s … up to 15s, and tries a callback 6 times
// (about 45 seconds in all).
var DefaultBackoff = Backoff{Initial: time.Second, Max: 15 * time.Second, CallbackAttempts: 6}

func (b Backoff) next(d time.Duration) time.Duration {
	if d <= 0 {
		return b.Initial
	}
	return min(d*2, b.Max)
}

// errNotFound marks a workspace or state that does not exist (or that the
// token may not see: HCP Terraform answers 404 to both).
var errNotFound = errors.New("not found")

// hcpClient talks to the configured HCP Terraform: the API through go-tfe
// with the organization or team token, the plan JSON with the run's access
// token, callbacks with the access token. Every request that carries a token
// goes to the configured origin only.
type hcpClient struct {
	base  *url.URL
	org   string
	token string
	// http downloads documents; api carries go-tfe's requests (API reads
	// and callbacks) with a shorter timeout. Neither follows a redirect by
	// itself.
	http    *http.Client
	api     *http.Client
	maxDoc  int64
	backoff Backoff

	mu  sync.Mutex
	tfe *tfe.Client
}

func newHCPClient(cfg *Config, token string, hc *http.Client, b Backoff) *hcpClient {
	download, api := &http.Client{Timeout: 5 * time.Minute}, &http.Client{Timeout: time.Minute}
	if hc != nil {
		download, api = hc, hc
	}
	// Redirects are followed by hand so that a token never follows one to
	// another host; go-tfe's requests get the redirect back as an answer.
	noFollow := func(c *http.Client) *http.Client {
		cp := *c
		cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		return &cp
	}
	return &hcpClient{base: cfg.Address, org: cfg.Organization, token: token,
		http: noFollow(download), api: noFollow(api), maxDoc: DefaultMaxDocumentBytes, backoff: b}
}

// client returns the go-tfe client, creating it on first use (go-tfe reads
// the API version from the ping endpoint, so creating it needs the network;
// a service that starts while HCP Terraform is unreachable tries again on
// the next run). fallbackToken is used when no API token is configured
// (`parity run-task process` sending a callback only).
func (h *hcpClient) client(fallbackToken string) (*tfe.Client, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tfe != nil {
		return h.tfe, nil
	}
	token := h.token
	if token == "" {
		token = fallbackToken
	}
	if token == "" {
		return nil, errors.New("no HCP Terraform API token: set the environment variable named by token_env")
	}
	c, err := tfe.NewClient(&tfe.Config{
		Address:    h.base.String(),
		Token:      token,
		HTTPClient: h.api,
		Headers:    http.Header{"User-Agent": {"parity-run-task"}},
	})
	if err != nil {
		return nil, fmt.Errorf("cannot reach HCP Terraform at %s: %v", originOf(h.base), scrubURLError(err))
	}
	if h.token != "" {
		h.tfe = c // a client on the run's own token is not kept
	}
	return c, nil
}

// planJSON downloads the run's JSON plan: GET plan_json_api_url with the
// access token answers 204 while the plan is not finished and 307 to a
// temporary download URL once it is ("Retrieve the JSON execution plan" in
// the plans API).
func (h *hcpClient) planJSON(ctx context.Context, planURL *url.URL, accessToken string) ([]byte, error) {
	var wait time.Duration
	for {
		body, retry, err := h.download(ctx, planURL, accessToken, "the plan JSON")
		if err == nil && body != nil {
			return body, nil
		}
		if !retry {
			return nil, err
		}
		wait = h.backoff.next(wait)
		select {
		case <-ctx.Done():
			if err == nil {
				return nil, fmt.Errorf("the plan JSON was still not ready when the evaluation ended")
			}
			return nil, fmt.Errorf("%v; gave up when the evaluation ended", err)
		case <-time.After(wait):
		}
	}
}

// download GETs u, following up to five redirects by hand. The token goes
// only with requests to the configured origin. It returns (nil, true, nil)
// for 204 No Content (not ready) and retry=true for failures worth another
// try (5xx, 429, a network error, an expired temporary URL).
func (h *hcpClient) download(ctx context.Context, u *url.URL, token, what string) (body []byte, retry bool, err error) {
	for hop := 0; hop < 6; hop++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, false, fmt.Errorf("download of %s: %v", what, err)
		}
		if token != "" && sameOrigin(h.base, u) {
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", tfe.ContentTypeJSONAPI)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := h.http.Do(req)
		if err != nil {
			return nil, ctx.Err() == nil, fmt.Errorf("download of %s failed: %v", what, scrubURLError(err))
		}
		switch {
		case resp.StatusCode == http.StatusNoContent:
			drain(resp)
			return nil, true, nil
		case resp.StatusCode >= 300 && resp.StatusCode < 400:
			loc, lerr := resp.Location()
			drain(resp)
			if lerr != nil || (loc.Scheme != "https" && loc.Scheme != "http") {
				return nil, false, fmt.Errorf("download of %s: HCP Terraform redirected to no usable location", what)
			}
			u = loc
			continue
		case resp.StatusCode == http.StatusOK:
			defer resp.Body.Close()
			data, err := io.ReadAll(io.LimitReader(resp.Body, h.maxDoc+1))
			if err != nil {
				return nil, true, fmt.Errorf("download of %s was cut short: %v", what, scrubURLError(err))
			}
			if int64(len(data)) > h.maxDoc {
				return nil, false, fmt.Errorf("%s is larger than %d MiB", what, h.maxDoc>>20)
			}
			return data, false, nil
		default:
			status := resp.Status
			drain(resp)
			retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 ||
				// A temporary download URL lives for a minute; ask for a new one.
				(hop > 0 && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound))
			return nil, retry, fmt.Errorf("download of %s: HCP Terraform answered %s", what, status)
		}
	}
	return nil, false, fmt.Errorf("download of %s: too many redirects", what)
}

// workspaceByName reads a workspace of the organization.
func (h *hcpClient) workspaceByName(ctx context.Context, name string) (*tfe.Workspace, error) {
	c, err := h.client("")
	if err != nil {
		return nil, err
	}
	ws, err := c.Workspaces.Read(ctx, h.org, name)
	if errors.Is(err, tfe.ErrResourceNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("reading workspace %q: %v", name, scrubURLError(err))
	}
	return ws, nil
}

// workspaceByID reads the run's workspace (for its tags).
func (h *hcpClient) workspaceByID(ctx context.Context, id string) (*tfe.Workspace, error) {
	c, err := h.client("")
	if err != nil {
		return nil, err
	}
	ws, err := c.Workspaces.ReadByID(ctx, id)
	if errors.Is(err, tfe.ErrResourceNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("reading workspace %s: %v", id, scrubURLError(err))
	}
	return ws, nil
}

// maxListPages bounds a workspace listing (100 per page).
const maxListPages = 50

// listWorkspaces lists the organization's workspaces a selector picks: the
// API filters by tags or wildcard name, and the selector checks again.
func (h *hcpClient) listWorkspaces(ctx context.Context, sel Selector) ([]*tfe.Workspace, error) {
	c, err := h.client("")
	if err != nil {
		return nil, err
	}
	opts := &tfe.WorkspaceListOptions{ListOptions: tfe.ListOptions{PageSize: 100}}
	if len(sel.Tags) > 0 {
		opts.Tags = strings.Join(sel.Tags, ",")
	} else if sel.Pattern != "" {
		opts.WildcardName = sel.Pattern
	}
	var out []*tfe.Workspace
	for page := 1; page <= maxListPages; page++ {
		opts.PageNumber = page
		list, err := c.Workspaces.List(ctx, h.org, opts)
		if err != nil {
			return nil, fmt.Errorf("listing the %s: %v", sel, scrubURLError(err))
		}
		for _, ws := range list.Items {
			if _, ok := sel.matches(ws.Name, ws.TagNames); ok {
				out = append(out, ws)
			}
		}
		if list.Pagination == nil || list.NextPage == 0 || list.NextPage <= page {
			break
		}
	}
	return out, nil
}

// currentState downloads a workspace's current state as JSON: the state
// version's hosted-json-state-download-url (Terraform 1.3 and later), else
// the raw state at hosted-state-download-url, which the engine reads too.
func (h *hcpClient) currentState(ctx context.Context, ws *tfe.Workspace) ([]byte, error) {
	c, err := h.client("")
	if err != nil {
		return nil, err
	}
	sv, err := c.StateVersions.ReadCurrent(ctx, ws.ID)
	if errors.Is(err, tfe.ErrResourceNotFound) {
		return nil, fmt.Errorf("workspace %q has no state yet: apply it once before runs are compared with it", ws.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the current state version of workspace %q: %v", ws.Name, scrubURLError(err))
	}
	raw := sv.JSONDownloadURL
	if raw == "" {
		raw = sv.DownloadURL
	}
	if raw == "" {
		return nil, fmt.Errorf("the current state version of workspace %q has no download URL", ws.Name)
	}
	u, err := h.base.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the current state version of workspace %q has an unusable download URL", ws.Name)
	}
	what := fmt.Sprintf("the state of workspace %q", ws.Name)
	var wait time.Duration
	for attempt := 1; ; attempt++ {
		body, retry, err := h.download(ctx, u, h.token, what)
		if err == nil && body != nil {
			return body, nil
		}
		if err == nil {
			err = fmt.Errorf("download of %s: HCP Terraform answered 204 No Content", what)
		}
		if !retry || attempt >= 4 {
			return nil, err
		}
		wait = h.backoff.next(wait)
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
	}
}

// callback sends a task result with the run's access token, retrying with
// backoff while HCP Terraform answers 429 or 5xx or cannot be reached.
func (h *hcpClient) callback(ctx context.Context, callbackURL, accessToken string, opts tfe.TaskResultCallbackRequestOptions) (attempts int, err error) {
	c, err := h.client(accessToken)
	if err != nil {
		return 0, err
	}
	var wait time.Duration
	for attempts = 1; ; attempts++ {
		status := 0
		hooked := tfe.ContextWithResponseHeaderHook(ctx, func(code int, _ http.Header) { status = code })
		err = c.RunTasksIntegration.Callback(hooked, callbackURL, accessToken, opts)
		if err == nil {
			return attempts, nil
		}
		retryable := status == 0 || status == http.StatusTooManyRequests || status >= 500
		if !retryable || attempts >= h.backoff.CallbackAttempts || ctx.Err() != nil {
			if status != 0 {
				return attempts, fmt.Errorf("HCP Terraform answered %d %s to the callback: %s", status, http.StatusText(status), oneLine(scrubURLError(err).Error()))
			}
			return attempts, fmt.Errorf("the callback failed: %v", scrubURLError(err))
		}
		wait = h.backoff.next(wait)
		select {
		case <-ctx.Done():
			return attempts, fmt.Errorf("the callback failed: %v", scrubURLError(err))
		case <-time.After(wait):
		}
	}
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// scrubURLError drops the URL from a *url.Error: temporary download URLs are
// credentials in their own right and must not reach logs or messages.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %v", strings.ToUpper(ue.Op[:1])+strings.ToLower(ue.Op[1:]), ue.Err)
	}
	return err
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
