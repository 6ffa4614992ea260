package tfinput

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"scalars", `[null, true, false, "s", 0, -1.5e+10, 12345678901234567890123]`, `[null,true,false,"s",0,-1.5e+10,12345678901234567890123]`},
		{"numbers keep their text", `[1.0, 1E2, -0, 0.000001]`, `[1.0,1E2,-0,0.000001]`},
		{"escapes", `"a\"b\\c\/d\b\f\n\r\t\u00e9"`, `"a\"b\\c/d\b\f\n\r\té"`},
		{"surrogate pair", `"\ud83d\ude00"`, `"😀"`},
		{"lone surrogates are replaced", `["\ud83d", "\ude00x", "\ud83d\u0041"]`, `["�","�x","�A"]`},
		{"raw UTF-8", `"héllo"`, `"héllo"`},
		{"unsorted keys", `{"m":1,"l":1,"k":1,"j":1,"i":1,"h":1,"g":1,"f":1,"e":1,"d":1,"c":1,"b":1,"a":1,"n":[{"y":1,"x":2}]}`, `{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":1,"n":[{"x":2,"y":1}]}`},
		{"same key in different objects", `[{"a":1},{"a":2,"b":{"a":3}}]`, `[{"a":1},{"a":2,"b":{"a":3}}]`},
		{"empty containers and whitespace", " \t\r\n{ \"a\" : [ ] , \"b\" : { } }\n", `{"a":[],"b":{}}`},
		{"byte order mark", "\xef\xbb\xbf{}", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := DecodeJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := render(v); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "line 1, column 1: unexpected end of JSON input"},
		{"trailing comma", "{\n  \"a\": 1,\n}", "line 3, column 1: invalid character '}' looking for beginning of object key string"},
		{"trailing data", `{} x`, "line 1, column 4: invalid character 'x' after top-level value"},
		{"leading zero", `01`, "line 1, column 2: invalid character '1' after top-level value"},
		{"bare minus", `-`, "unexpected end of JSON input"},
		{"bad fraction", `1.e5`, "invalid character 'e' after decimal point in numeric literal"},
		{"bad exponent", `1e+`, "unexpected end of JSON input"},
		{"bad literal", `[tru]`, "invalid character ']' in literal true (expecting 'e')"},
		{"bad escape", `"\x"`, `invalid character 'x' in string escape code`},
		{"bad unicode escape", `"\u12g4"`, `invalid character 'g' in \u hexadecimal character escape`},
		{"control character", "\"a\nb\"", "line 1, column 3: invalid character byte 0x0a in string literal"},
		{"unterminated string", `"abc`, "unexpected end of JSON input"},
		{"missing colon", `{"a" 1}`, "invalid character '1' after object key"},
		{"missing comma", `[1 2]`, "invalid character '2' after array element"},
		{"single quote", `{'a':1}`, `invalid character '\'' looking for beginning of object key string`},
		{"too deep", strings.Repeat("[", MaxJSONDepth+1), "line 1, column 1001: nested more than 1000 levels deep"},
		{"too deep in an object", strings.Repeat(`{"a":`, MaxJSONDepth+1), "line 1, column 5001: nested more than 1000 levels deep"},
		{"invalid UTF-8", "{\n \"a\": \"x\xffy\"}", "line 2, column 9: invalid UTF-8 byte 0xff in string (byte offset 10)"},
		{"invalid UTF-8 in a key", "{\"\xfe\": 1}", "line 1, column 3: invalid UTF-8 byte 0xfe in string (byte offset 2)"},
		{"UTF-8 encoded surrogate", "\"\xed\xa0\x80\"", "invalid UTF-8 byte 0xed"},
		{"truncated UTF-8 sequence", "\"\xc3\"", "invalid UTF-8 byte 0xc3"},
		{"duplicate key", "{\"b\":1,\"a\":2,\n\"b\":3}", `line 2, column 1: duplicate key "b" in object (first at line 1, column 2)`},
		{"duplicate key written with an escape", `{"a":1,"\u0061":2}`, `duplicate key "a" in object (first at line 1, column 2)`},
		{"duplicate key among many", `{"m":1,"l":1,"k":1,"j":1,"i":1,"h":1,"g":1,"f":1,"e":1,"d":1,"c":1,"b":1,"a":1,"q":1,"p":1,"o":1,"n":1,"a":2}`, `duplicate key "a" in object (first at line 1, column 74)`},
		{"duplicate sorted key", `{"a":1,"a":1}`, `line 1, column 8: duplicate key "a"`},
		{"duplicate in a nested object", `[{"x":{"k":1,"k":2}}]`, `line 1, column 14: duplicate key "k"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeJSON([]byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestDecodeJSONDepthLimit(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth)
	if _, err := DecodeJSON([]byte(in)); err != nil {
		t.Fatalf("depth %d: %v", MaxJSONDepth, err)
	}
}

func TestFromCty(t *testing.T) {
	t.Parallel()
	third, _, _ := big.ParseFloat("0.333333333333333333333333333333", 10, 512, big.ToNearestEven)
	tests := []struct {
		name string
		in   cty.Value
		want string
	}{
		{"big integer", cty.MustParseNumberVal("123456789012345678901234567890"), `123456789012345678901234567890`},
		{"decimal", cty.MustParseNumberVal("0.1"), `0.1`},
		{"long decimal", cty.NumberVal(third), `0.333333333333333333333333333333`},
		{"negative", cty.NumberIntVal(-7), `-7`},
		{"set", cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}), `<"a","b">`},
		{"tuple and list", cty.TupleVal([]cty.Value{cty.True, cty.ListValEmpty(cty.String)}), `[true,[]]`},
		{"map and object", cty.ObjectVal(map[string]cty.Value{"z": cty.MapVal(map[string]cty.Value{"k": cty.NullVal(cty.String)}), "a": cty.UnknownVal(cty.String)}), `{"a":?,"z":{"k":null}}`},
		{"sensitive mark", cty.ObjectVal(map[string]cty.Value{"p": cty.StringVal("x").Mark(sensitiveMark), "q": cty.ListVal([]cty.Value{cty.StringVal("y")}).Mark(sensitiveMark)}), `{"p":!"x","q":![!"y"]}`},
		{"unknown sensitive", cty.UnknownVal(cty.String).Mark(sensitiveMark), `!?`},
		{"dynamic null", cty.NullVal(cty.DynamicPseudoType), `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := FromCty(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := render(v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFromCtyDepthLimit(t *testing.T) {
	t.Parallel()
	deep := func(n int) cty.Value {
		v := cty.StringVal("leaf")
		for range n {
			v = cty.TupleVal([]cty.Value{v})
		}
		return v
	}
	if _, err := FromCty(deep(MaxJSONDepth)); err != nil {
		t.Errorf("depth %d: %v", MaxJSONDepth, err)
	}
	_, err := FromCty(deep(MaxJSONDepth + 1))
	if err == nil || !strings.Contains(err.Error(), "nested more than 1000 levels deep") {
		t.Errorf("depth %d: error %v, want the depth limit", MaxJSONDepth+1, err)
	}
}

func TestFromDocumentNotADocument(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{"instance_type":"t3.large"}`, `{"version": 2, "name": "app"}`, `[1]`, `"x"`} {
		v, err := DecodeJSON([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		rs, ok, err := FromDocument(v)
		if ok || err != nil || rs != nil {
			t.Errorf("%s: FromDocument = %v, %v, %v; want nil, false, nil", in, rs, ok, err)
		}
	}
}

// FuzzDecodeJSON checks DecodeJSON against encoding/json: every input
// encoding/json accepts (with UseNumber) decodes to the same value, numbers
// as the same exact text, unless it is one of the inputs parity refuses on
// purpose (duplicate keys, invalid UTF-8, nesting deeper than
// MaxJSONDepth), and every input encoding/json rejects is rejected too. A
// refusal always names its position.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{}`, `[1,2.5e-3,"a\u00e9\ud83d\ude00",true,false,null]`, `{"a":`, `[-0.0e+1]`, `"\ud800"`,
		`{"b":{"y":1,"x":[2,{"q":null}]},"a":"\u0000"}`, `12345678901234567890123456789.5e-400`,
		// Duplicate keys: sorted, unsorted, escaped, nested, many.
		`{"a":{"b":[{}]},"a":1}`, `{"b":1,"a":2,"b":3}`, `{"a":1,"\u0061":2}`, `[{"x":{"k":1,"k":2}}]`,
		`{"m":1,"l":1,"k":1,"j":1,"i":1,"h":1,"g":1,"f":1,"e":1,"d":1,"c":1,"b":1,"a":1,"q":1,"p":1,"o":1,"n":1,"a":2}`,
		// Invalid UTF-8 in values and keys, truncated and surrogate sequences.
		"\"\xff\"", "\"\xff\xfe\"", "{\"\xfe\":1}", "\"\xed\xa0\x80\"", "\"\xc3\"", "\"\xf4\x90\x80\x80\"",
		// Nesting at and over the limit.
		strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth),
		strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1),
		strings.Repeat(`{"a":`, MaxJSONDepth) + "1" + strings.Repeat("}", MaxJSONDepth),
		strings.Repeat(`[{"a":`, 600) + "1" + strings.Repeat("}]", 600),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeJSON(data)
		if err != nil && !positioned.MatchString(err.Error()) {
			t.Fatalf("error without position: %q", err)
		}
		body := data
		if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
			body = data[3:] // a byte order mark is accepted on purpose
		}
		want, refused := referenceDecode(body)
		switch {
		case want == nil && err == nil:
			t.Fatalf("encoding/json rejects %q, DecodeJSON accepts it", data)
		case want == nil:
			return
		case refused != "" && err == nil:
			t.Fatalf("DecodeJSON accepts %q, which has %s", data, refused)
		case refused != "":
			return
		case err != nil:
			t.Fatalf("encoding/json accepts %q, DecodeJSON: %v", data, err)
		}
		// A walk of its own: go-cmp takes minutes over values nested a
		// thousand levels deep.
		if at := firstDifference(*want, toAny(v), "$"); at != "" {
			t.Fatalf("DecodeJSON(%q) differs from encoding/json at %s", data, at)
		}
	})
}

var positioned = regexp.MustCompile(`^line \d+, column \d+: `)

// referenceDecode decodes data with encoding/json (UseNumber). It returns
// nil when encoding/json rejects data; otherwise the value, and in refused
// what parity refuses on purpose that encoding/json accepts, found with
// encoding/json's own tokenizer.
func referenceDecode(data []byte) (value *any, refused string) {
	if !json.Valid(data) {
		return nil, ""
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, ""
	}
	if !utf8.Valid(data) {
		return &v, "invalid UTF-8"
	}
	// Walk the tokens: nesting depth and duplicate keys.
	tok := json.NewDecoder(bytes.NewReader(data))
	tok.UseNumber()
	type frame struct {
		object    bool
		keys      map[string]bool
		expectKey bool
	}
	var stack []frame
	for {
		tk, err := tok.Token()
		if err != nil {
			break
		}
		if top := len(stack) - 1; top >= 0 && stack[top].object && tk != json.Delim('}') {
			if stack[top].expectKey {
				k := tk.(string)
				if stack[top].keys[k] {
					return &v, "a duplicate key"
				}
				stack[top].keys[k] = true
				stack[top].expectKey = false
				continue
			}
			stack[top].expectKey = true // this token starts the member's value
		}
		switch tk {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, keys: map[string]bool{}, expectKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > MaxJSONDepth {
			return &v, "nesting deeper than the limit"
		}
	}
	return &v, ""
}

// firstDifference returns the path of the first difference between two
// values decoded as encoding/json decodes them, or "".
func firstDifference(want, got any, at string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %d keys, got %#v", at, len(w), got)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s: key %q missing", at, k)
			}
			if d := firstDifference(wv, gv, at+"."+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %d elements, got %#v", at, len(w), got)
		}
		for i := range w {
			if d := firstDifference(w[i], g[i], fmt.Sprintf("%s[%d]", at, i)); d != "" {
				return d
			}
		}
		return ""
	}
	if want != got {
		return fmt.Sprintf("%s: want %#v, got %#v", at, want, got)
	}
	return ""
}

// toAny converts a decoded value to what encoding/json decodes with
// UseNumber, for comparison.
func toAny(v parity.Value) any {
	switch v.Kind() {
	case parity.KindNull:
		return nil
	case parity.KindBool:
		return v.BoolValue()
	case parity.KindNumber:
		return json.Number(v.Str())
	case parity.KindString:
		return v.Str()
	case parity.KindList:
		out := make([]any, v.Len())
		for i, e := range v.Elems() {
			out[i] = toAny(e)
		}
		return out
	case parity.KindObject:
		out := make(map[string]any, v.Len())
		for i, k := range v.Keys() {
			out[k] = toAny(v.Index(i))
		}
		return out
	}
	return fmt.Sprintf("unexpected %s", v.Kind())
}

// FuzzFromDocument feeds show -json states and plans through both readers
// (full decode and the pruned file path): no panic, non-empty errors, and
// the same resources.
func FuzzFromDocument(f *testing.F) {
	for _, name := range []string{"testdata/real/state.json", "testdata/real/plan.json", "testdata/aws/state.json", "testdata/aws/plan.json"} {
		f.Add(readSeed(f, name))
	}
	f.Add([]byte(`{"format_version":"1.0","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"x":1}}]}},"resource_changes":[{"address":"a.b","change":{"actions":["create"],"after_unknown":{"y":[true,{"z":true}]},"after_sensitive":{"x":true}}}]}`))
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a.b","values":{"x":[1]},"sensitive_values":{"x":[true,true]}}],"child_modules":[{"resources":null}]}}}`))
	for _, s := range hostileDocuments("format_version") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDocumentReaders(t, data)
	})
}

// hostileDocuments are seeds of the shapes the readers refuse on purpose,
// in kept and in skipped parts of a document: nesting at and over the
// limit, invalid UTF-8, duplicate keys; and old and future formats.
func hostileDocuments(kind string) [][]byte {
	envelope := func(values string) []byte {
		if kind == "version" {
			return []byte(`{"version":4,"serial":1,"lineage":"x","resources":[{"mode":"managed","type":"a","name":"b","instances":[{"attributes":` + values + `}]}]}`)
		}
		return []byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a.b","values":` + values + `,"sensitive_values":` + values + `}]}}}`)
	}
	deep := func(n int) string { return strings.Repeat(`{"a":[`, n/2) + "1" + strings.Repeat("]}", n/2) }
	out := [][]byte{
		envelope(`{"x":` + deep(MaxJSONDepth-10) + `}`),
		envelope(`{"x":` + deep(MaxJSONDepth+10) + `}`),
		envelope("{\"x\":\"\xff\xfe\"}"),
		envelope(`{"x":1,"x":2}`),
		envelope(`{"b":1,"a":{"k":1,"k":1}}`),
		[]byte("{\"format_version\":\"1.0\",\"configuration\":{\"x\":\"\xfe\",\"y\":1,\"y\":2},\"values\":{}}"),
		[]byte(`{"format_version":"0.1","terraform_version":"0.12.31","values":{"root_module":{"resources":[{"address":"a.b","values":{"x":1}}]}}}`),
		[]byte(`{"format_version":"0.2","planned_values":{"root_module":{}},"resource_changes":[{"address":"a.b","change":{"actions":["create"],"after_unknown":{"x":true}}}]}`),
		[]byte(`{"format_version":"2.0","values":{}}`),
		[]byte(`{"version":3,"serial":1,"lineage":"x","modules":[]}`),
	}
	return out
}

// FuzzRawState does the same for raw state files.
func FuzzRawState(f *testing.F) {
	for _, name := range []string{"testdata/real/raw.tfstate", "testdata/aws/raw.tfstate", "testdata/errors/flat.tfstate", "testdata/errors/v3.tfstate"} {
		f.Add(readSeed(f, name))
	}
	f.Add([]byte(`{"version":4,"serial":1,"resources":[{"mode":"managed","type":"a","name":"b","instances":[{"index_key":-1.5,"attributes":{"x":{"value":[1],"type":["list","number"]}},"sensitive_attributes":[[{"type":"get_attr","value":"x"},{"type":"index","value":{"value":7,"type":"number"}}]]}]}]}`))
	for _, s := range hostileDocuments("version") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDocumentReaders(t, data)
	})
}

func checkDocumentReaders(t *testing.T, data []byte) {
	pruned, errPruned := resourcesFromJSON("fuzz.json", data, false)
	if errPruned != nil && errPruned.Error() == "" {
		t.Fatal("empty error")
	}
	v, err := DecodeJSON(data)
	if err != nil {
		if errPruned == nil {
			t.Fatalf("DecodeJSON refuses the file (%v), the pruned reader accepts it", err)
		}
		return
	}
	full, ok, err := FromDocument(v)
	if err != nil && err.Error() == "" {
		t.Fatal("empty error")
	}
	if ok && (err == nil) == (errPruned == nil) && err == nil {
		if a, b := renderResources(full), renderResources(pruned); strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("pruned read differs:\nfull   %q\npruned %q", a, b)
		}
	}
}

func readSeed(f *testing.F, name string) []byte {
	data, err := readFile(name)
	if err != nil {
		f.Fatal(err)
	}
	return data
}
