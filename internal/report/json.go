package report

import (
	_ "embed"
	"io"
)

// ReportVersion is the version of the JSON report schema. It changes only
// when a field is removed or changes meaning; added fields keep it.
const ReportVersion = 1

// JSONSchema is the JSON Schema (draft 2020-12) of the json format.
//
//go:embed report.schema.json
var JSONSchema []byte

// The json format's document. Every field is always present, so consumers
// need no existence checks: strings are "" and lists [] when empty.
type jsonReport struct {
	ReportVersion int            `json:"report_version"`
	Tool          jsonTool       `json:"tool"`
	Staging       jsonSide       `json:"staging"`
	Production    jsonSide       `json:"production"`
	Ratio         float64        `json:"ratio"`
	Redact        string         `json:"redact"`
	InParity      bool           `json:"in_parity"`
	FailOn        string         `json:"fail_on"`
	Failed        bool           `json:"failed"`
	Summary       jsonSummary    `json:"summary"`
	Findings      []jsonFinding  `json:"findings"`
	Ignored       []jsonIgnored  `json:"ignored"`
	Resources     []jsonResource `json:"resources"`
	// Environments is the environment matrix of a comparison of several
	// environments with production; absent for a staging/production pair.
	Environments []jsonEnvironment `json:"environments,omitempty"`
}

type jsonEnvironment struct {
	Name               string         `json:"name"`
	Source             string         `json:"source"`
	Ratio              float64        `json:"ratio"`
	Hash               string         `json:"hash"`
	InParity           bool           `json:"in_parity"`
	Failed             bool           `json:"failed"`
	Resources          int            `json:"resources"`
	ResourcesWithDrift int            `json:"resources_with_drift"`
	Findings           int            `json:"findings"`
	ByKind             map[string]int `json:"by_kind"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSide struct {
	Source string `json:"source"`
	Hash   string `json:"hash"`
}

type jsonSummary struct {
	Resources          int            `json:"resources"`
	ResourcesWithDrift int            `json:"resources_with_drift"`
	Findings           int            `json:"findings"`
	Drift              int            `json:"drift"`
	Unknown            int            `json:"unknown"`
	Ignored            int            `json:"ignored"`
	SecretsNotCompared int            `json:"secrets_not_compared"`
	ByKind             map[string]int `json:"by_kind"`
	// ByResourceType and ByAttribute are what the text and markdown
	// summaries show, for scripts that post their own.
	ByResourceType []jsonTypeCount `json:"by_resource_type"`
	ByAttribute    []jsonAttrCount `json:"by_attribute"`
}

type jsonTypeCount struct {
	Type      string `json:"type"`
	Findings  int    `json:"findings"`
	Resources int    `json:"resources"`
}

type jsonAttrCount struct {
	Kind          string   `json:"kind"`
	Path          string   `json:"path"`
	Findings      int      `json:"findings"`
	Resources     int      `json:"resources"`
	ResourceTypes []string `json:"resource_types"`
	Environments  []string `json:"environments"`
	Failing       bool     `json:"failing"`
}

type jsonFinding struct {
	Kind              string        `json:"kind"`
	Environment       string        `json:"environment,omitempty"`
	Failing           bool          `json:"failing"`
	Address           string        `json:"address"`
	StagingAddress    string        `json:"staging_address"`
	ProductionAddress string        `json:"production_address"`
	ResourceType      string        `json:"resource_type"`
	Path              string        `json:"path"`
	Staging           string        `json:"staging"`
	Production        string        `json:"production"`
	Expected          string        `json:"expected"`
	Accepted          []string      `json:"accepted"`
	Arithmetic        string        `json:"arithmetic"`
	Rule              string        `json:"rule"`
	Reason            string        `json:"reason"`
	Message           string        `json:"message"`
	Sensitive         bool          `json:"sensitive"`
	Location          *jsonLocation `json:"location"`
}

type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonIgnored struct {
	Environment string `json:"environment,omitempty"`
	Address     string `json:"address"`
	Path        string `json:"path"`
	Rule        string `json:"rule"`
	Reason      string `json:"reason"`
}

type jsonResource struct {
	Environment       string `json:"environment,omitempty"`
	Address           string `json:"address"`
	Type              string `json:"type"`
	StagingAddress    string `json:"staging_address"`
	ProductionAddress string `json:"production_address"`
	Findings          int    `json:"findings"`
	Drift             bool   `json:"drift"`
}

func renderJSON(w io.Writer, v *view) error {
	doc := jsonReport{
		ReportVersion: ReportVersion,
		Tool:          jsonTool{Name: v.meta.ToolName, Version: v.meta.ToolVersion},
		Staging:       jsonSide{Source: v.meta.StagingSource, Hash: v.rep.StagingHash},
		Production:    jsonSide{Source: v.meta.ProductionSource, Hash: v.rep.ProductionHash},
		Ratio:         ratioValue(v.rep.Ratio),
		Redact:        redactText(v.rep.Redact),
		InParity:      v.rep.InParity(),
		FailOn:        v.meta.FailOn,
		Failed:        v.failed,
		Summary: jsonSummary{
			Resources:          v.resourceCount(),
			ResourcesWithDrift: v.driftResources(),
			Findings:           len(v.findings),
			Drift:              v.drift,
			Unknown:            v.unknown,
			Ignored:            len(v.ignored),
			SecretsNotCompared: v.rep.SecretsNotCompared(),
			ByKind:             map[string]int{},
			ByResourceType:     make([]jsonTypeCount, 0, len(v.summary.types)),
			ByAttribute:        make([]jsonAttrCount, 0, len(v.summary.attrs)),
		},
		Findings:  make([]jsonFinding, 0, len(v.findings)),
		Ignored:   make([]jsonIgnored, 0, len(v.ignored)),
		Resources: make([]jsonResource, 0, len(v.results)),
	}
	for _, kc := range v.countsByKind() {
		doc.Summary.ByKind[string(kc.kind)] = kc.count
	}
	for _, t := range v.summary.types {
		doc.Summary.ByResourceType = append(doc.Summary.ByResourceType, jsonTypeCount{Type: t.resourceType, Findings: t.findings, Resources: t.resources})
	}
	for _, a := range v.summary.attrs {
		doc.Summary.ByAttribute = append(doc.Summary.ByAttribute, jsonAttrCount{
			Kind: string(a.kind), Path: a.path, Findings: a.findings, Resources: a.resources,
			ResourceTypes: append([]string{}, a.types...), Environments: append([]string{}, a.envs...), Failing: a.failing,
		})
	}
	for _, f := range v.findings {
		jf := jsonFinding{
			Kind:              string(f.Kind),
			Environment:       f.Environment,
			Failing:           v.failing(f.Kind),
			Address:           f.Address,
			StagingAddress:    f.StagingAddress,
			ProductionAddress: f.ProductionAddress,
			ResourceType:      f.ResourceType,
			Path:              f.Path,
			Staging:           f.Staging,
			Production:        f.Production,
			Expected:          f.Expected,
			Accepted:          append([]string{}, f.Accepted...),
			Arithmetic:        f.Arithmetic,
			Rule:              f.Rule,
			Reason:            f.Reason,
			Message:           f.Message,
			Sensitive:         f.Sensitive,
		}
		if l := f.Location; l != nil && l.File != "" {
			jf.Location = &jsonLocation{File: l.File, Line: max(l.Line, 0), Column: max(l.Column, 0)}
		}
		doc.Findings = append(doc.Findings, jf)
	}
	for _, ig := range v.ignored {
		doc.Ignored = append(doc.Ignored, jsonIgnored{Environment: ig.Environment, Address: ig.Address, Path: ig.Path, Rule: ig.Rule, Reason: ig.Reason})
	}
	for _, r := range v.results {
		doc.Resources = append(doc.Resources, jsonResource{Environment: r.Environment, Address: r.Address, Type: r.Type,
			StagingAddress: r.StagingAddress, ProductionAddress: r.ProductionAddress, Findings: r.Findings, Drift: r.Drift})
	}
	for _, e := range v.envs {
		je := jsonEnvironment{Name: e.Name, Source: v.envSource(e.Name), Ratio: ratioValue(e.Ratio), Hash: e.Hash,
			InParity: e.InParity, Failed: v.envFailed(e.Name), ByKind: map[string]int{}}
		for _, kc := range countsOf(e.Counts) {
			je.ByKind[string(kc.kind)] = kc.count
		}
		drifting := map[string]bool{}
		for _, r := range v.results {
			if r.Environment == e.Name {
				je.Resources++
				if r.Drift {
					drifting[r.Address] = true
				}
			}
		}
		je.ResourcesWithDrift = len(drifting)
		je.Findings = len(v.envFindings(e.Name))
		doc.Environments = append(doc.Environments, je)
	}
	return encodeJSON(w, doc)
}
