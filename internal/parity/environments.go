package parity

import (
	"fmt"
	"sort"
	"strings"
)

// A comparison is production against one or more environments, each at its
// own scale (dev 0.25, staging 0.5, perf 1): the seed's pipeline has
// integration, performance, chaos and security environments next to
// staging. Two environments are the special case Compare handles; each
// environment here is compared with production by Compare, with its own
// ratio and its own environment words, and the results are gathered into one
// report whose findings carry the environment's name.

// NamedEnvironment is one environment compared with production.
type NamedEnvironment struct {
	// Name names the environment in findings and reports: dev, staging,
	// perf. It is also one of its environment tokens.
	Name string
	Env  Environment
	// Ratio is this environment's size relative to production; zero means
	// the rules' ratio.
	Ratio float64
	// Tokens are the words naming this environment in names and values;
	// nil means the rules' staging tokens, the name and its usual synonyms.
	Tokens []string
}

// environmentSynonyms are the usual words for common environments.
var environmentSynonyms = map[string][]string{
	"dev":         {"dev", "development"},
	"development": {"dev", "development"},
	"test":        {"test", "testing", "tst"},
	"qa":          {"qa"},
	"uat":         {"uat"},
	"int":         {"int", "integration"},
	"integration": {"int", "integration"},
	"perf":        {"perf", "performance", "load"},
	"performance": {"perf", "performance", "load"},
	"load":        {"load", "perf"},
	"chaos":       {"chaos"},
	"security":    {"security", "sec"},
	"sandbox":     {"sandbox", "sbx"},
	"preprod":     {"preprod", "pre-prod", "preproduction"},
	"staging":     {"staging", "stage", "stg"},
}

// TokensFor returns the default environment tokens of an environment named
// name: its name and the usual synonyms.
func TokensFor(name string) []string {
	n := strings.ToLower(strings.TrimSpace(name))
	if syn, ok := environmentSynonyms[n]; ok {
		return append([]string(nil), syn...)
	}
	return []string{n}
}

// CompareEnvironments compares each environment with production and returns
// one report: every finding, resource and ignored path carries its
// environment's name, and Environments holds the matrix (one row per
// environment: ratio, configuration hash, in parity, counts by kind).
// ProductionHash is production's hash as the first environment's comparison
// computes it.
func CompareEnvironments(production Environment, envs []NamedEnvironment, rules Rules) (*Report, error) {
	if len(envs) == 0 {
		return nil, fmt.Errorf("no environment to compare with production")
	}
	seen := map[string]bool{}
	for _, env := range envs {
		if strings.TrimSpace(env.Name) == "" {
			return nil, fmt.Errorf("an environment needs a name")
		}
		if seen[env.Name] {
			return nil, fmt.Errorf("environment %q is given twice", env.Name)
		}
		seen[env.Name] = true
	}
	out := &Report{Findings: []Finding{}, Resources: []ResourceResult{}, Ratio: rules.Ratio}
	for i, env := range envs {
		r := rules
		if env.Ratio != 0 {
			r.Ratio = env.Ratio
		}
		tokens := env.Tokens
		if tokens == nil {
			tokens = TokensFor(env.Name)
			if rules.Tokens.Staging != nil && env.Name == "staging" {
				tokens = rules.Tokens.Staging
			}
		}
		r.Tokens.Staging = tokens
		env.Env.Name = env.Name
		rep, err := compare(env.Env, production, r, env.Name)
		if err != nil {
			return nil, fmt.Errorf("environment %q: %w", env.Name, err)
		}
		for _, f := range rep.Findings {
			f.Environment = env.Name
			out.Findings = append(out.Findings, f)
		}
		for _, res := range rep.Resources {
			res.Environment = env.Name
			out.Resources = append(out.Resources, res)
		}
		for _, ig := range rep.Ignored {
			ig.Environment = env.Name
			out.Ignored = append(out.Ignored, ig)
		}
		if i == 0 {
			out.ProductionHash, out.Redact = rep.ProductionHash, rep.Redact
			if out.Ratio == 0 {
				out.Ratio = rep.Ratio
			}
		}
		out.Environments = append(out.Environments, EnvironmentResult{
			Name: env.Name, Ratio: rep.Ratio, Hash: rep.StagingHash, InParity: rep.InParity(), Counts: rep.Counts(),
		})
	}
	order := map[string]int{}
	for i, env := range envs {
		order[env.Name] = i
	}
	sort.SliceStable(out.Findings, func(i, j int) bool {
		return order[out.Findings[i].Environment] < order[out.Findings[j].Environment]
	})
	return out, nil
}
