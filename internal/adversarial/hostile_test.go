package adversarial

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/envparity/terraform-provider-parity/internal/provider"
	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// hostileCase is one hostile input given to the CLI: it must be refused
// with exit code 2 and a message naming the file at fault, within the time
// and memory bounds, and every input must be byte-identical afterwards.
type hostileCase struct {
	name  string
	args  []string // after "check"; paths are absolute
	stdin []byte
	want  string // in stderr: names the file
}

func TestHostileInputsAreRefusedWithinBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stgJSON := writeFile(t, dir, "staging.json", state(`{"instance_type":"t3.large","monitoring":true}`))
	prodJSON := writeFile(t, dir, "production.json", state(`{"instance_type":"t3.xlarge","monitoring":true}`))
	rules := writeFile(t, dir, "parity.hcl", []byte("ratio = 0.5\n"))
	tfDir := filepath.Join(dir, "config")
	mainTF := writeFile(t, tfDir, "main.tf", []byte("variable \"size\" {}\nresource \"aws_instance\" \"web\" {\n  instance_type = var.size\n}\n"))
	vars := writeFile(t, dir, "vars.tfvars", []byte("size = \"t3.large\"\n"))

	fifo := mkfifo(t, dir, "fifo.json")
	endless := endlessFIFO(t, dir, "endless.json")
	fifoHCL := mkfifo(t, dir, "fifo.hcl")
	fifoVars := endlessFIFO(t, dir, "endless.tfvars")

	// A file over the 512 MiB document cap: sparse, so it costs no disk.
	huge := filepath.Join(dir, "huge.json")
	if f, err := os.Create(huge); err != nil {
		t.Fatal(err)
	} else {
		f.Close()
	}
	if err := os.Truncate(huge, 600<<20); err != nil {
		t.Fatal(err)
	}
	// A real document just over a cap set with --max-input-size.
	bigDoc := writeFile(t, dir, "big.json", state(`{"blob":"`+strings.Repeat("x", 2<<20)+`"}`))

	deep := func(name string, depth int) string {
		return writeFile(t, dir, name, state(strings.Repeat(`{"a":`, depth)+"1"+strings.Repeat("}", depth)))
	}
	deep4k := deep("deep-4000.json", 4000)
	deep100k := deep("deep-100000.json", 100000)
	deepList := writeFile(t, dir, "deep-list.json", state(`{"l":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"}"))
	deepTFDir := filepath.Join(dir, "deep-config")
	writeFile(t, deepTFDir, "main.tf", []byte("resource \"aws_instance\" \"web\" {\n  x = "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n}\n"))
	deepRules := writeFile(t, dir, "deep.hcl", []byte("ratio = "+strings.Repeat("(", 100000)+"0.5"+strings.Repeat(")", 100000)+"\n"))
	badUTF8 := writeFile(t, dir, "utf8.json", state("{\"name\":\"web-\xff\xfe\"}"))
	dupKey := writeFile(t, dir, "dup.json", state(`{"instance_type":"t3.large","instance_type":"t3.nano"}`))

	inputs := takeSnapshot(t, stgJSON, prodJSON, rules, mainTF, vars, bigDoc, deep4k, badUTF8, dupKey)

	cases := []hostileCase{
		{"/dev/zero as the staging side", []string{"/dev/zero", prodJSON}, nil, "parity: /dev/zero: not a regular file (a character device)"},
		{"/dev/zero as the production side", []string{stgJSON, "/dev/zero"}, nil, "parity: /dev/zero: not a regular file (a character device)"},
		{"a FIFO without a writer as a side", []string{fifo, prodJSON}, nil, "parity: " + fifo + ": not a regular file (a named pipe)"},
		{"an endless FIFO as a side", []string{stgJSON, endless}, nil, "parity: " + endless + ": not a regular file (a named pipe)"},
		{"/dev/zero as --rules", []string{"--rules", "/dev/zero", stgJSON, prodJSON}, nil, "parity: /dev/zero: not a regular file (a character device)"},
		{"a FIFO as --rules", []string{"--rules", fifoHCL, stgJSON, prodJSON}, nil, "parity: " + fifoHCL + ": not a regular file (a named pipe)"},
		{"/dev/zero as --var-file", []string{"--var-file", "/dev/zero", tfDir, tfDir}, nil, "parity: " + tfDir + ": /dev/zero: not a regular file (a character device)"},
		{"an endless FIFO as --var-file", []string{"--var-file", fifoVars, tfDir, tfDir}, nil, "parity: " + tfDir + ": " + fifoVars + ": not a regular file (a named pipe)"},
		{"an endless standard input", []string{"--max-input-size", "8MiB", "-", prodJSON}, make([]byte, 9<<20), "parity: -: more than 8MiB is larger than the document limit of 8MiB"},
		{"a file over the default cap", []string{huge, prodJSON}, nil, "parity: " + huge + ": 600MiB is larger than the document limit of 512MiB; raise the limit with --max-input-size"},
		{"a file over --max-input-size", []string{"--max-input-size", "1MiB", bigDoc, prodJSON}, nil, "parity: " + bigDoc + ": "},
		{"objects nested 4,000 deep", []string{deep4k, prodJSON}, nil, "parity: " + deep4k + ": line 1, column "},
		{"objects nested 100,000 deep", []string{stgJSON, deep100k}, nil, "parity: " + deep100k + ": line 1, column "},
		{"lists nested 100,000 deep", []string{deepList, prodJSON}, nil, "parity: " + deepList + ": line 1, column "},
		{"HCL nested 100,000 deep", []string{deepTFDir, tfDir}, nil, "parity: " + filepath.Join(deepTFDir, "main.tf") + ": line 2, column "},
		{"a rules file nested 100,000 deep", []string{"--rules", deepRules, stgJSON, prodJSON}, nil, "parity: " + deepRules + ":1:"},
		{"invalid UTF-8", []string{badUTF8, prodJSON}, nil, "parity: " + badUTF8 + ": line 1, column "},
		{"a duplicate key", []string{stgJSON, dupKey}, nil, "parity: " + dupKey + `: line 1, column `},
	}
	wantMore := map[string]string{
		"a file over --max-input-size":     "is larger than the document limit of 1MiB",
		"objects nested 4,000 deep":        "nested more than 1000 levels deep",
		"objects nested 100,000 deep":      "nested more than 1000 levels deep",
		"lists nested 100,000 deep":        "nested more than 1000 levels deep",
		"HCL nested 100,000 deep":          "nested more than 1000 levels deep",
		"a rules file nested 100,000 deep": "Nested too deeply",
		"invalid UTF-8":                    "invalid UTF-8 byte 0xff in string (byte offset",
		"a duplicate key":                  `duplicate key "instance_type" in object (first at line 1, column `,
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := runBounded(t, dir, tc.stdin, append([]string{"check"}, tc.args...)...)
			if o.code != 2 || !strings.Contains(o.stderr, tc.want) || !strings.Contains(o.stderr, wantMore[tc.name]) {
				t.Errorf("exit %d, stderr:\n%.2000s\nwant exit 2 and %q", o.code, o.stderr, tc.want+" … "+wantMore[tc.name])
			}
			if o.stdout != "" {
				t.Errorf("a report was printed: %.500s", o.stdout)
			}
			t.Logf("%v, %d MB", o.elapsed.Round(time.Millisecond), o.maxRSS>>20)
		})
	}
	t.Cleanup(func() { inputs.assertUnchanged(t) })
}

// TestReportsNeverOverwriteInputs points a report at each kind of input,
// directly and through links: each is a usage error, nothing is written and
// the inputs are byte-identical afterwards.
func TestReportsNeverOverwriteInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stgJSON := writeFile(t, dir, "staging.json", state(`{"instance_type":"t3.large"}`))
	prodJSON := writeFile(t, dir, "production.json", state(`{"instance_type":"t3.xlarge"}`))
	rules := writeFile(t, dir, "rules.hcl", []byte("ratio = 0.5\n"))
	defaultRules := writeFile(t, dir, "parity.hcl", []byte("ratio = 0.5\n")) // read because it is in the working directory
	tfDir := filepath.Join(dir, "config")
	mainTF := writeFile(t, tfDir, "main.tf", []byte("variable \"size\" {}\nresource \"aws_instance\" \"web\" {\n  instance_type = var.size\n}\n"))
	autoVars := writeFile(t, tfDir, "terraform.tfvars", []byte("size = \"t3.large\"\n"))
	vars := writeFile(t, dir, "vars.tfvars", []byte("size = \"t3.large\"\n"))
	symlink := filepath.Join(dir, "link-to-staging.json")
	if err := os.Symlink(stgJSON, symlink); err != nil {
		t.Fatal(err)
	}
	hardlink := filepath.Join(dir, "hardlink-to-production.json")
	if err := os.Link(prodJSON, hardlink); err != nil {
		t.Fatal(err)
	}
	dirLink := filepath.Join(dir, "dirlink")
	if err := os.Symlink(dir, dirLink); err != nil {
		t.Fatal(err)
	}
	inputs := takeSnapshot(t, stgJSON, prodJSON, rules, defaultRules, mainTF, autoVars, vars)

	json := []string{stgJSON, prodJSON}
	cases := []struct {
		name   string
		report string
		args   []string
		want   string
	}{
		{"the staging document", stgJSON, json, stgJSON + " is the staging input"},
		{"the production document", prodJSON, json, prodJSON + " is the production input"},
		{"the staging document by a relative path", "staging.json", json, "staging.json is the same file as the staging input " + stgJSON},
		{"the staging document through a directory link", filepath.Join(dirLink, "staging.json"), json, filepath.Join(dirLink, "staging.json") + " is the same file as the staging input " + stgJSON},
		{"a symbolic link to the staging document", symlink, json, symlink + " is the same file as the staging input " + stgJSON},
		{"a hard link to the production document", hardlink, json, hardlink + " is the same file as the production input " + prodJSON},
		{"the rules file", rules, append([]string{"--rules", rules}, json...), rules + " is the rules file"},
		{"the default ./parity.hcl", "parity.hcl", json, "parity.hcl is the rules file"},
		{"a .tf file of a side directory", mainTF, []string{"--var-file", vars, tfDir, tfDir}, mainTF + " is the file read from the staging directory " + tfDir},
		{"terraform.tfvars of a side directory", autoVars, []string{tfDir, tfDir}, autoVars + " is the file read from the staging directory " + tfDir},
		{"a --var-file", vars, []string{"--var-file", vars, tfDir, tfDir}, vars + " is the variables file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			other := filepath.Join(t.TempDir(), "other.sarif")
			args := append([]string{"check", "--format", "sarif=" + other, "--format", "json=" + tc.report}, tc.args...)
			o := runBounded(t, dir, nil, args...)
			if o.code != 2 || !strings.Contains(o.stderr, "parity check: --format json="+tc.report+": "+tc.want) || !strings.Contains(o.stderr, "a report never overwrites an input") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", o.code, o.stderr, tc.want)
			}
			if _, err := os.Stat(other); err == nil {
				t.Error("another report was written")
			}
		})
	}
	t.Cleanup(func() {
		inputs.assertUnchanged(t)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("temporary file left behind: %s", e.Name())
			}
		}
	})
}

// TestOneUnwritableReportWritesNone checks the all-or-none rule: with one
// report that cannot be written among several, none is, earlier reports
// keep their content, and the exit code is 2.
func TestOneUnwritableReportWritesNone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stgJSON := writeFile(t, dir, "staging.json", state(`{"instance_type":"t3.large","monitoring":false}`))
	prodJSON := writeFile(t, dir, "production.json", state(`{"instance_type":"t3.xlarge","monitoring":true}`))
	out := filepath.Join(dir, "out")
	prevJSON := writeFile(t, out, "parity.json", []byte(`{"previous":true}`))
	prevXML := writeFile(t, out, "parity.xml", []byte("<previous/>"))
	blocked := filepath.Join(out, "parity.sarif")
	if err := os.Mkdir(blocked, 0o755); err != nil { // a directory cannot be replaced by a report
		t.Fatal(err)
	}
	before := takeSnapshot(t, stgJSON, prodJSON, prevJSON, prevXML)
	o := runBounded(t, dir, nil, "check", "--ratio", "0.5",
		"--format", "json="+prevJSON, "--format", "junit="+prevXML, "--format", "sarif="+blocked,
		"--format", "markdown="+filepath.Join(out, "parity.md"), "--format", "text",
		stgJSON, prodJSON)
	if o.code != 2 || !strings.Contains(o.stderr, "parity: "+blocked+": cannot write report: it is a directory") || !strings.Contains(o.stderr, "no report was written") {
		t.Errorf("exit %d, stderr:\n%s", o.code, o.stderr)
	}
	if o.stdout != "" {
		t.Errorf("the text report was printed: %.300s", o.stdout)
	}
	before.assertUnchanged(t)
	entries, _ := os.ReadDir(out)
	if len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("want only the previous reports and the directory, got %v", names)
	}
	// With the obstacle gone, every report is written.
	if err := os.Remove(blocked); err != nil {
		t.Fatal(err)
	}
	o = runBounded(t, dir, nil, "check", "--ratio", "0.5", "--format", "json="+prevJSON, "--format", "sarif="+blocked, stgJSON, prodJSON)
	if o.code != 1 {
		t.Fatalf("exit %d, stderr:\n%s", o.code, o.stderr)
	}
	for _, p := range []string{prevJSON, blocked} {
		if b, err := os.ReadFile(p); err != nil || !strings.Contains(string(b), "monitoring") {
			t.Errorf("%s: %v, %.200s", p, err, b)
		}
	}
}

func providerFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"parity": providerserver.NewProtocol6WithError(provider.New("test")()),
	}
}

// requireTerraform points terraform-plugin-testing at the local Terraform.
func requireTerraform(t *testing.T) {
	t.Helper()
	tf := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Setenv("TF_ACC_TERRAFORM_PATH", tf)
	}
}

// planWithin runs a plan of config through real Terraform that must fail
// with want, within limit.
func planWithin(t *testing.T, config string, want *regexp.Regexp, limit time.Duration) {
	t.Helper()
	start := time.Now()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps:                    []resource.TestStep{{Config: config, ExpectError: want}},
	})
	if d := time.Since(start); d > limit {
		t.Errorf("the plan took %v, bound %v", d.Round(time.Millisecond), limit)
	} else {
		t.Logf("the plan failed as it should in %v", d.Round(time.Millisecond))
	}
}

func TestProviderRulesFileDevZero(t *testing.T) {
	requireTerraform(t)
	planWithin(t, `
resource "parity_check" "web" {
  staging    = { instance_type = "t3.large" }
  production = { instance_type = "t3.xlarge" }
  ratio      = 0.5
  rules_file = "/dev/zero"
}
`, regexp.MustCompile(`(?s)Invalid Rules File.*/dev/zero: not a regular\s+file\s+\(a\s+character\s+device\)`), 2*time.Minute)
}

func TestProviderRulesFileFIFO(t *testing.T) {
	requireTerraform(t)
	fifo := mkfifo(t, t.TempDir(), "parity.hcl")
	planWithin(t, `
resource "parity_check" "web" {
  staging    = { instance_type = "t3.large" }
  production = { instance_type = "t3.xlarge" }
  rules_file = "`+fifo+`"
}
`, regexp.MustCompile(`(?s)Invalid Rules File.*not a regular\s+file\s+\(a\s+named\s+pipe\)`), 2*time.Minute)
}

// TestProviderDeepJSONDecode gives parity_check a jsondecode nested 2,000
// deep (228 s and 8 GB before the limit): the plan fails at validation.
func TestProviderDeepJSONDecode(t *testing.T) {
	requireTerraform(t)
	const depth = 2000
	deep := func(leaf string) string {
		return strings.Repeat("[", depth) + leaf + strings.Repeat("]", depth)
	}
	planWithin(t, `
resource "parity_check" "web" {
  staging    = jsondecode("`+deep(`\"stg\"`)+`")
  production = jsondecode("`+deep(`\"prod\"`)+`")
}
`, regexp.MustCompile(`(?s)Value Nested Too Deeply.*nested\s+more\s+than\s+1000\s+levels\s+deep`), 3*time.Minute)
}

// TestLargeShapesOfTheNewerRulesWithinBounds feeds the comparison shapes
// that today's rules walk, at sizes an attacker (or a large estate) could
// give: 20,000 map keys in each environment's words, a value repeating a
// Google Cloud project id 100,000 times, 5,000 list elements whose natural
// keys are generated names, and a secret container holding planted
// secrets on one side only. Each is accepted within the time and memory
// bounds, reads as parity where it is, and prints no planted value.
func TestLargeShapesOfTheNewerRulesWithinBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	doc := func(typ, values string) []byte {
		return []byte(`{"format_version":"1.0","terraform_version":"1.11.0","values":{"root_module":{"resources":[` +
			`{"address":"` + typ + `.x","mode":"managed","type":"` + typ + `","name":"x","schema_version":0,` +
			`"values":` + values + `,"sensitive_values":{}}]}}}`)
	}
	envKeys := func(env string) []byte {
		var b strings.Builder
		b.WriteString(`{"acl":{"tagOwners":{`)
		for i := range 20000 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"tag:k%d-%s":["group:g%d"]`, i, env, i)
		}
		b.WriteString(`}}}`)
		return doc("tailscale_acl", b.String())
	}
	project := func(id string) []byte {
		return doc("google_pubsub_topic", `{"project":"`+id+`","labels":{"path":"`+strings.Repeat("projects/"+id+"/", 100000)+`"}}`)
	}
	nodes := func(prefix string) []byte {
		var b strings.Builder
		b.WriteString(`{"node_pool":[{"nodes":[`)
		for i := range 5000 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"name":"%s-%05x","status":"running"}`, prefix, i)
		}
		b.WriteString(`]}]}`)
		return doc("digitalocean_kubernetes_cluster", b.String())
	}
	secrets := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"secure_environment_variables":{`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"LICENSE_%d":"planted-%d"`, i, i)
		}
		b.WriteString(`}}`)
		return doc("azurerm_container_group", b.String())
	}
	// Today's secret shapes at their worst: a value that starts a token
	// at every fourth character, a percent-escape chain, an Authorization
	// header repeated, and 20,000 name/value pairs named like secrets.
	shapes := func(env string) []byte {
		var b strings.Builder
		b.WriteString(`{"t":"` + strings.Repeat("glc_", 15000) + env + `","p":"` + strings.Repeat("%25", 20000) + env +
			`","a":"` + strings.Repeat("Bearer ", 9000) + env + `","h":"` + strings.Repeat("ab", 30000) + env +
			`","u":"https://x/` + strings.Repeat("a/", 25000) + env + `","env":[`)
		for i := range 20000 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"name":"DB_PASSWORD_%d","value":"planted-%s-%d"}`, i, env, i)
		}
		b.WriteString(`]}`)
		return doc("kubernetes_deployment", b.String())
	}
	cases := []struct {
		name                string
		staging, production []byte
		wantCode            int
	}{
		{"secret shapes at their worst", shapes("s"), shapes("p"), 1},
		{"20,000 keys in environment words", envKeys("staging"), envKeys("production"), 0},
		{"a project id 100,000 times", project("orders-stg-4821"), project("orders-prod-1937"), 0},
		{"5,000 generated list keys", nodes("pool-a"), nodes("pool-b"), 0},
		{"planted secrets on one side", secrets(2000), secrets(0), 1},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stg := writeFile(t, dir, fmt.Sprintf("staging-%d.json", i), tc.staging)
			prod := writeFile(t, dir, fmt.Sprintf("production-%d.json", i), tc.production)
			report := filepath.Join(dir, fmt.Sprintf("report-%d.json", i))
			o := runBounded(t, dir, nil, "check", "--rules=", "--format", "text", "--format", "json="+report, stg, prod)
			if o.code != tc.wantCode {
				t.Errorf("exit %d, want %d\nstdout: %.1500s\nstderr: %.1500s", o.code, tc.wantCode, o.stdout, o.stderr)
			}
			js, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(o.stdout+o.stderr+string(js), "planted-") {
				t.Error("a planted secret was printed")
			}
			t.Logf("%v, %d MB", o.elapsed.Round(time.Millisecond), o.maxRSS>>20)
		})
	}
}
