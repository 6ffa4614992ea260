package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// mdTable is a parsed table: rows of cells, each cell as its plain text
// (<br> as a newline), and the kinds of inline node other than text and
// code spans found in its cells (links, emphasis, raw HTML in a cell would
// mean prose was not escaped). The text of an autolink (a bare URL) counts
// as text.
type mdTable struct {
	rows   [][]string
	markup []string
}

// mdTables parses Markdown as GitHub does (GFM: tables, strikethrough,
// autolinks) and returns its tables.
func mdTables(t *testing.T, doc string) []mdTable {
	t.Helper()
	src := []byte(doc)
	root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var tables []mdTable
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		table, ok := n.(*east.Table)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var tbl mdTable
		for row := table.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				var b strings.Builder
				_ = ast.Walk(cell, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
					if !entering {
						return ast.WalkContinue, nil
					}
					switch n := n.(type) {
					case *east.TableCell:
					case *ast.AutoLink: // A bare URL may link; that is not markup.
						b.Write(n.Label(src))
						return ast.WalkSkipChildren, nil
					case *ast.CodeSpan:
						for c := n.FirstChild(); c != nil; c = c.NextSibling() {
							b.Write(c.(*ast.Text).Segment.Value(src))
						}
						return ast.WalkSkipChildren, nil
					case *ast.Text:
						b.Write(util.UnescapePunctuations(n.Segment.Value(src)))
					case *ast.String:
						b.Write(n.Value)
					case *ast.RawHTML:
						if string(n.Segments.Value(src)) != "<br>" {
							tbl.markup = append(tbl.markup, "RawHTML "+string(n.Segments.Value(src)))
						}
						b.WriteString("\n")
					default:
						tbl.markup = append(tbl.markup, n.Kind().String())
					}
					return ast.WalkContinue, nil
				})
				cells = append(cells, b.String())
			}
			tbl.rows = append(tbl.rows, cells)
		}
		tables = append(tables, tbl)
		return ast.WalkSkipChildren, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// TestMarkdownCellsSurviveHostileText renders values and messages that
// would break a naive table and checks, with a GFM parser, that every cell
// holds exactly the text it was given.
func TestMarkdownCellsSurviveHostileText(t *testing.T) {
	t.Parallel()
	values := []string{
		"a|b", "a\\|b", "a\\\\|b", "`", "``x``", "`start", "end`", " padded ", "a\nb\r\nc\td",
		"<script>alert(1)</script>", "*not bold* _nor this_", "[link](https://example.com)",
		"@someone", "$x^2$", "~~gone~~", "&amp;", "| | |", "\x1b[31mred",
	}
	for _, value := range values {
		t.Run(value, func(t *testing.T) {
			t.Parallel()
			rep := &parity.Report{
				Findings: []parity.Finding{{
					Kind: parity.FindingConfigDrift, Address: "aws_instance.web", Path: "user_data",
					Staging: value, Production: "sentinel", Message: value, Rule: "config",
				}},
				Resources: []parity.ResourceResult{{Address: "aws_instance.web"}},
			}
			tables := mdTables(t, render(t, FormatMarkdown, rep, Meta{GroupBy: GroupByResource}))
			if len(tables) != 3 {
				t.Fatalf("got %d tables, want 3 (counts, resource types, findings)", len(tables))
			}
			if m := tables[2].markup; len(m) > 0 {
				t.Errorf("cells contain markup %v", m)
			}
			got := tables[2].rows[1]
			want := []string{"config_drift", "user_data", escapeControl(value), "sentinel", "", strings.TrimSpace(escapeControl(value)) + "\nrule config"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("finding row cells (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMarkdownSampleTables(t *testing.T) {
	t.Parallel()
	meta := sampleMeta
	meta.GroupBy = GroupByResource
	tables := mdTables(t, render(t, FormatMarkdown, sampleReport(), meta))
	// Counts, resource types, one table per resource with findings (6),
	// ignored.
	if len(tables) != 9 {
		t.Fatalf("got %d tables, want 9", len(tables))
	}
	for i, tbl := range tables[1:] {
		if len(tbl.markup) > 0 {
			t.Errorf("table %d: cells contain markup %v", i+1, tbl.markup)
		}
		for _, row := range tbl.rows {
			if len(row) != len(tbl.rows[0]) {
				t.Errorf("table %d: row %q has %d cells, header %d", i+1, row, len(row), len(tbl.rows[0]))
			}
		}
	}
	wantCounts := [][]string{
		{"Finding", "Count"}, {"config_drift", "3"}, {"size_ratio", "2"}, {"size_family", "1"},
		{"only_in_staging", "1"}, {"only_in_production", "1"}, {"unknown", "1"}, {"Total", "9"},
	}
	if diff := cmp.Diff(wantCounts, tables[0].rows); diff != "" {
		t.Errorf("count table (-want +got):\n%s", diff)
	}
}

func TestMarkdownHeading(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rep  *parity.Report
		want string
	}{
		{sampleReport(), "### Parity: drift found\n"},
		{parityReport(), "### Parity: in parity\n"},
	} {
		if got := render(t, FormatMarkdown, tc.rep, Meta{}); !strings.HasPrefix(got, tc.want) {
			t.Errorf("markdown starts %q, want %q", got[:min(len(got), 40)], tc.want)
		}
	}
}

func TestMdCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "—"},
		{"plain", "`plain`"},
		{"a`b", "``a`b``"},
		{"`", "`` ` ``"},
		{"a``b", "```a``b```"},
		{"a|b", "`a\\|b`"},
		{" x ", "`  x  `"},
		{"  ", "`  `"},
		{"a\nb", "`a\\nb`"},
	} {
		if got := mdCode(tc.in); got != tc.want {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMarkdownSummarySurvivesHostilePaths puts hostile text in attribute
// paths, which the summary lists and the sections are titled by: each
// summary item holds the path as one code span and no other markup, and
// each <summary> holds it as escaped HTML text.
func TestMarkdownSummarySurvivesHostilePaths(t *testing.T) {
	t.Parallel()
	paths := []string{
		"a|b", "`", "``x``", "<script>alert(1)</script>", "</summary></details># heading", "*not bold*",
		"[link](https://example.com)", "@someone", "~~gone~~", "&amp;", "a\nb", "\x1b[31mred", "tags[\"a b\"]",
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			rep := &parity.Report{
				Findings: []parity.Finding{{
					Kind: parity.FindingConfigDrift, Address: "aws_instance.web", ResourceType: "aws_instance", Path: p,
					Staging: "1", Production: "2", Message: "differs",
				}},
				Resources: []parity.ResourceResult{{Address: "aws_instance.web", Type: "aws_instance"}},
			}
			doc := render(t, FormatMarkdown, rep, Meta{})
			src := []byte(doc)
			root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
			var items []string
			var markup []string
			var htmlBlocks strings.Builder
			_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ast.HTMLBlock:
					for i := 0; i < n.Lines().Len(); i++ {
						seg := n.Lines().At(i)
						htmlBlocks.Write(seg.Value(src))
					}
				case *ast.ListItem:
					var b strings.Builder
					_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
						if !entering {
							return ast.WalkContinue, nil
						}
						switch c := c.(type) {
						case *ast.ListItem, *ast.Paragraph, *ast.TextBlock:
						case *ast.CodeSpan:
							b.WriteString("{")
							for cc := c.FirstChild(); cc != nil; cc = cc.NextSibling() {
								b.Write(cc.(*ast.Text).Segment.Value(src))
							}
							b.WriteString("}")
							return ast.WalkSkipChildren, nil
						case *ast.Text:
							b.Write(util.UnescapePunctuations(c.Segment.Value(src)))
						default:
							markup = append(markup, c.Kind().String())
						}
						return ast.WalkContinue, nil
					})
					items = append(items, b.String())
					return ast.WalkSkipChildren, nil
				}
				return ast.WalkContinue, nil
			})
			want := []string{"{" + escapeControl(p) + "} differs in 1 resource (aws_instance)"}
			if diff := cmp.Diff(want, items); diff != "" {
				t.Errorf("summary items (-want +got):\n%s", diff)
			}
			if len(markup) > 0 {
				t.Errorf("summary items contain markup %v", markup)
			}
			if title := "<summary><code>" + htmlText(escapeControl(p)) + "</code>: 1 finding in 1 resource</summary>"; !strings.Contains(htmlBlocks.String(), title) {
				t.Errorf("no section titled %q in the HTML blocks:\n%s", title, htmlBlocks.String())
			}
		})
	}
}
