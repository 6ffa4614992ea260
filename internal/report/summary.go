package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// A report of a few hundred findings is read from its summary: what kinds
// of drift there are, in which resource types, and which attributes drift
// most often ("monitoring differs in 40 resources"). Drift on an estate is
// systematic, so a handful of attributes usually explain most findings.

// summary is what every human-facing format shows before the findings.
type summary struct {
	types []typeCount
	attrs []attrCount
}

// typeCount is the findings of one resource type.
type typeCount struct {
	resourceType string
	findings     int
	resources    int
}

// attrCount is the findings of one kind at one attribute path, list
// indexes folded ("ingress[*].cidr_blocks"), across resources.
type attrCount struct {
	kind      parity.FindingKind
	path      string // folded; "" for whole-resource findings
	findings  int
	resources int      // distinct addresses
	types     []string // resource types, most findings first
	envs      []string // environments, in matrix order (several environments only)
	failing   bool
}

func (v *view) summarize() summary {
	var s summary
	type typeAcc struct {
		findings  int
		resources map[string]bool
	}
	types := map[string]*typeAcc{}
	type attrKey struct {
		kind parity.FindingKind
		path string
	}
	type attrAcc struct {
		findings  int
		resources map[string]bool
		types     map[string]int
		envs      map[string]bool
	}
	attrs := map[attrKey]*attrAcc{}
	var attrOrder []attrKey
	for _, f := range v.findings {
		typ := f.ResourceType
		switch {
		case typ != "":
		case f.Address == "":
			typ = "settings"
		default:
			typ = "(unknown type)"
		}
		ta := types[typ]
		if ta == nil {
			ta = &typeAcc{resources: map[string]bool{}}
			types[typ] = ta
		}
		ta.findings++
		ta.resources[f.Address] = true

		k := attrKey{f.Kind, foldPath(f.Path)}
		aa := attrs[k]
		if aa == nil {
			aa = &attrAcc{resources: map[string]bool{}, types: map[string]int{}, envs: map[string]bool{}}
			attrs[k] = aa
			attrOrder = append(attrOrder, k)
		}
		aa.findings++
		aa.resources[f.Address] = true
		if f.ResourceType != "" {
			aa.types[f.ResourceType]++
		}
		if f.Environment != "" {
			aa.envs[f.Environment] = true
		}
	}
	for typ, ta := range types {
		s.types = append(s.types, typeCount{resourceType: typ, findings: ta.findings, resources: len(ta.resources)})
	}
	sort.Slice(s.types, func(i, j int) bool {
		a, b := s.types[i], s.types[j]
		if a.findings != b.findings {
			return a.findings > b.findings
		}
		return a.resourceType < b.resourceType
	})
	for _, k := range attrOrder {
		aa := attrs[k]
		ac := attrCount{kind: k.kind, path: k.path, findings: aa.findings, resources: len(aa.resources), failing: v.failing(k.kind)}
		for typ := range aa.types {
			ac.types = append(ac.types, typ)
		}
		sort.Slice(ac.types, func(i, j int) bool {
			a, b := ac.types[i], ac.types[j]
			if aa.types[a] != aa.types[b] {
				return aa.types[a] > aa.types[b]
			}
			return a < b
		})
		for _, e := range v.envs {
			if aa.envs[e.Name] {
				ac.envs = append(ac.envs, e.Name)
			}
		}
		s.attrs = append(s.attrs, ac)
	}
	// Failing kinds first: what breaks the check is what a reader needs
	// first; then by how many resources share it.
	sort.SliceStable(s.attrs, func(i, j int) bool {
		a, b := s.attrs[i], s.attrs[j]
		if a.failing != b.failing {
			return a.failing
		}
		if a.resources != b.resources {
			return a.resources > b.resources
		}
		if a.findings != b.findings {
			return a.findings > b.findings
		}
		if ka, kb := kindRank(a.kind), kindRank(b.kind); ka != kb {
			return ka < kb
		}
		return a.path < b.path
	})
	return s
}

// foldPath replaces list positions with [*], so that the same attribute of
// every element counts as one: ingress[0].cidr_blocks and
// ingress[1].cidr_blocks are ingress[*].cidr_blocks. Map keys (quoted) are
// names, not positions, and stay.
func foldPath(p string) string {
	if !strings.Contains(p, "[") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '"' {
			// A quoted key: copy it whole, escapes included.
			j := i + 1
			for j < len(p) && p[j] != '"' {
				if p[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(p))
			b.WriteString(p[i:end])
			i = end - 1
			continue
		}
		if c == '[' {
			j := i + 1
			for j < len(p) && p[j] >= '0' && p[j] <= '9' {
				j++
			}
			if j > i+1 && j < len(p) && p[j] == ']' {
				b.WriteString("[*]")
				i = j
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// sentence says what an attribute count means in words, such as
// "monitoring differs in 40 resources (aws_instance)". Each format passes
// how it writes the path (code) and the words around it (text), so that
// every piece is escaped for where it goes.
func (a attrCount) sentence(v *view, code, text func(string) string) string {
	n := plural(a.resources, "resource")
	var s string
	switch a.kind {
	case parity.FindingConfigDrift:
		s = code(displayPath(a.path)) + text(" differs in "+n)
	case parity.FindingSizeRatio:
		s = code(displayPath(a.path)) + text(" is off the ratio in "+n)
	case parity.FindingSizeFamily:
		s = code(displayPath(a.path)) + text(" is another size family in "+n)
	case parity.FindingUnknown:
		s = code(displayPath(a.path)) + text(" is unknown until apply in "+n)
	case parity.FindingOnlyInStaging:
		if v.multi() {
			s = text(n + " missing from production")
		} else {
			s = text(n + " in staging only")
		}
	case parity.FindingOnlyInProduction:
		if v.multi() {
			s = text(n + " missing from " + strings.Join(a.envs, ", "))
		} else {
			s = text(n + " missing from staging")
		}
	default:
		s = code(displayPath(a.path)) + text(" has "+string(a.kind)+" findings in "+n)
	}
	var notes []string
	if len(a.types) > 0 {
		notes = append(notes, listSome(a.types, 3))
	}
	if v.multi() && len(a.envs) > 0 && a.kind != parity.FindingOnlyInProduction {
		notes = append(notes, "in "+strings.Join(a.envs, ", "))
	}
	if len(notes) > 0 {
		s += text(" (" + strings.Join(notes, "; ") + ")")
	}
	return s
}

// listSome joins the first n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(", +%d more", len(items)-n)
}

// typesLine is the findings per resource type on one line, the biggest
// first: "aws_instance 120, aws_db_instance 40, +3 more types".
func (s summary) typesLine(n int) string {
	var parts []string
	for i, t := range s.types {
		if i == n {
			parts = append(parts, fmt.Sprintf("+%d more %s", len(s.types)-n, pluralWord(len(s.types)-n, "type")))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", t.resourceType, t.findings))
	}
	return strings.Join(parts, ", ")
}

// kindsLine is the findings per kind on one line, kinds without findings
// left out: "240 config_drift, 60 size_ratio".
func (v *view) kindsLine() string {
	var parts []string
	for _, kc := range v.countsByKind() {
		if kc.count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", kc.count, kc.kind))
		}
	}
	return strings.Join(parts, ", ")
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// section is one group of findings in the text and markdown formats: an
// attribute path (GroupByAttribute) or a resource (GroupByResource).
type section struct {
	title    string // the folded path, or the resource address
	byAttr   bool
	aka      []string // resource sections: the address as each side writes it
	findings []parity.Finding
	// resources is the number of distinct addresses among findings.
	resources int
	failing   bool
}

// sections groups the findings as meta.GroupBy asks. Attribute sections
// come in the summary's order (failing first, then the most resources),
// so that a report cut short keeps what matters most; resource sections
// come by address.
func (v *view) sections() []section {
	if v.meta.GroupBy == GroupByResource {
		out := make([]section, 0, len(v.groups))
		for _, g := range v.groups {
			s := section{title: g.address, findings: g.findings, resources: 1}
			if g.stagingAddress != "" && g.stagingAddress != g.address {
				s.aka = append(s.aka, "staging "+g.stagingAddress)
			}
			if g.productionAddress != "" && g.productionAddress != g.address {
				s.aka = append(s.aka, "production "+g.productionAddress)
			}
			for _, f := range g.findings {
				s.failing = s.failing || v.failing(f.Kind)
			}
			out = append(out, s)
		}
		return out
	}
	index := map[string]int{}
	var out []section
	for _, a := range v.summary.attrs {
		if _, ok := index[a.path]; !ok {
			index[a.path] = len(out)
			out = append(out, section{title: a.path, byAttr: true})
		}
	}
	addresses := make([]map[string]bool, len(out))
	for _, f := range v.findings {
		i := index[foldPath(f.Path)]
		s := &out[i]
		s.findings = append(s.findings, f)
		s.failing = s.failing || v.failing(f.Kind)
		if addresses[i] == nil {
			addresses[i] = map[string]bool{}
		}
		addresses[i][f.Address] = true
	}
	for i := range out {
		out[i].resources = len(addresses[i])
	}
	return out
}

// displayTitle is a section's title as shown: the resource address, the
// attribute path, or for findings about whole resources (present on one
// side only) "whole resources".
func (s section) displayTitle() string {
	switch {
	case !s.byAttr:
		return displayAddress(s.title)
	case s.title == "":
		return "whole resources"
	}
	return s.title
}

// heading is a section's title line in words (without the title itself):
// "3 findings in 2 resources" or "2 findings".
func (s section) heading() string {
	if s.byAttr {
		return plural(len(s.findings), "finding") + " in " + plural(s.resources, "resource")
	}
	return plural(len(s.findings), "finding")
}

// rowSubject is what a row of an attribute section names: the resource,
// and the concrete path when the section's path folds its list positions.
func rowSubject(f parity.Finding) string {
	subject := displayAddress(f.Address)
	if foldPath(f.Path) != f.Path {
		subject += " " + f.Path
	}
	return subject
}
