package parity

import (
	"regexp"
	"sort"
	"strings"
)

// References by value. A configuration value that equals an identity of
// another resource of the same environment (its id, ARN, DNS name, or a
// name a random_* resource generated) refers to that resource; the
// referenced resource is compared itself, so the reference is not drift
// whatever it is called (security_groups, records, namespace).

// sideRefs holds the identity values of one environment.
type sideRefs struct {
	exact map[string]bool
	// generated are values random_* resources generated, longest first;
	// they are replaced inside names too ("app-sunny-walrus").
	generated []string
	// projects are the side's Google Cloud project ids, replaced where
	// they stand between separators: in paths (projects/ID/topics/x) and
	// in service account addresses (name@ID.iam.gserviceaccount.com).
	projects []string
}

// minRefLength keeps short values ("1", "on") from being taken for
// identities.
const minRefLength = 6

// randomResults are the attributes of random_* resources that hold the
// generated value.
var randomResults = map[string]bool{"id": true, "result": true, "hex": true, "b64_url": true, "b64_std": true, "dec": true}

// collectRefs gathers the identity values of a side: strings (and lists of
// strings) classified as identity at the top level of each resource, and
// the results of random_* resources. Maps such as tags_all are identity for
// another reason (a copy of configuration) and are left out.
//
// An identity counts only when the other side (nil for a hash of one side)
// knows it too: a staging plan that creates a resource has its id unknown
// while production's state has it, and a name equal to that id
// ("sensor-production") would read "{ref}" on one side and "sensor-{env}"
// on the other. A reference is a fact about both environments or none.
//
// cls classifies the paths and counts the user rules' uses.
func (e *engine) collectRefs(si, other *sideIndex, cls *classifier) *sideRefs {
	refs := &sideRefs{exact: map[string]bool{}}
	if si.settings {
		return refs
	}
	gen := map[string]bool{}
	for i := range si.instances {
		in := &si.instances[i]
		if in.res.Mode == "data" && !strings.HasPrefix(in.res.Type, "random_") {
			continue
		}
		subject := append([]step(nil), in.steps...)
		addrLen := len(subject)
		v := in.res.Values
		random := strings.HasPrefix(in.res.Type, "random_")
		var counterpart Value
		if other != nil {
			if o := other.byKey[in.key]; o != nil {
				counterpart = o.res.Values
			}
		}
		for k, name := range v.names() {
			field := v.list()[k]
			if counterpart.kind == KindObject {
				if o, ok := counterpart.Get(name); ok && o.kind == KindUnknown {
					continue
				}
			}
			if random && randomResults[name] && field.kind == KindString && !field.sensitive && len(field.text) >= minRefLength/2 {
				gen[field.text] = true
				continue
			}
			if name == "project" && strings.HasPrefix(in.res.Type, "google_") && field.kind == KindString && !field.sensitive && len(field.text) >= minRefLength {
				// The project a Google Cloud resource lives in is each
				// environment's own (retail-orders-stg-4821 against
				// retail-orders-prod-1937, random suffixes and all).
				if !refs.exact[field.text] {
					refs.exact[field.text] = true
					refs.projects = append(refs.projects, field.text)
				}
				continue
			}
			subject = append(subject[:addrLen], step{name: name})
			c, node := cls.classify(in.res.Type, subject, addrLen, nil, v)
			e.addRefs(refs, field, c, in.res.Type, subject, addrLen, node, 0)
		}
	}
	for g := range gen {
		refs.exact[g] = true
		refs.generated = append(refs.generated, g)
	}
	sort.Slice(refs.generated, func(i, j int) bool {
		if len(refs.generated[i]) != len(refs.generated[j]) {
			return len(refs.generated[i]) > len(refs.generated[j])
		}
		return refs.generated[i] < refs.generated[j]
	})
	return refs
}

func (e *engine) addRefs(refs *sideRefs, v Value, cls classification, resType string, subject []step, addrLen int, node *classNode, depth int) {
	switch v.kind {
	case KindString:
		// A reference attribute (subnet_id) holds another resource's
		// identity, which that resource contributes itself; taking it here
		// would make every value of that attribute a reference, AWS-managed
		// policy ARNs included.
		if cls.kind == clsIdentity && !strings.HasPrefix(cls.rule, "reference ") && !v.sensitive && len(v.text) >= minRefLength &&
			!looksLikeLocation(v.text) {
			refs.exact[v.text] = true
		}
	case KindList, KindSet:
		if depth > 1 {
			return
		}
		for _, it := range v.list() {
			if it.kind == KindString {
				e.addRefs(refs, it, cls, resType, subject, addrLen, node, depth+1)
			}
		}
	}
}

// looksLikeLocation reports whether s is a cloud region or zone
// (eu-central-1, us-east-1a, us-gov-west-1, europe-west1, us-central1-b):
// resources whose id is their region (aws_iot_logging_options,
// account-level settings) do not make every ARN in that region a
// reference to them.
func looksLikeLocation(s string) bool {
	return mayBeLocation(s) && (awsLocation.MatchString(s) || gcpLocation.MatchString(s))
}

// mayBeLocation is a cheap test that one of the location patterns can
// match: both need lower-case letters, digits and hyphens only, and a digit.
func mayBeLocation(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z', c == '-':
		default:
			return false
		}
	}
	return digit
}

var (
	awsLocation = regexp.MustCompile(`^(af|ap|ca|cn|eu|il|me|mx|sa|us)(-gov|-iso[a-z]*)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}([a-z]|-[a-z]{3}-\d[a-z]?)?$`)
	gcpLocation = regexp.MustCompile(`^(africa|asia|australia|europe|me|northamerica|southamerica|us)-[a-z]+\d{1,2}(-[a-z])?$`)
)

// isRef reports whether s refers to a resource of the side.
func (r *sideRefs) isRef(s string) bool {
	if r == nil || len(s) < minRefLength/2 {
		return false
	}
	if r.exact[s] {
		return true
	}
	for _, g := range r.generated {
		if len(g) >= minRefLength && strings.Contains(s, g) {
			return true
		}
	}
	return false
}

// replace returns s with the side's references written {ref}: the whole
// value, generated names inside it, and identities that make up one segment
// of a path or URL ("integrations/abc123", an issuer URL ending in a pool id).
func (r *sideRefs) replace(s string) string {
	if r == nil || len(s) < minRefLength/2 {
		return s
	}
	if r.exact[s] {
		return "{ref}"
	}
	for _, g := range r.generated {
		if len(g) >= minRefLength && strings.Contains(s, g) {
			s = strings.ReplaceAll(s, g, "{ref}")
		}
	}
	for _, p := range r.projects {
		if strings.Contains(s, p) {
			s = replaceBounded(s, p)
		}
	}
	if len(r.exact) == 0 || !strings.ContainsAny(s, "/:@=") {
		return s
	}
	var b strings.Builder
	start, changed := 0, false
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !isSegmentSeparator(s[i]) {
			continue
		}
		seg := s[start:i]
		if len(seg) > minRefLength && r.exact[seg] {
			b.WriteString("{ref}")
			changed = true
		} else {
			b.WriteString(seg)
		}
		if i < len(s) {
			b.WriteByte(s[i])
		}
		start = i + 1
	}
	if !changed {
		return s
	}
	return b.String()
}

func isSegmentSeparator(c byte) bool {
	return c == '/' || c == ':' || c == '@' || c == '=' || c == '?' || c == '&' || c == '#' || c == ','
}

// replaceBounded writes {ref} for each occurrence of id in s that stands
// between separators ('/', '@', ':', '.' or either end), so that an id is
// not replaced inside a longer name.
//
// An id with a digit in it (a generated project id such as lumen-stg-4821)
// is distinctive enough to be replaced between hyphens too, as hosts and
// bucket names embed it: europe-west1-lumen-stg-4821.cloudfunctions.net,
// lumen-stg-4821-functions.
func replaceBounded(s, id string) string {
	hyphens := strings.ContainsAny(id, "0123456789")
	bound := func(c byte) bool { return c == '/' || c == '@' || c == ':' || c == '.' || hyphens && c == '-' }
	var b strings.Builder
	for {
		i := strings.Index(s, id)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(id)
		if (i == 0 || bound(s[i-1])) && (end == len(s) || bound(s[end])) {
			b.WriteString(s[:i])
			b.WriteString("{ref}")
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}
