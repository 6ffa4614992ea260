package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// SARIFSchemaURI is the published schema the sarif format conforms to.
const SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// fingerprintKey names the partial fingerprint; the version suffix changes
// if the fingerprint's inputs ever do, so viewers do not match old results
// against new ones wrongly.
const fingerprintKey = "parityFinding/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool      `json:"tool"`
	ColumnKind string         `json:"columnKind"`
	Results    []sarifResult  `json:"results"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// ruleInfo describes a finding kind as a SARIF rule.
type ruleInfo struct {
	name, short, full, help string
}

var ruleInfos = map[parity.FindingKind]ruleInfo{
	parity.FindingConfigDrift: {
		name:  "ConfigDrift",
		short: "A configuration setting differs between staging and production.",
		full:  "A setting that is neither a size nor ignored has a different value in staging than in production, so staging does not test what production runs.",
		help:  "Make the values equal, or, if the environments should differ here, add an ignore rule with a reason: ignore \"<path>\" { reason = \"...\" }.",
	},
	parity.FindingSizeRatio: {
		name:  "SizeRatio",
		short: "A size does not follow the staging:production ratio.",
		full:  "A size setting (instance type, count, storage, replicas, quantity) is not production × ratio, so staging is not a scaled copy of production.",
		help:  "Set the staging size to the expected value shown, or declare the size's own ratio or rounding in a size rule: size \"<path>\" { ratio = 0.25 }.",
	},
	parity.FindingSizeFamily: {
		name:  "SizeFamily",
		short: "A size belongs to a different family than production's.",
		full:  "Sizes can only be compared within one family or series (m5 vs t3, e2-standard vs n2-highmem): a different family is a configuration difference, not a scale.",
		help:  "Use the production family in staging, at the size the ratio asks for.",
	},
	parity.FindingOnlyInStaging: {
		name:  "OnlyInStaging",
		short: "A resource exists in staging only.",
		full:  "A resource of the staging environment has no counterpart in production after addresses are normalised (environment tokens removed, module pairs mapped).",
		help:  "Remove the resource from staging, add it to production, or map its module path with a module_pair rule if the names differ.",
	},
	parity.FindingOnlyInProduction: {
		name:  "OnlyInProduction",
		short: "A resource exists in production only.",
		full:  "A resource of the production environment has no counterpart in staging after addresses are normalised (environment tokens removed, module pairs mapped).",
		help:  "Add the resource to staging, or map its module path with a module_pair rule if the names differ.",
	},
	parity.FindingUnknown: {
		name:  "Unknown",
		short: "A value is not known until apply.",
		full:  "At plan time a value is unknown on at least one side, so parity for it can only be checked after apply.",
		help:  "Check again after apply, or derive the value from known inputs.",
	},
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// camelCase turns a kind such as only_in_staging into OnlyInStaging.
func camelCase(s string) string {
	var b strings.Builder
	for _, word := range nonWord.Split(s, -1) {
		if word != "" {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// sarifRules returns one rule per finding kind: every known kind, so that
// rule indexes are stable between runs, plus any kind the engine added.
func sarifRules(v *view) []sarifRule {
	var rules []sarifRule
	for _, kc := range v.countsByKind() {
		k := kc.kind
		info, ok := ruleInfos[k]
		if !ok {
			info = ruleInfo{name: camelCase(string(k)), short: "Finding of kind " + string(k) + ".", full: "Finding of kind " + string(k) + ".", help: "See the finding's message."}
		}
		level := "error"
		if !k.IsDrift() {
			level = "warning"
		}
		rules = append(rules, sarifRule{
			ID:                   string(k),
			Name:                 info.name,
			ShortDescription:     sarifText{info.short},
			FullDescription:      sarifText{info.full},
			Help:                 sarifText{info.help},
			DefaultConfiguration: sarifRuleDefaults{level},
		})
	}
	return rules
}

func renderSARIF(w io.Writer, v *view) error {
	rules := sarifRules(v)
	ruleIndex := make(map[string]int, len(rules))
	for i, r := range rules {
		ruleIndex[r.ID] = i
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:    v.meta.ToolName,
			Version: v.meta.ToolVersion,
			Rules:   rules,
		}},
		ColumnKind: "unicodeCodePoints",
		Results:    make([]sarifResult, 0, len(v.findings)),
		Properties: map[string]any{
			"stagingSource":    v.meta.StagingSource,
			"productionSource": v.meta.ProductionSource,
			"stagingHash":      v.rep.StagingHash,
			"productionHash":   v.rep.ProductionHash,
			"ratio":            ratioValue(v.rep.Ratio),
			"inParity":         v.rep.InParity(),
			"failOn":           v.meta.FailOn,
		},
	}
	if v.multi() {
		delete(run.Properties, "stagingSource")
		delete(run.Properties, "stagingHash")
		envs := make([]map[string]any, 0, len(v.envs))
		for _, e := range v.envs {
			counts := map[string]int{}
			for _, kc := range countsOf(e.Counts) {
				counts[string(kc.kind)] = kc.count
			}
			envs = append(envs, map[string]any{
				"name": e.Name, "source": v.envSource(e.Name), "hash": e.Hash, "ratio": ratioValue(e.Ratio),
				"inParity": e.InParity, "failed": v.envFailed(e.Name), "byKind": counts,
			})
		}
		run.Properties["environments"] = envs
	}
	for _, f := range v.findings {
		level := "warning"
		if v.failing(f.Kind) {
			level = "error"
		}
		loc := sarifLocation{LogicalLocations: []sarifLogicalLocation{{
			Name:               displayAddress(f.Address),
			FullyQualifiedName: displayAddress(f.Address),
			Kind:               "resource",
		}}}
		if l := f.Location; l != nil && l.File != "" {
			loc.PhysicalLocation = &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: artifactURI(l.File)}}
			if l.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: l.Line, StartColumn: max(l.Column, 0)}
			}
		}
		props := map[string]any{"path": f.Path, "staging": f.Staging, "production": f.Production}
		if f.Environment != "" {
			props["environment"] = f.Environment
		}
		for key, val := range map[string]string{
			"expected": f.Expected, "arithmetic": f.Arithmetic, "rule": f.Rule, "reason": f.Reason,
			"resourceType": f.ResourceType, "stagingAddress": f.StagingAddress, "productionAddress": f.ProductionAddress,
		} {
			if val != "" {
				props[key] = val
			}
		}
		if len(f.Accepted) > 0 {
			props["accepted"] = f.Accepted
		}
		if f.Sensitive {
			props["sensitive"] = true
		}
		run.Results = append(run.Results, sarifResult{
			RuleID:              string(f.Kind),
			RuleIndex:           ruleIndex[string(f.Kind)],
			Level:               level,
			Message:             sarifText{sarifMessage(f)},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f)},
			Properties:          props,
		})
	}
	return encodeJSON(w, sarifLog{Schema: SARIFSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifMessage is the finding's sentence, with the arithmetic when the
// sentence does not already say it, and the environment first when several
// are compared; SARIF requires a non-empty text.
func sarifMessage(f parity.Finding) string {
	msg := sarifMessageText(f)
	if f.Environment != "" {
		msg = "[" + f.Environment + "] " + msg
	}
	// Viewers show the text as is: escape what could reorder or hide it.
	return escapeControl(msg)
}

// sarifMessageText is a finding's sentence with its arithmetic, unescaped.
func sarifMessageText(f parity.Finding) string {
	msg := f.Message
	if msg == "" {
		msg = string(f.Kind) + " at " + displayAddress(f.Address)
		if f.Path != "" {
			msg += " " + f.Path
		}
		msg += "."
	}
	if f.Arithmetic != "" && !strings.Contains(msg, f.Arithmetic) {
		msg += " Expected: " + f.Arithmetic + "."
	}
	return msg
}

// fingerprint identifies a finding across runs independent of its values,
// so that a viewer tracks "the same drift" while the values change.
// The environment joins the inputs only when several are compared, so that
// the fingerprints of a staging/production pair stay what they were.
func fingerprint(f parity.Finding) string {
	in := string(f.Kind) + "\x00" + f.Address + "\x00" + f.Path
	if f.Environment != "" {
		in += "\x00" + f.Environment
	}
	sum := sha256.Sum256([]byte(in))
	return hex.EncodeToString(sum[:])
}

var windowsDrive = regexp.MustCompile(`^[A-Za-z]:/`)

// artifactURI turns a file name into a URI reference: relative paths stay
// relative (viewers resolve them against the repository root) with forward
// slashes; absolute ones become file URIs.
func artifactURI(file string) string {
	p := strings.ReplaceAll(file, `\`, "/")
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	switch {
	case windowsDrive.MatchString(p):
		return (&url.URL{Scheme: "file", Path: "/" + p}).String()
	case strings.HasPrefix(p, "//"): // UNC: \\server\share\file
		host, rest, _ := strings.Cut(p[2:], "/")
		return (&url.URL{Scheme: "file", Host: host, Path: "/" + rest}).String()
	case strings.HasPrefix(p, "/"):
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	// url.URL.String escapes what a URI may not contain and guards a first
	// segment with a colon, which would otherwise read as a scheme.
	return (&url.URL{Path: p}).String()
}

func ratioValue(r float64) float64 {
	if r == 0 {
		return 1
	}
	return r
}
