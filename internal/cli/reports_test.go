package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/envparity/terraform-provider-parity/internal/estate"
	"github.com/envparity/terraform-provider-parity/internal/report"
)

// writeEstate writes the sample estate (304 findings in an environment
// with drift) with the given environments besides production.
func writeEstate(t *testing.T, services int, envs ...estate.Environment) string {
	t.Helper()
	dir := t.TempDir()
	if err := estate.Write(dir, services, envs); err != nil {
		t.Fatal(err)
	}
	return dir
}

var (
	devInParity  = estate.Environment{Name: "dev", Scale: 0.25}
	stagingDrift = estate.Environment{Name: "staging", Scale: 0.5, Drift: true}
	perfDrift    = estate.Environment{Name: "perf", Scale: 1, Drift: true}
)

func state(dir, env string) string  { return filepath.Join(dir, "states", env+".json") }
func config(dir, env string) string { return filepath.Join(dir, "envs", env) }

// validateSchema validates a document against a JSON schema file.
func validateSchema(t *testing.T, schemaFile, url string, doc []byte) {
	t.Helper()
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, parsed); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not validate: %v", url, err)
	}
}

// TestCheckEnvironmentsEveryFormat runs three environments against
// production and checks that every format shows the matrix.
func TestCheckEnvironmentsEveryFormat(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 4, devInParity, stagingDrift, perfDrift)
	out := t.TempDir()
	file := func(name string) string { return filepath.Join(out, name) }
	r := run(t, "check",
		"--env", "dev=0.25:"+state(dir, "dev"), "--env", "staging=1/2:"+state(dir, "staging"), "--env", "perf=100%:"+state(dir, "perf"),
		"--format", "text="+file("r.txt"), "--format", "json="+file("r.json"), "--format", "sarif="+file("r.sarif"),
		"--format", "junit="+file("r.xml"), "--format", "markdown="+file("r.md"), "--format", "github="+file("r.log"),
		state(dir, "production"))
	if r.code != exitDrift || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit %d, want 1 (drift in staging and perf)\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	read := func(name string) string {
		b, err := os.ReadFile(file(name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	text := read("r.txt")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^  dev +0\.25 +in parity +0 findings +\S*dev\.json$`),
		regexp.MustCompile(`(?m)^  staging +0\.5 +drift +\d+ config_drift`),
		regexp.MustCompile(`(?m)^  perf +1 +drift +\d+ config_drift`),
		regexp.MustCompile(`(?m)^Drift in 2 of 3 environments: `),
	} {
		if !want.MatchString(text) {
			t.Errorf("text report does not match %s:\n%s", want, text[:min(len(text), 2000)])
		}
	}

	var doc struct {
		InParity     bool `json:"in_parity"`
		Failed       bool `json:"failed"`
		Environments []struct {
			Name     string  `json:"name"`
			Source   string  `json:"source"`
			Ratio    float64 `json:"ratio"`
			InParity bool    `json:"in_parity"`
			Failed   bool    `json:"failed"`
			Findings int     `json:"findings"`
		} `json:"environments"`
		Findings []struct {
			Environment string `json:"environment"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(read("r.json")), &doc); err != nil {
		t.Fatal(err)
	}
	type row struct {
		name, source     string
		ratio            float64
		inParity, failed bool
	}
	var rows []row
	perEnv := map[string]int{}
	for _, e := range doc.Environments {
		rows = append(rows, row{e.Name, e.Source, e.Ratio, e.InParity, e.Failed})
		perEnv[e.Name] = e.Findings
	}
	wantRows := []row{
		{"dev", state(dir, "dev"), 0.25, true, false},
		{"staging", state(dir, "staging"), 0.5, false, true},
		{"perf", state(dir, "perf"), 1, false, true},
	}
	if diff := cmp.Diff(wantRows, rows, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("json environments (-want +got):\n%s", diff)
	}
	if doc.InParity || !doc.Failed {
		t.Errorf("json: in_parity %v, failed %v; want false, true overall", doc.InParity, doc.Failed)
	}
	counted := map[string]int{}
	for _, f := range doc.Findings {
		counted[f.Environment]++
	}
	if diff := cmp.Diff(map[string]int{"staging": perEnv["staging"], "perf": perEnv["perf"]}, counted); diff != "" || counted["staging"] == 0 {
		t.Errorf("json findings per environment (-matrix +findings):\n%s", diff)
	}
	validateSchema(t, "../report/report.schema.json", "https://github.com/envparity/terraform-provider-parity/internal/report/report.schema.json", []byte(read("r.json")))

	sarifDoc := read("r.sarif")
	validateSchema(t, "../report/testdata/sarif-schema-2.1.0.json", report.SARIFSchemaURI, []byte(sarifDoc))
	var sarif struct {
		Runs []struct {
			Properties struct {
				Environments []struct {
					Name     string `json:"name"`
					InParity bool   `json:"inParity"`
				} `json:"environments"`
			} `json:"properties"`
			Results []struct {
				Message    struct{ Text string }        `json:"message"`
				Properties struct{ Environment string } `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(sarifDoc), &sarif); err != nil {
		t.Fatal(err)
	}
	if n := len(sarif.Runs[0].Properties.Environments); n != 3 {
		t.Errorf("sarif run properties hold %d environments, want 3", n)
	}
	for _, res := range sarif.Runs[0].Results {
		env := res.Properties.Environment
		if (env != "staging" && env != "perf") || !strings.HasPrefix(res.Message.Text, "["+env+"] ") {
			t.Errorf("sarif result of environment %q says %q", env, res.Message.Text)
			break
		}
	}

	var junit struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(read("r.xml")), &junit); err != nil {
		t.Fatal(err)
	}
	var suites []string
	for _, s := range junit.Suites {
		suites = append(suites, s.Name)
		if (s.Name == "dev") != (s.Failures == 0) {
			t.Errorf("junit suite %s has %d failures", s.Name, s.Failures)
		}
	}
	if diff := cmp.Diff([]string{"dev", "staging", "perf"}, suites); diff != "" {
		t.Errorf("junit suites (-want +got):\n%s", diff)
	}

	md := read("r.md")
	for _, want := range []string{
		"| Environment | Ratio | Result | Findings | Source |",
		"| dev | 0.25 | in parity | 0 findings |",
		"| staging | 0.5 | **drift** |",
		"| perf | 1 | **drift** |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}

	annotations := read("r.log")
	lines := strings.Split(strings.TrimSuffix(annotations, "\n"), "\n")
	if !strings.Contains(lines[0], "%0Adev (ratio 0.25): in parity, 0 findings%0Astaging (ratio 0.5): drift") {
		t.Errorf("the github summary notice does not show the matrix: %s", lines[0])
	}
	if len(lines)-1 != len(doc.Findings) {
		t.Errorf("%d annotations, want one per finding (%d)", len(lines)-1, len(doc.Findings))
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "title=[staging] ") && !strings.Contains(l, "title=[perf] ") {
			t.Errorf("annotation names no environment: %s", l)
			break
		}
	}
}

func TestCheckEnvironmentsExitCodes(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 2, devInParity, stagingDrift, estate.Environment{Name: "perf", Scale: 1})
	prod := state(dir, "production")
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"every environment in parity", []string{"--env", "dev=0.25:" + state(dir, "dev"), "--env", "perf=1:" + state(dir, "perf")}, exitOK},
		{"drift in one of three", []string{"--env", "dev=0.25:" + state(dir, "dev"), "--env", "staging=0.5:" + state(dir, "staging"), "--env", "perf=1:" + state(dir, "perf")}, exitDrift},
		{"drift under fail-on never", []string{"--fail-on", "never", "--env", "staging=0.5:" + state(dir, "staging")}, exitOK},
		{"an environment at another ratio than its sizes", []string{"--env", "dev=0.5:" + state(dir, "dev")}, exitDrift},
		{"the classic pair is unchanged", []string{"--ratio", "0.25", "--env-tokens", "staging=dev", state(dir, "dev")}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, append(append([]string{"check", "--quiet"}, tc.args...), prod)...)
			if r.code != tc.want {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}

func TestCheckEnvUsageErrors(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 1, devInParity)
	dev, prod := state(dir, "dev"), state(dir, "production")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no ratio", []string{"--env", "dev=" + dev, prod}, `no ratio: want NAME=RATIO:PATH`},
		{"no path", []string{"--env", "dev=0.5:", prod}, `no path: want NAME=RATIO:PATH`},
		{"no name", []string{"--env", dev, prod}, `want NAME=RATIO:PATH`},
		{"a name that is no word", []string{"--env", "my env=0.5:" + dev, prod}, `environment name "my env": use letters, digits`},
		{"production as an --env", []string{"--env", "production=1:" + dev, prod}, `production is the last argument`},
		{"an environment twice", []string{"--env", "dev=0.5:" + dev, "--env", "DEV=0.25:" + dev, prod}, `environment dev is given twice`},
		{"a ratio out of range", []string{"--env", "dev=0:" + dev, prod}, `dev=0:`},
		{"a ratio that is no number", []string{"--env", "dev=half:" + dev, prod}, `dev=half:`},
		{"two positionals with --env", []string{"--env", "dev=0.25:" + dev, dev, prod}, `with --env, want PRODUCTION only, got 2 arguments`},
		{"--ratio with --env", []string{"--ratio", "0.5", "--env", "dev=0.25:" + dev, prod}, `--ratio is for STAGING PRODUCTION`},
		{"standard input twice", []string{"--env", "dev=0.25:-", "--env", "qa=0.5:/dev/stdin", prod}, `- and /dev/stdin both name standard input`},
		{"a config dir for no side", []string{"--config-dir", "qa=" + dir, "--env", "dev=0.25:" + dev, prod}, `--config-dir qa=` + dir + `: no side is named qa: use one of dev, production`},
		{"two config dirs for every side", []string{"--config-dir", dir, "--config-dir", dir, dev, prod}, `a directory for every side is given already`},
		{"a config dir named twice", []string{"--config-dir", "staging=" + dir, "--config-dir", "staging=" + dir, dev, prod}, `staging has a configuration directory already`},
		{"group-by something else", []string{"--group-by", "kind", dev, prod}, `"kind" is not attribute or resource`},
		{"max-bytes negative", []string{"--max-bytes", "-5", dev, prod}, `is not a number of bytes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, append([]string{"check"}, tc.args...)...)
			if r.code != exitError || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "Usage: parity check") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2, the usage and %q", r.code, r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
		})
	}
}

// TestCheckEnvironmentsNeverOverwriteInputs: every environment's input,
// and the configuration read for locations, are inputs no report may
// replace; reports are written all or none.
func TestCheckEnvironmentsNeverOverwriteInputs(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 1, devInParity, stagingDrift)
	module := filepath.Join(dir, "modules", "service", "main.tf")
	for _, tc := range []struct {
		name   string
		target string
		want   string
	}{
		{"an environment's input", state(dir, "dev"), "is the dev input"},
		{"a configuration file", filepath.Join(config(dir, "staging"), "main.tf"), "is the configuration file of the staging side"},
		{"a module's file", module, "is the configuration file read for locations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before, err := os.ReadFile(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			other := filepath.Join(t.TempDir(), "other.json")
			r := run(t, "check", "--env", "dev=0.25:"+state(dir, "dev"), "--env", "staging=0.5:"+state(dir, "staging"),
				"--config-dir", "staging="+config(dir, "staging"),
				"--format", "json="+other, "--format", "markdown="+tc.target, state(dir, "production"))
			if r.code != exitError || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tc.want)
			}
			after, _ := os.ReadFile(tc.target)
			if !bytes.Equal(before, after) {
				t.Errorf("%s was overwritten", tc.target)
			}
			if _, err := os.Stat(other); !os.IsNotExist(err) {
				t.Errorf("the other report was written: %v", err)
			}
		})
	}
}

// TestCheckConfigDirLocations: a state input and its configuration
// directory give SARIF, github and text locations on the declaring lines.
func TestCheckConfigDirLocations(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, estate.Services, stagingDrift)
	out := t.TempDir()
	sarifFile := filepath.Join(out, "parity.sarif")
	r := run(t, "check", "--ratio", "0.5",
		"--config-dir", "staging="+config(dir, "staging"), "--config-dir", "production="+config(dir, "production"),
		"--format", "sarif="+sarifFile, "--format", "github",
		state(dir, "staging"), state(dir, "production"))
	if r.code != exitDrift || r.stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	raw, err := os.ReadFile(sarifFile)
	if err != nil {
		t.Fatal(err)
	}
	validateSchema(t, "../report/testdata/sarif-schema-2.1.0.json", report.SARIFSchemaURI, raw)
	var sarif struct {
		Runs []struct {
			Results []struct {
				Properties struct {
					Path         string `json:"path"`
					ResourceType string `json:"resourceType"`
				} `json:"properties"`
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(raw, &sarif); err != nil {
		t.Fatal(err)
	}
	results := sarif.Runs[0].Results
	if len(results) != estate.Findings {
		t.Fatalf("%d results, want %d", len(results), estate.Findings)
	}
	// The lines of the attributes in the service module (see package
	// estate), or of the resource block for whole resources.
	wantLine := map[string]int{
		"aws_instance instance_type": 28, "aws_instance monitoring": 29, "aws_instance tags.CostCenter": 30,
		"aws_db_instance engine_version": 39, "aws_db_instance instance_class": 40, "aws_db_instance tags.CostCenter": 41,
		"aws_security_group ingress[0].cidr_blocks[0]": 49, "aws_security_group ingress[1].cidr_blocks[0]": 49,
		"aws_cloudwatch_metric_alarm threshold": 72, "aws_wafv2_web_acl_association ": 80,
	}
	moduleURI := "file://" + filepath.ToSlash(filepath.Join(dir, "modules", "service", "main.tf"))
	for _, res := range results {
		pl := res.Locations[0].PhysicalLocation
		if pl == nil {
			t.Errorf("result at %q has no physical location", res.Properties.Path)
			continue
		}
		key := res.Properties.ResourceType + " " + res.Properties.Path
		if pl.ArtifactLocation.URI != moduleURI || pl.Region.StartLine != wantLine[key] {
			t.Errorf("result at %q: %s:%d, want %s:%d", key, pl.ArtifactLocation.URI, pl.Region.StartLine, moduleURI, wantLine[key])
		}
	}
	annotated := regexp.MustCompile(`(?m)^::error file=` + regexp.QuoteMeta(filepath.ToSlash(filepath.Join(dir, "modules", "service", "main.tf"))) + `,line=\d+,col=\d+,title=`)
	if n := len(annotated.FindAllString(r.stdout, -1)); n != estate.Findings {
		t.Errorf("%d annotations on the module's lines, want %d", n, estate.Findings)
	}
}

// TestCheckConfigDirFound: a plan or state written next to the .tf files
// it came from needs no --config-dir.
func TestCheckConfigDirFound(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 2, stagingDrift)
	for _, env := range []string{"staging", "production"} {
		if err := os.Rename(state(dir, env), filepath.Join(config(dir, env), env+".json")); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, "check", "--ratio", "0.5", "--format", "json",
		filepath.Join(config(dir, "staging"), "staging.json"), filepath.Join(config(dir, "production"), "production.json"))
	if r.code != exitDrift || r.stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	var doc struct {
		Findings []struct {
			Location *struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	module := filepath.Join(dir, "modules", "service", "main.tf")
	for _, f := range doc.Findings {
		if f.Location == nil || f.Location.File != module || f.Location.Line == 0 {
			t.Errorf("finding located at %+v, want a line of %s", f.Location, module)
		}
	}
}

func TestCheckConfigDirErrors(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 1, stagingDrift)
	broken := filepath.Join(dir, "modules", "service", "broken.tf")
	if err := os.WriteFile(broken, []byte("resource \"a\" \"b\" {\n  x = \n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Named on the command line: the check stops, naming the file and line.
	r := run(t, "check", "--ratio", "0.5", "--config-dir", config(dir, "staging"), state(dir, "staging"), state(dir, "production"))
	if r.code != exitError || !strings.Contains(r.stderr, broken+":2:") || r.stdout != "" {
		t.Errorf("explicit broken configuration: exit %d, stderr:\n%s\nwant exit 2 naming %s:2", r.code, r.stderr, broken)
	}
	// Found on its own: a note, and the check goes on without locations.
	for _, env := range []string{"staging", "production"} {
		if err := os.Rename(state(dir, env), filepath.Join(config(dir, env), env+".json")); err != nil {
			t.Fatal(err)
		}
	}
	r = run(t, "check", "--ratio", "0.5", "--quiet",
		filepath.Join(config(dir, "staging"), "staging.json"), filepath.Join(config(dir, "production"), "production.json"))
	if r.code != exitDrift || !strings.Contains(r.stderr, "parity: note: no source locations for") || !strings.Contains(r.stderr, broken+":2:") {
		t.Errorf("found broken configuration: exit %d, stderr:\n%s\nwant exit 1 and a note", r.code, r.stderr)
	}
	// A directory that declares none of the resources says so.
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "main.tf"), []byte("resource \"x\" \"y\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "check", "--ratio", "0.5", "--quiet", "--config-dir", "staging="+empty,
		filepath.Join(config(dir, "staging"), "staging.json"), filepath.Join(config(dir, "production"), "production.json"))
	if !strings.Contains(r.stderr, "--config-dir "+empty+" declares none of the") {
		t.Errorf("stderr:\n%s\nwant a note that the directory declares none of the resources", r.stderr)
	}
}

func TestCheckReportLayoutFlags(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, estate.Services, stagingDrift)
	staging, prod := state(dir, "staging"), state(dir, "production")

	full := run(t, "check", "--ratio", "0.5", staging, prod)
	quiet := run(t, "check", "--ratio", "0.5", "-q", staging, prod)
	if quiet.code != exitDrift || !strings.HasPrefix(full.stdout, quiet.stdout) || strings.Count(quiet.stdout, "\n") > 15 {
		t.Errorf("--quiet: exit %d, want 1 and the first lines of the full report:\n%s", quiet.code, quiet.stdout)
	}
	byResource := run(t, "check", "--ratio", "0.5", "--group-by", "resource", staging, prod)
	if !strings.Contains(byResource.stdout, "\nmodule.svc[\"billing\"].aws_db_instance.main\n  KIND  ") ||
		!strings.Contains(full.stdout, "\nmonitoring (72 findings in 72 resources)\n  KIND  ") {
		t.Errorf("--group-by resource does not group by resource, or the default by attribute")
	}

	for _, tc := range []struct {
		maxBytes string
		limit    int
		cut      bool
	}{
		{"", report.DefaultMarkdownMaxBytes, true},
		{"5000", 5000, true},
		{"0", 1 << 30, false},
	} {
		args := []string{"check", "--ratio", "0.5", "--format", "markdown"}
		if tc.maxBytes != "" {
			args = append(args, "--max-bytes", tc.maxBytes)
		}
		r := run(t, append(args, staging, prod)...)
		if r.code != exitDrift || len(r.stdout) > tc.limit || strings.Contains(r.stdout, "more findings**") != tc.cut {
			t.Errorf("--max-bytes %q: exit %d, %d bytes, cut %v; want at most %d bytes, cut %v",
				tc.maxBytes, r.code, len(r.stdout), !tc.cut, tc.limit, tc.cut)
		}
	}
	r := run(t, "check", "--ratio", "0.5", "--format", "markdown", "--max-bytes", "100", staging, prod)
	if r.code != exitError || !strings.Contains(r.stderr, "a markdown report needs at least") || r.stdout != "" {
		t.Errorf("--max-bytes 100: exit %d, stderr %s", r.code, r.stderr)
	}
}

// TestCheckEnvFromStandardInput: an environment may be read from standard
// input, as a side may.
func TestCheckEnvFromStandardInput(t *testing.T) {
	t.Parallel()
	dir := writeEstate(t, 2, devInParity, stagingDrift)
	doc, err := os.ReadFile(state(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	c := &command{ctx: context.Background(), version: "test", stdin: bytes.NewReader(doc), stdout: &stdout, stderr: &stderr,
		getenv: func(string) string { return "" }}
	code := c.run([]string{"check", "--format", "json", "--env", "dev=0.25:" + state(dir, "dev"), "--env", "staging=0.5:-", state(dir, "production")})
	if code != exitDrift {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	var rep struct {
		Environments []struct {
			Name     string `json:"name"`
			Source   string `json:"source"`
			InParity bool   `json:"in_parity"`
		} `json:"environments"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Environments) != 2 || rep.Environments[1].Source != "-" || rep.Environments[1].InParity || !rep.Environments[0].InParity {
		t.Errorf("environments %+v, want dev in parity and staging, read from -, drifting", rep.Environments)
	}
}
