package parity

import (
	"encoding/json"
	"strings"

	"sigs.k8s.io/yaml"
)

// Documents inside values: IAM policies, assume-role policies, ECS container
// definitions and the like are JSON written into a string attribute. They
// are compared as the structures they are (key order, whitespace and a
// single element written without its list do not matter), with the
// identities inside them normalised like identity elsewhere, and a change is
// reported at its path inside the document: assume_role_policy.Statement.
// Condition.StringEquals["aws:SourceAccount"].

// documentValue decodes a string attribute that holds a JSON object or array;
// ok is false for any other string. Documents are small (AWS caps policies
// at a few kilobytes), so encoding/json is enough here.
// mayBeDocument is documentValue's first test, cheap: a JSON document is
// braced or bracketed, a YAML one spans lines.
func mayBeDocument(s string) bool {
	t := strings.TrimSpace(s)
	if len(t) < 2 {
		return false
	}
	if (t[0] == '{' && t[len(t)-1] == '}') || (t[0] == '[' && t[len(t)-1] == ']') {
		return true
	}
	return strings.Contains(t, "\n") && strings.Contains(t, ":")
}

func documentValue(s string) (Value, bool) {
	t := strings.TrimSpace(s)
	if len(t) < 2 {
		return Value{}, false
	}
	if (t[0] != '{' || t[len(t)-1] != '}') && (t[0] != '[' || t[len(t)-1] != ']') {
		return yamlDocument(t)
	}
	return jsonDocument(t)
}

// maxYAMLDocument bounds the YAML documents parsed inside values.
const maxYAMLDocument = 1 << 20

// yamlDocument decodes a multi-line YAML mapping (a config map's
// application.yaml, Helm values). A YAML scalar is not a document: a shell
// script or a sentence parses as one string and stays text.
func yamlDocument(t string) (Value, bool) {
	if len(t) > maxYAMLDocument || !strings.Contains(t, "\n") || !strings.Contains(t, ":") {
		return Value{}, false
	}
	j, err := yaml.YAMLToJSON([]byte(t))
	if err != nil || len(j) == 0 || j[0] != '{' {
		return Value{}, false
	}
	return jsonDocument(string(j))
}

func jsonDocument(t string) (Value, bool) {
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil || dec.More() {
		return Value{}, false
	}
	v, ok := valueOfJSON(x, 0)
	if !ok || (v.kind != KindObject && v.kind != KindList) {
		return Value{}, false
	}
	return normalizeDocument(v), true
}

// maxDocumentDepth bounds the nesting of documents inside values; deeper
// strings are compared as text.
const maxDocumentDepth = 64

func valueOfJSON(x any, depth int) (Value, bool) {
	if depth > maxDocumentDepth {
		return Value{}, false
	}
	switch t := x.(type) {
	case nil:
		return Null(), true
	case bool:
		return Bool(t), true
	case json.Number:
		return Number(string(t)), true
	case string:
		return String(t), true
	case []any:
		items := make([]Value, len(t))
		for i, e := range t {
			v, ok := valueOfJSON(e, depth+1)
			if !ok {
				return Value{}, false
			}
			items[i] = v
		}
		return List(items...), true
	case map[string]any:
		fields := make(map[string]Value, len(t))
		for k, e := range t {
			v, ok := valueOfJSON(e, depth+1)
			if !ok {
				return Value{}, false
			}
			fields[k] = v
		}
		return Object(fields), true
	}
	return Value{}, false
}

// normalizeDocument rewrites a decoded document so that equal meaning is
// equal structure: a list of one element is the element (IAM accepts both
// "Action": "s3:GetObject" and ["s3:GetObject"]), and identities in keys and
// values are normalised.
func normalizeDocument(v Value) Value {
	switch v.kind {
	case KindString:
		v.text = normalizeIdentityText(v.text)
	case KindList:
		if len(v.list()) == 1 {
			return normalizeDocument(v.list()[0])
		}
		items := make([]Value, len(v.list()))
		for i, it := range v.list() {
			items[i] = normalizeDocument(it)
		}
		return List(items...)
	case KindObject:
		fields := make(map[string]Value, len(v.list()))
		for i, k := range v.names() {
			fields[normalizeIdentityText(k)] = normalizeDocument(v.list()[i])
		}
		return Object(fields)
	}
	return v
}

// orderedDocumentKeys are the keys of lists inside documents whose order is
// configuration (a container's command line); every other list inside a
// document is compared as a set, as IAM treats its lists.
var orderedDocumentKeys = map[string]bool{"command": true, "entryPoint": true, "args": true}

// documentClass is the class of every path inside a document.
var documentClass = classification{kind: clsConfig, rule: "config (inside a JSON document)"}

// compareDocuments compares two decoded documents under the current path.
func (w *walker) compareDocuments(sd, pd Value) {
	w.inDocument++
	defer func() { w.inDocument-- }()
	if sd.kind != pd.kind {
		w.drift(sd, pd, documentClass, "")
		return
	}
	// Paths inside a document are classified like nested attributes
	// (container_definitions[0].memory is a size), lists by the document's
	// own rules (see walker.listPlan).
	switch sd.kind {
	case KindObject:
		w.walkChildren(sd, pd, nil, nil)
	case KindList:
		w.compareLists(sd, pd, nil, nil, documentClass)
	}
}
