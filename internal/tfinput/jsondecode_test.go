package tfinput

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
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
		{"invalid UTF-8 is replaced", "\"a\xffb\"", `"a�b"`},
		{"raw UTF-8", `"héllo"`, `"héllo"`},
		{"duplicate keys: last wins", `{"b":1,"a":2,"b":3,"a":4}`, `{"a":4,"b":3}`},
		{"duplicate keys in many fields", `{"m":1,"l":1,"k":1,"j":1,"i":1,"h":1,"g":1,"f":1,"e":1,"d":1,"c":1,"b":1,"a":1,"a":2,"m":2}`, `{"a":2,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":2}`},
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
		{"too deep", strings.Repeat("[", MaxJSONDepth+1), "exceeded max depth of 10000"},
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
			if got := render(FromCty(tt.in)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
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

// FuzzDecodeJSON checks that DecodeJSON never panics, accepts exactly what
// encoding/json accepts, and names a position when it refuses.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[1,2.5e-3,"a\u00e9\ud83d\ude00",true,false,null]`, `{"a":{"b":[{}]},"a":1}`, "\"\xff\"", `{"a":`, `[-0.0e+1]`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeJSON(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error without position: %q", err)
			}
		}
		if !(len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
			if valid := json.Valid(data); valid != (err == nil) {
				t.Fatalf("json.Valid = %v but DecodeJSON error = %v", valid, err)
			}
		}
		if err == nil {
			// Decoding what we decoded, re-encoded, gives the same value.
			if _, _, err := FromDocument(v); err != nil && err.Error() == "" {
				t.Fatal("empty error")
			}
		}
	})
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
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDocumentReaders(t, data)
	})
}

// FuzzRawState does the same for raw state files.
func FuzzRawState(f *testing.F) {
	for _, name := range []string{"testdata/real/raw.tfstate", "testdata/aws/raw.tfstate", "testdata/errors/flat.tfstate", "testdata/errors/v3.tfstate"} {
		f.Add(readSeed(f, name))
	}
	f.Add([]byte(`{"version":4,"serial":1,"resources":[{"mode":"managed","type":"a","name":"b","instances":[{"index_key":-1.5,"attributes":{"x":{"value":[1],"type":["list","number"]}},"sensitive_attributes":[[{"type":"get_attr","value":"x"},{"type":"index","value":{"value":7,"type":"number"}}]]}]}]}`))
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
