package dataprofile

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestWriteParseRoundTrip(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../datagen/testdata/profile.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(data, "profile.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(data), buf.String()); diff != "" {
		t.Errorf("Write(Parse(doc)) differs from doc (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	table := func(extra string) string {
		return `{"format_version": 1, "source": {"server_version": "15", "schemas": ["public"]}, "tables": [` + extra + `]}`
	}
	col := `{"name": "id", "type": "integer", "kind": "integer"}`
	tests := []struct {
		name, doc, want string
	}{
		{"not JSON", "{\n  \"format_version\": 1,\n  oops\n}", "p.json: not a profile: line 3: invalid character 'o'"},
		{"no version", `{"tables": []}`, "p.json: not a profile: format_version is missing"},
		{"future version", `{"format_version": 2}`, "p.json: format_version 2 is not supported; this parity reads version 1"},
		{"unknown field", `{"format_version": 1, "tables": [], "rows": 3}`, `p.json: unknown field "rows"`},
		{"wrong type", "{\"format_version\": 1,\n\"tables\": [{\"schema\": \"public\", \"name\": \"t\", \"rows\": \"many\"}]}", "p.json: line 2: tables.rows must be float64, not JSON string"},
		{"trailing data", `{"format_version": 1, "tables": []} {}`, "p.json: unexpected data after the profile document"},
		{"unknown kind", table(`{"schema": "public", "name": "t", "rows": 1, "columns": [{"name": "x", "type": "point", "kind": "geometry"}]}`),
			`p.json: table public.t, column "x": kind "geometry" is not one of integer`},
		{"negative rows", table(`{"schema": "public", "name": "t", "rows": -4, "columns": [` + col + `]}`), "table public.t: rows must be a number of at least 0"},
		{"frequencies above one", table(`{"schema": "public", "name": "t", "rows": 1, "columns": [{"name": "id", "type": "integer", "kind": "integer",
			"stats": {"null_frac": 0.5, "avg_width": 4, "n_distinct": 2, "most_common": [{"value": "1", "freq": 0.6}]}}]}`),
			`column "id": most_common frequencies and null_frac add up to 1.1000, more than 1`},
		{"key on a missing column", table(`{"schema": "public", "name": "t", "rows": 1, "columns": [` + col + `], "primary_key": {"name": "t_pkey", "columns": ["uid"], "definition": "PRIMARY KEY (uid)"}}`),
			`table public.t: primary key t_pkey names column "uid", which the table does not have`},
		{"reference outside the profile", table(`{"schema": "public", "name": "t", "rows": 1, "columns": [` + col + `],
			"foreign_keys": [{"name": "t_fk", "columns": ["id"], "ref_schema": "billing", "ref_table": "accounts", "ref_columns": ["id"], "definition": "FOREIGN KEY"}]}`),
			"table public.t: foreign key t_fk references billing.accounts, which is not in the profile (profile its schema too)"},
		{"unordered fan-out", table(`{"schema": "public", "name": "t", "rows": 1, "columns": [` + col + `],
			"foreign_keys": [{"name": "t_fk", "columns": ["id"], "ref_schema": "public", "ref_table": "t", "ref_columns": ["id"], "definition": "FOREIGN KEY",
			"fanout": {"parents": 2, "children": 3, "counts": [{"children": 2, "parents": 1}, {"children": 1, "parents": 1}]}}]}`),
			"foreign key t_fk: fanout counts must be in increasing order of children"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.doc), "p.json")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestStandInsKeepOrderAndLengthOnly(t *testing.T) {
	t.Parallel()
	// Sorted as a database would; lengths in characters, not bytes.
	values := []string{"", "Ab", "Zebulon Quixote", "Ødegaard", "zz", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}
	for i := 0; i < 30; i++ {
		values = append(values, "zzzz-"+strings.Repeat("q", i))
	}
	m := standIns(values)
	var prev string
	for i, v := range values {
		s := m[v]
		if i > 0 && s <= prev {
			t.Errorf("stand-in of %q (%q) does not sort after %q", v, s, prev)
		}
		prev = s
		want := utf8.RuneCountInString(v)
		if w := StandInWidth(len(values)); want < w {
			want = w
		}
		if len(s) != want {
			t.Errorf("stand-in of %q is %q: %d characters, want %d", v, s, len(s), want)
		}
		if strings.Trim(s, standInAlphabet) != "" {
			t.Errorf("stand-in %q has characters outside a-z", s)
		}
	}
	// Nothing but rank and length: the same ranks and lengths give the same
	// stand-ins whatever the values were.
	other := make([]string, len(values))
	for i, v := range values {
		other[i] = fmt.Sprintf("%0*d", utf8.RuneCountInString(v), i)
	}
	m2 := standIns(other)
	for i := range values {
		if m[values[i]] != m2[other[i]] {
			t.Errorf("stand-in of %q depends on more than its rank and length", values[i])
		}
	}
}

func TestStandInWidth(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]int{0: 1, 1: 1, 26: 1, 27: 2, 676: 2, 677: 3, 20001: 4} {
		if got := StandInWidth(n); got != want {
			t.Errorf("StandInWidth(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestParseRules(t *testing.T) {
	t.Parallel()
	src := `
ratio = 0.5
size "instance_count" { rounding = "up" }

data {
  keep_values = ["status", "users.country", "billing.plans.name"]
  table "countries" {
    ratio = 1
  }
  table "public.audit_log" {
    rows = 1000
  }
}
`
	r, err := ParseRules([]byte(src), "parity.hcl")
	if err != nil {
		t.Fatal(err)
	}
	keeps := []struct {
		schema, table, column string
		want                  bool
	}{
		{"public", "orders", "status", true},
		{"public", "users", "country", true},
		{"public", "accounts", "country", false},
		{"billing", "plans", "name", true},
		{"public", "plans", "name", false},
		{"public", "users", "email", false},
	}
	for _, k := range keeps {
		if got := r.Keeps(k.schema, k.table, k.column); got != k.want {
			t.Errorf("Keeps(%s.%s.%s) = %v, want %v", k.schema, k.table, k.column, got, k.want)
		}
	}
	if len(r.Tables) != 2 || *r.Tables[0].Ratio != 1 || r.Tables[0].Source != "parity.hcl:7" || *r.Tables[1].Rows != 1000 {
		t.Errorf("tables = %+v", r.Tables)
	}
	// A file without a data block has no data rules.
	if r, err := ParseRules([]byte(`ratio = 1`), "parity.hcl"); err != nil || len(r.KeepValues)+len(r.Tables) != 0 {
		t.Errorf("no data block: %+v, %v", r, err)
	}
}

func TestParseRulesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{"syntax", "data {\n  keep_values = [\n", "parity.hcl:"},
		{"two blocks", "data {}\ndata {}\n", "parity.hcl:2:1: Duplicate data block: A data block is already declared at line 1"},
		{"label", "data \"x\" {}\n", "parity.hcl:1:6: Unexpected label"},
		{"variable", "data {\n  keep_values = var.cols\n}\n", "parity.hcl:2:17: Invalid keep_values: keep_values must be a literal list"},
		{"not a list", "data {\n  keep_values = \"status\"\n}\n", "Invalid keep_values: keep_values must be a list"},
		{"bad pattern", "data {\n  keep_values = [\"users.*name\"]\n}\n", "Invalid keep_values pattern"},
		{"unknown argument", "data {\n  keep = []\n}\n", `parity.hcl:2:3: Unsupported argument: The data block has no argument "keep"`},
		{"unknown block", "data {\n  column \"x\" {}\n}\n", `The data block has no "column" block`},
		{"both ratio and rows", "data {\n  table \"t\" {\n    ratio = 1\n    rows = 3\n  }\n}\n", `Conflicting table override: table "t" sets both ratio and rows`},
		{"neither", "data {\n  table \"t\" {}\n}\n", `Empty table override: table "t" needs ratio`},
		{"zero ratio", "data {\n  table \"t\" {\n    ratio = 0\n  }\n}\n", `parity.hcl:3:13: Invalid ratio: The ratio of table "t" must be greater than 0`},
		{"fractional rows", "data {\n  table \"t\" {\n    rows = 2.5\n  }\n}\n", "must be a whole number"},
		{"duplicate table", "data {\n  table \"t\" {\n    rows = 1\n  }\n  table \"t\" {\n    rows = 2\n  }\n}\n", `Duplicate table block: table "t" is already declared at line 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseRules([]byte(tt.src), "parity.hcl")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestMergeFanoutBoundsBucketsAndKeepsTotals(t *testing.T) {
	t.Parallel()
	var counts []FanoutBucket
	var parents, children int64
	for c := int64(0); c < 3000; c++ {
		p := 1 + 100000/(c+1)/(c+1)
		counts = append(counts, FanoutBucket{Children: c, Parents: p})
		parents += p
		children += c * p
	}
	merged := mergeFanout(counts, 400)
	if len(merged) > 400 {
		t.Errorf("%d buckets, want at most 400", len(merged))
	}
	var mp, mc int64
	for i, b := range merged {
		if i > 0 && b.Children <= merged[i-1].Children {
			t.Fatalf("buckets out of order at %d", i)
		}
		mp += b.Parents
		mc += b.Children * b.Parents
	}
	if mp != parents {
		t.Errorf("%d parents after merging, want %d", mp, parents)
	}
	if d := float64(mc-children) / float64(children); d > 0.01 || d < -0.01 {
		t.Errorf("children after merging off by %.2f %%", 100*d)
	}
	// The head stays exact.
	if diff := cmp.Diff(counts[:17], merged[:17]); diff != "" {
		t.Errorf("head of the distribution changed (-want +got):\n%s", diff)
	}
}

func TestQuoteIdent(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"users": "users", "user": `"user"`, "order_items": "order_items", "Users": `"Users"`,
		"2fa": `"2fa"`, `we"ird`: `"we""ird"`, "a$1": "a$1", "select": `"select"`, "": `""`,
	} {
		if got := QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
	if got := QuoteLiteral("O'Brien"); got != "'O''Brien'" {
		t.Errorf("QuoteLiteral = %s", got)
	}
}

func TestDefaultValuesByKind(t *testing.T) {
	t.Parallel()
	got := map[string][]string{}
	for _, k := range Kinds {
		got[defaultValues(k)] = append(got[defaultValues(k)], k)
	}
	for _, v := range got {
		sort.Strings(v)
	}
	want := map[string][]string{
		ValuesStandIn:  {KindText},
		ValuesDropped:  {KindBytea, KindJSON, KindOther, KindUUID},
		ValuesVerbatim: {KindBoolean, KindDate, KindEnum, KindFloat, KindInteger, KindNumeric, KindTime, KindTimestamp, KindTimestampTZ},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values treatment by kind (-want +got):\n%s", diff)
	}
}
