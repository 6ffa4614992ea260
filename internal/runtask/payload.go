package runtask

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	tfe "github.com/hashicorp/go-tfe"
)

// SignatureHeader carries the HMAC-SHA512 of the request body, hex encoded,
// keyed with the run task's HMAC key ("Securing your Run Task" in HCP
// Terraform's run task integration guide).
const SignatureHeader = "X-TFC-Task-Signature"

// VerificationToken is the access token of the request HCP Terraform sends
// when a run task is created or its URL or HMAC key is changed: the service
// must answer 200 and must not call back.
const VerificationToken = "test-token"

// The run stages of the payload's `stage` field.
const (
	StagePrePlan   = "pre_plan"
	StagePostPlan  = "post_plan"
	StagePreApply  = "pre_apply"
	StagePostApply = "post_apply"
)

// The values of task_result_enforcement_level.
const (
	EnforcementMandatory = "mandatory"
	EnforcementAdvisory  = "advisory"
)

// Request is a run task request as documented in the run tasks integration
// API ("Request Body"). It embeds go-tfe's RunTaskRequest for the fields that
// type decodes correctly and adds Capabilities under its documented name:
// go-tfe reads `capabilitites`, so a payload decoded with it alone says that
// HCP Terraform does not accept outcomes.
type Request struct {
	tfe.RunTaskRequest
	Capabilities Capabilities `json:"capabilities"`
	// RunCreatedAt shadows go-tfe's time.Time field: the service only shows
	// it, and a payload with an empty or odd timestamp (the verification
	// request carries no run) must not be refused for it.
	RunCreatedAt string `json:"run_created_at"`
}

// Capabilities says what the caller accepts in the callback.
type Capabilities struct {
	Outcomes bool `json:"outcomes"`
}

// DecodeRequest decodes a run task payload. Unknown fields are accepted (HCP
// Terraform adds fields over time, such as project_id), but the payload
// version must be 1, the only one documented.
func DecodeRequest(body []byte) (*Request, error) {
	var r Request
	if err := json.Unmarshal(body, &r); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("the payload is not JSON: %v (at byte %d)", se, se.Offset)
		case errors.As(err, &te) && te.Field == "":
			return nil, fmt.Errorf("the payload is not a run task request: a JSON %s, not an object", te.Value)
		case errors.As(err, &te):
			return nil, fmt.Errorf("the payload's %s is %s, want %s", te.Field, te.Value, te.Type)
		}
		return nil, fmt.Errorf("the payload is not a run task request: %v", err)
	}
	if r.PayloadVersion != 1 {
		return nil, fmt.Errorf("the payload's payload_version is %d; only version 1 is supported", r.PayloadVersion)
	}
	return &r, nil
}

// IsVerification reports whether the request is the one HCP Terraform sends
// to check the URL and HMAC key when the task is created.
func (r *Request) IsVerification() bool { return r.AccessToken == VerificationToken }

// Advisory reports whether a failed result leaves the run free to continue.
func (r *Request) Advisory() bool { return r.TaskResultEnforcementLevel == EnforcementAdvisory }

// key identifies a delivery: HCP Terraform may deliver the same run and stage
// more than once, and it is evaluated once.
func (r *Request) key() string { return r.RunID + "/" + r.Stage + "/" + r.TaskResultID }

// Sign returns the X-TFC-Task-Signature value for body: the hex HMAC-SHA512
// keyed with key.
func Sign(key, body []byte) string {
	m := hmac.New(sha512.New, key)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks the X-TFC-Task-Signature value of body in constant
// time. A missing or malformed signature is as wrong as a bad one.
func VerifySignature(key, body []byte, header string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(header))
	if err != nil || len(got) != sha512.Size {
		return false
	}
	m := hmac.New(sha512.New, key)
	m.Write(body)
	return hmac.Equal(m.Sum(nil), got)
}

// checkAPIURL accepts a URL from the payload only when it points at the
// configured HCP Terraform origin and its API: tokens are sent to it, so a
// payload naming another host must not make the service call out (no
// server-side request forgery, no token leak).
func checkAPIURL(base *url.URL, field, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("%s is empty", field)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not a URL", field)
	}
	if !sameOrigin(base, u) {
		return nil, fmt.Errorf("%s points at %s, not at the configured %s; refused so that no token leaves for another host",
			field, originOf(u), originOf(base))
	}
	if u.User != nil || !strings.HasPrefix(u.EscapedPath(), "/api/v2/") {
		return nil, fmt.Errorf("%s is not an HCP Terraform API URL (/api/v2/…)", field)
	}
	return u, nil
}

// sameOrigin compares scheme, host and effective port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func originOf(u *url.URL) string {
	if u.Scheme == "" && u.Host == "" {
		return "(no host)"
	}
	return u.Scheme + "://" + u.Host
}
