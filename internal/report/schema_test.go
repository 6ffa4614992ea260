package report

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// compileSchema compiles a schema document under its own URL, asserting
// formats (uri, uri-reference…) as well as structure.
func compileSchema(t *testing.T, url string, doc []byte) *jsonschema.Schema {
	t.Helper()
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("parse schema %s: %v", url, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, parsed); err != nil {
		t.Fatalf("add schema %s: %v", url, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile schema %s: %v", url, err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("output does not conform to its schema: %v\n%s", err, out)
	}
}

// schemaReports are the reports every schema test validates: the sample,
// one in parity, an empty one, a settings-object one with a kind this
// package does not know, and the engine's reports behind the golden files.
func schemaReports(t *testing.T) map[string]*parity.Report {
	t.Helper()
	reports := map[string]*parity.Report{
		"sample": sampleReport(),
		"parity": parityReport(),
		"empty":  {},
		"new kind": {Findings: []parity.Finding{{
			Kind: "size_something_new", Path: "x", Staging: "1", Production: "2",
			Location: &parity.Location{File: `C:\infra\main.tf`, Line: 0},
		}}},
	}
	for _, c := range engineCases {
		reports["engine "+c.name], _ = engineReport(t, c)
	}
	return reports
}

func TestJSONConformsToSchema(t *testing.T) {
	t.Parallel()
	s := compileSchema(t, "https://github.com/envparity/terraform-provider-parity/internal/report/report.schema.json", JSONSchema)
	for name, rep := range schemaReports(t) {
		for _, failOn := range []string{FailOnDrift, FailOnUnknown, FailOnNever} {
			t.Run(name+"/"+failOn, func(t *testing.T) {
				t.Parallel()
				validate(t, s, render(t, FormatJSON, rep, Meta{FailOn: failOn}))
			})
		}
	}
}

func TestJSONSchemaFileIsEmbedded(t *testing.T) {
	t.Parallel()
	onDisk, err := os.ReadFile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, JSONSchema) {
		t.Error("JSONSchema differs from report.schema.json")
	}
}

func TestSARIFConformsToPublishedSchema(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	s := compileSchema(t, SARIFSchemaURI, doc)
	for name, rep := range schemaReports(t) {
		for _, failOn := range []string{FailOnDrift, FailOnUnknown, FailOnNever} {
			t.Run(name+"/"+failOn, func(t *testing.T) {
				t.Parallel()
				validate(t, s, render(t, FormatSARIF, rep, Meta{FailOn: failOn}))
			})
		}
	}
}

// TestSchemasRejectBrokenDocuments guards the tests above: a validator that
// accepts anything would make them pass vacuously.
func TestSchemasRejectBrokenDocuments(t *testing.T) {
	t.Parallel()
	sarifDoc, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	sarif := compileSchema(t, SARIFSchemaURI, sarifDoc)
	report := compileSchema(t, "https://github.com/envparity/terraform-provider-parity/internal/report/report.schema.json", JSONSchema)
	for _, tc := range []struct {
		name   string
		schema *jsonschema.Schema
		format Format
		from   string
		to     string
	}{
		{"sarif bad level", sarif, FormatSARIF, `"level": "error"`, `"level": "fatal"`},
		{"sarif bad version", sarif, FormatSARIF, `"version": "2.1.0"`, `"version": "2.2"`},
		{"sarif bad line", sarif, FormatSARIF, `"startLine": 12`, `"startLine": 0`},
		{"json null findings", report, FormatJSON, `"findings": [`, `"findings": null, "x": [`},
		{"json missing kind", report, FormatJSON, `"kind": "config_drift",`, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := render(t, tc.format, sampleReport(), sampleMeta)
			if !strings.Contains(out, tc.from) {
				t.Fatalf("output lacks %q", tc.from)
			}
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(out, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.schema.Validate(inst); err == nil {
				t.Error("schema accepted a broken document")
			}
		})
	}
}
