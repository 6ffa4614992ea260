package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// The github format is GitHub Actions workflow commands, printed to the
// log of a step, which the runner turns into annotations: one notice with
// the summary, then one ::error (failing) or ::warning (not failing) per
// finding, on the file and line that declares the resource when known.
//
// Every line written is a workflow command, and every value in one is
// escaped the way the Actions toolkit escapes them (command.ts: data
// escapes %, \r and \n; properties also : and ,). The runner reads one
// command per line, so a finding's text, which is the environments' data,
// can never end a command or start another; control characters are
// escaped before that (as \n, \x1b, \u2028), so the log shows them rather
// than obeys them.

// githubCommand is one workflow command: ::name key=value,…::data.
type githubCommand struct {
	name  string
	props [][2]string // in order; empty values are left out
	data  string
}

func (c githubCommand) String() string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(c.name)
	first := true
	for _, p := range c.props {
		if p[1] == "" {
			continue
		}
		if first {
			b.WriteByte(' ')
			first = false
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(escapeGitHubProperty(p[1]))
	}
	b.WriteString("::")
	b.WriteString(escapeGitHubData(c.data))
	return b.String()
}

// escapeGitHubData escapes a command's data as the Actions toolkit does.
var escapeGitHubData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// escapeGitHubProperty escapes a command property's value as the Actions
// toolkit does: also : and , which separate properties.
var escapeGitHubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace

// maxGitHubSummaryAttributes is how many attributes the summary notice
// lists.
const maxGitHubSummaryAttributes = 8

func renderGitHub(w io.Writer, v *view) error {
	bw := bufio.NewWriter(w)
	write := func(c githubCommand) {
		bw.WriteString(c.String())
		bw.WriteByte('\n')
	}

	// Lines are joined with real newlines, which the data escaping turns
	// into %0A: an annotation may span several lines, a command never does.
	summary := []string{escapeControl(v.verdict())}
	if v.multi() {
		for _, e := range v.envs {
			summary = append(summary, fmt.Sprintf("%s (ratio %s): %s, %s", escapeControl(e.Name), ratioText(e.Ratio),
				v.envStatus(e), envCounts(e)))
		}
	}
	if len(v.findings) > 0 {
		summary = append(summary, "By kind: "+v.kindsLine(), "By resource type: "+escapeControl(v.summary.typesLine(4)))
		for i, a := range v.summary.attrs {
			if i == maxGitHubSummaryAttributes {
				summary = append(summary, fmt.Sprintf("… and %d more attributes", len(v.summary.attrs)-i))
				break
			}
			summary = append(summary, "• "+a.sentence(v, escapeControl, escapeControl))
		}
	}
	write(githubCommand{name: "notice", props: [][2]string{{"title", "Parity: " + v.status()}}, data: strings.Join(summary, "\n")})

	for _, f := range v.findings {
		level := "warning"
		if v.failing(f.Kind) {
			level = "error"
		}
		var props [][2]string
		if l := f.Location; l != nil && l.File != "" {
			props = append(props, [2]string{"file", escapeControl(annotationFile(l.File))})
			if l.Line > 0 {
				props = append(props, [2]string{"line", strconv.Itoa(l.Line)})
				if l.Column > 0 {
					props = append(props, [2]string{"col", strconv.Itoa(l.Column)})
				}
			}
		}
		props = append(props, [2]string{"title", escapeControl(githubTitle(f))})
		write(githubCommand{name: level, props: props, data: githubMessage(f)})
	}
	return bw.Flush()
}

// annotationFile is a file name as the runner matches it against the
// repository: forward slashes, no leading "./".
func annotationFile(file string) string {
	p := strings.ReplaceAll(file, `\`, "/")
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return p
}

// githubTitle names a finding in an annotation's title: "[dev]
// config_drift: module.staging_app.aws_instance.web monitoring". The
// address is the one the annotated environment writes (the normalised one
// joins environments' addresses with a placeholder).
func githubTitle(f parity.Finding) string {
	address := f.StagingAddress
	if address == "" {
		address = f.ProductionAddress
	}
	if address == "" {
		address = displayAddress(f.Address)
	}
	t := string(f.Kind) + ": " + address
	if f.Path != "" {
		t += " " + f.Path
	}
	if f.Environment != "" {
		t = "[" + f.Environment + "] " + t
	}
	return t
}

// githubMessage is a finding's annotation text: its sentence, then the
// values, the expected size and how it was computed, the rule.
func githubMessage(f parity.Finding) string {
	lines := []string{escapeControl(sarifMessageText(f))}
	staging, production := displayValue(f.Staging), displayValue(f.Production)
	if f.Kind == parity.FindingOnlyInStaging || f.Kind == parity.FindingOnlyInProduction {
		staging, production = presence(f.Kind == parity.FindingOnlyInStaging), presence(f.Kind == parity.FindingOnlyInProduction)
	}
	stagingName := "staging"
	if f.Environment != "" {
		stagingName = escapeControl(f.Environment)
	}
	values := stagingName + ": " + staging + "; production: " + production
	if e := expectedText(f); e != "" {
		values += "; expected: " + escapeControl(e)
	}
	lines = append(lines, values)
	if f.Rule != "" {
		lines = append(lines, "rule "+escapeControl(f.Rule))
	}
	return strings.Join(lines, "\n")
}
