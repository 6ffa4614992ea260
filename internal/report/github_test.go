package report

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// actionsCommand is a workflow command as the GitHub Actions runner reads
// it from a line of a step's output.
type actionsCommand struct {
	name  string
	props map[string]string
	data  string
}

// actionsCommands registered with the runner: any of them on a line of
// output is obeyed.
var actionsCommands = map[string]bool{
	"error": true, "warning": true, "notice": true, "debug": true, "group": true, "endgroup": true,
	"add-mask": true, "stop-commands": true, "echo": true, "add-matcher": true, "remove-matcher": true,
	"set-output": true, "set-env": true, "add-path": true, "save-state": true,
}

// parseActionsLine reads one line the way the runner's
// ActionCommand.TryParseV2 does: after leading space, "::", the command
// name up to a space or the next "::", properties split on "," and "=",
// the data after that "::"; properties and data unescaped (%0D, %0A, and
// for properties %3A and %2C, then %25). ok is false when the line is not
// a command.
func parseActionsLine(line string) (actionsCommand, bool) {
	line = strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(line, "::") {
		return actionsCommand{}, false
	}
	end := strings.Index(line[2:], "::")
	if end < 0 {
		return actionsCommand{}, false
	}
	info := line[2 : 2+end]
	name, propText, hasProps := strings.Cut(info, " ")
	if !actionsCommands[name] {
		return actionsCommand{}, false
	}
	c := actionsCommand{name: name, props: map[string]string{}}
	if hasProps {
		for _, p := range strings.Split(strings.TrimSpace(propText), ",") {
			if p == "" {
				continue
			}
			k, v, ok := strings.Cut(p, "=")
			if ok && k != "" && v != "" {
				c.props[k] = unescapeActions(v, true)
			}
		}
	}
	c.data = unescapeActions(line[2+end+2:], false)
	return c, true
}

func unescapeActions(s string, property bool) string {
	s = strings.ReplaceAll(s, "%0D", "\r")
	s = strings.ReplaceAll(s, "%0A", "\n")
	if property {
		s = strings.ReplaceAll(s, "%3A", ":")
		s = strings.ReplaceAll(s, "%2C", ",")
	}
	return strings.ReplaceAll(s, "%25", "%")
}

// actionsLines splits output as the runner does (on \n, \r\n and lone \r)
// and parses every line.
func actionsLines(t *testing.T, out string) []actionsCommand {
	t.Helper()
	var cmds []actionsCommand
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		c, ok := parseActionsLine(line)
		if !ok {
			t.Errorf("a line of the github format is not a workflow command: %q", line)
			continue
		}
		cmds = append(cmds, c)
	}
	return cmds
}

func TestGitHubAnnotations(t *testing.T) {
	t.Parallel()
	rep := sampleReport()
	out := render(t, FormatGitHub, rep, sampleMeta)
	cmds := actionsLines(t, out)
	if len(cmds) != 1+len(rep.Findings) {
		t.Fatalf("%d commands, want a notice and one per finding (%d):\n%s", len(cmds), 1+len(rep.Findings), out)
	}
	if cmds[0].name != "notice" || cmds[0].props["title"] != "Parity: drift found" ||
		!strings.HasPrefix(cmds[0].data, "Drift: 8 findings") {
		t.Errorf("first command %+v, want the summary notice", cmds[0])
	}
	var got [][5]string
	for _, c := range cmds[1:] {
		got = append(got, [5]string{c.name, c.props["file"], c.props["line"], c.props["col"], c.props["title"]})
	}
	want := [][5]string{
		{"error", "", "", "", "size_ratio: aws_autoscaling_group.workers min_size"},
		{"error", "", "", "", "only_in_production: aws_cloudwatch_metric_alarm.production_cpu"},
		{"error", "db.tf", "12", "5", "config_drift: aws_db_instance.staging_main engine_version"},
		{"error", "", "", "", "config_drift: aws_db_instance.staging_main password"},
		{"error", "", "", "", "size_family: aws_elasticache_cluster.cache node_type"},
		{"warning", "", "", "", `unknown: aws_instance.web["a"] ami`},
		{"error", "modules/web/main.tf", "7", "3", `size_ratio: aws_instance.web["a"] instance_type`},
		{"error", "modules/web/user data.tf", "3", "", `config_drift: aws_instance.web["a"] user_data`},
		{"error", "storage.tf", "40", "1", "only_in_staging: aws_s3_bucket.staging_debug"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
	// The values, the expected size and the rule follow the sentence.
	if d := cmds[7].data; d != "instance_type is t3.2xlarge in staging; production × 0.5 is t3.xlarge. Expected: t3.2xlarge × 0.5 = t3.xlarge.\n"+
		"staging: t3.2xlarge; production: t3.2xlarge; expected: t3.xlarge\nrule size \"instance_type\" (built-in)" {
		t.Errorf("instance_type annotation text %q", d)
	}
	// A value with a newline is shown escaped, on its line.
	if d := cmds[8].data; !strings.Contains(d, "staging: echo `hostname` | tee /tmp/id\\nexit 0;") {
		t.Errorf("user_data annotation text %q", d)
	}
	meta := sampleMeta
	meta.FailOn = FailOnNever
	for _, c := range actionsLines(t, render(t, FormatGitHub, rep, meta))[1:] {
		if c.name != "warning" {
			t.Errorf("%s under fail-on never, want warning: %+v", c.name, c)
		}
	}
}

// TestGitHubInjection plants workflow commands, line breaks and property
// separators in every field a finding carries: each finding stays one
// command, whose properties and text read back as rendered.
func TestGitHubInjection(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"x\n::error file=evil.tf,line=1::pwned",
		"x\r::add-mask::secret",
		"x\r\n::stop-commands::token",
		"a::b::c",
		"title=t,file=f.tf,line=9",
		"100%0A%25%3A%2C done",
		"%0A::warning::injected",
		"##[error]legacy",
		"x\u2028::error::line separator",
		"x\u0085::error::next line",
		"\x1b[31mred",
	}
	for _, h := range hostile {
		t.Run(strconv.Quote(h), func(t *testing.T) {
			t.Parallel()
			f := parity.Finding{
				Kind: parity.FindingConfigDrift, Address: "aws_instance." + h, StagingAddress: "aws_instance." + h,
				ResourceType: "aws_instance", Path: "tags." + h, Staging: h, Production: h + "!",
				Message: "drift: " + h, Rule: "config " + h, Environment: "",
				Location: &parity.Location{File: "main" + h + ".tf", Line: 4, Column: 2},
			}
			rep := &parity.Report{Findings: []parity.Finding{f}, Resources: []parity.ResourceResult{{Address: f.Address}}}
			out := render(t, FormatGitHub, rep, Meta{})
			if strings.Count(out, "\n") != 2 || strings.ContainsAny(out, "\r\u2028\u2029\u0085\x1b") {
				t.Fatalf("output is not two lines of printable text: %q", out)
			}
			cmds := actionsLines(t, out)
			if len(cmds) != 2 {
				t.Fatalf("%d commands, want 2: %q", len(cmds), out)
			}
			c := cmds[1]
			wantProps := map[string]string{
				"file":  escapeControl("main" + h + ".tf"),
				"line":  "4",
				"col":   "2",
				"title": escapeControl("config_drift: aws_instance." + h + " tags." + h),
			}
			if diff := cmp.Diff(wantProps, c.props); diff != "" {
				t.Errorf("properties (-want +got):\n%s", diff)
			}
			wantData := escapeControl("drift: "+h) + "\nstaging: " + escapeControl(h) + "; production: " + escapeControl(h+"!") +
				"\nrule " + escapeControl("config "+h)
			if c.name != "error" || c.data != wantData {
				t.Errorf("command %s with text %q, want error with %q", c.name, c.data, wantData)
			}
		})
	}
}

func TestGitHubEscaping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"50%", "50%25", "50%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\rb", "a%0Db", "a%0Db"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := escapeGitHubData(tc.in); got != tc.data {
			t.Errorf("escapeGitHubData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeGitHubProperty(tc.in); got != tc.prop {
			t.Errorf("escapeGitHubProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
		if got := unescapeActions(escapeGitHubProperty(tc.in), true); got != tc.in {
			t.Errorf("the runner reads property %q back as %q", tc.in, got)
		}
		if got := unescapeActions(escapeGitHubData(tc.in), false); got != tc.in {
			t.Errorf("the runner reads data %q back as %q", tc.in, got)
		}
	}
}
