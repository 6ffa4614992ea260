package datagen

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func loadFixture(t *testing.T) *dataprofile.Profile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "profile.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := dataprofile.Parse(data, "profile.json")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func countriesWhole() []dataprofile.TableRule {
	one := 1.0
	return []dataprofile.TableRule{{Name: "countries", Ratio: &one}}
}

func pearson(xs, ys []float64) float64 {
	n := float64(len(xs))
	var sx, sy, sxx, syy, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		syy += ys[i] * ys[i]
		sxy += xs[i] * ys[i]
	}
	return (sxy - sx*sy/n) / math.Sqrt((sxx-sx*sx/n)*(syy-sy*sy/n))
}

func TestRowMapReproducesCorrelationOverNonNullRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		corr    float64
		nonNull int64
	}{
		{"shuffled", 0, 50000},
		{"sorted", 1, 50000},
		{"reversed", -1, 50000},
		{"half", 0.5, 50000},
		{"mostly sorted, 10 % null", 0.9, 45000},
		{"weakly reversed, 90 % null", -0.3, 5000},
		{"slightly correlated", 0.2, 50000},
	}
	const n = 50000
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newRowMap(n, tt.nonNull, newPermutation(tt.nonNull, tt.corr, 0, 42), 7)
			seen := make([]bool, tt.nonNull)
			var xs, ys []float64
			for i := int64(0); i < n; i++ {
				s := m.slot(i)
				if s < 0 {
					continue
				}
				if s >= tt.nonNull || seen[s] {
					t.Fatalf("row %d: slot %d repeated or out of range", i, s)
				}
				seen[s] = true
				xs, ys = append(xs, float64(i)), append(ys, float64(s))
			}
			if int64(len(xs)) != tt.nonNull {
				t.Fatalf("%d non-null rows, want %d", len(xs), tt.nonNull)
			}
			if got := pearson(xs, ys); math.Abs(got-tt.corr) > 0.03 {
				t.Errorf("correlation %.3f, want %.3f ± 0.03", got, tt.corr)
			}
		})
	}
}

func TestPermutationAccountsForTies(t *testing.T) {
	t.Parallel()
	// With tie floor 0.66 (a status column), a target of 0.66 is a full
	// shuffle and 0.83 half way.
	if p := newPermutation(100000, 0.66, 0.66, 1); p.block != 100000 {
		t.Errorf("at the tie floor: block %d, want a full shuffle", p.block)
	}
	half := newPermutation(100000, 0.83, 0.66, 1)
	if got := blockCorrelation(100000, half.block); math.Abs(got-0.5) > 0.01 {
		t.Errorf("half way above the floor: block correlation %.3f, want 0.5", got)
	}
}

func TestChildSlotsKeepTheFanout(t *testing.T) {
	t.Parallel()
	zipf := &dataprofile.Fanout{Parents: 10000, Children: 52000, Counts: []dataprofile.FanoutBucket{
		{Children: 0, Parents: 800}, {Children: 1, Parents: 2500}, {Children: 2, Parents: 2400}, {Children: 3, Parents: 1800},
		{Children: 5, Parents: 1500}, {Children: 8, Parents: 700}, {Children: 20, Parents: 250}, {Children: 100, Parents: 45},
		{Children: 2950, Parents: 5},
	}}
	tests := []struct {
		name              string
		parents, children int64
		maxKS             float64
	}{
		{"same size", 10000, 52000, 0.001},
		{"half", 5000, 26000, 0.002},
		{"parent kept whole, children halved", 10000, 26000, 1}, // counts halve: only the sum is checked
		{"one parent", 1, 17, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cum := childSlots(zipf, tt.parents, tt.children, 99, nil)
			if int64(len(cum)) != tt.parents+1 || cum[0] != 0 || cum[tt.parents] != tt.children {
				t.Fatalf("cum has %d entries from %d to %d, want %d from 0 to %d", len(cum), cum[0], cum[len(cum)-1], tt.parents+1, tt.children)
			}
			got := map[int64]int64{}
			for j := int64(0); j < tt.parents; j++ {
				if cum[j+1] < cum[j] {
					t.Fatalf("parent %d has a negative count", j)
				}
				got[cum[j+1]-cum[j]]++
			}
			var buckets []dataprofile.FanoutBucket
			for c, p := range got {
				buckets = append(buckets, dataprofile.FanoutBucket{Children: c, Parents: p})
			}
			sortBuckets(buckets)
			if d := ksDistance(zipf.Counts, buckets); d > tt.maxKS {
				t.Errorf("KS distance %.4f from the measured fan-out, want at most %.4f", d, tt.maxKS)
			}
			// Every child slot finds its parent.
			for _, s := range []int64{0, tt.children / 2, tt.children - 1} {
				j, occ := parentOf(cum, s)
				if s < cum[j] || s >= cum[j+1] || occ != s-cum[j] {
					t.Errorf("slot %d: parent %d spans [%d, %d), position %d", s, j, cum[j], cum[j+1], occ)
				}
			}
		})
	}
}

func sortBuckets(b []dataprofile.FanoutBucket) {
	for i := 1; i < len(b); i++ {
		for k := i; k > 0 && b[k].Children < b[k-1].Children; k-- {
			b[k], b[k-1] = b[k-1], b[k]
		}
	}
}

func TestPinnedParentsTakeTheLargestCounts(t *testing.T) {
	t.Parallel()
	f := &dataprofile.Fanout{Counts: []dataprofile.FanoutBucket{{Children: 1, Parents: 95}, {Children: 50, Parents: 4}, {Children: 900, Parents: 1}}}
	pinned := []int64{17, 3}
	cum := childSlots(f, 100, 1195, 5, pinned)
	count := func(j int64) int64 { return cum[j+1] - cum[j] }
	if count(17) != 900 || count(3) != 50 {
		t.Errorf("pinned parents got %d and %d children, want 900 and 50", count(17), count(3))
	}
}

func TestDistributionKeepsMostCommonValuesAndDistinctCounts(t *testing.T) {
	t.Parallel()
	col := &dataprofile.Column{Name: "status", Kind: dataprofile.KindText, Values: dataprofile.ValuesVerbatim, Stats: &dataprofile.ColumnStats{
		NDistinct:  6,
		MostCommon: []dataprofile.Frequent{{Value: "paid", Freq: 0.7}, {Value: "shipped", Freq: 0.2}},
		Histogram:  []string{"a", "m", "z"},
	}}
	dom := newTextDomain(col, 1)
	d := newDistribution(dom, []float64{0.7, 0.2}, 10000, 10000, 6, false)
	counts := map[string]int{}
	for s := int64(0); s < 10000; s++ {
		counts[string(d.value(nil, s, false))]++
	}
	if counts["paid"] != 7000 || counts["shipped"] != 2000 {
		t.Errorf("paid %d, shipped %d; want 7000 and 2000", counts["paid"], counts["shipped"])
	}
	if len(counts) != 6 {
		t.Errorf("%d distinct values, want 6: %v", len(counts), counts)
	}
	// A unique integer key whose histogram is too narrow for the staging
	// rows (a ratio above 1) still gets distinct values.
	key := &dataprofile.Column{Name: "id", Kind: dataprofile.KindInteger, Stats: &dataprofile.ColumnStats{NDistinct: -1, Histogram: []string{"1", "50", "100"}}}
	u := newDistribution(newNumberDomain(key), nil, 300, 300, 300, true)
	seen := map[string]bool{}
	for s := int64(0); s < 300; s++ {
		v := string(u.value(nil, s, false))
		if seen[v] {
			t.Fatalf("unique key repeats %s", v)
		}
		seen[v] = true
	}
}

func TestFormattingMatchesPostgreSQLText(t *testing.T) {
	t.Parallel()
	for _, u := range []int64{0, -1, 1, 86400e6 - 1, 1700000000123456, -62135596800000000, 253402300799999999, 951782400e6, 951868800e6 + 500} {
		want := time.UnixMicro(u).UTC().Format("2006-01-02 15:04:05.999999")
		if got := string(appendTimestamp(nil, u, false)); got != want {
			t.Errorf("appendTimestamp(%d) = %s, want %s", u, got, want)
		}
		if got := string(appendTimestamp(nil, u, true)); got != want+"+00" {
			t.Errorf("appendTimestamp(%d, zone) = %s, want %s+00", u, got, want)
		}
	}
	decimals := []struct {
		in    string
		scale int
		want  int64
	}{{"12.50", 2, 1250}, {"-0.005", 2, -1}, {"7", 3, 7000}, {"1.2349", 3, 1235}}
	for _, d := range decimals {
		if got, ok := parseDecimal(d.in, d.scale); !ok || got != d.want {
			t.Errorf("parseDecimal(%q, %d) = %d, %v; want %d", d.in, d.scale, got, ok, d.want)
		}
		if d.in == "12.50" {
			if got := string(appendDecimal(nil, d.want, d.scale)); got != d.in {
				t.Errorf("appendDecimal = %s, want %s", got, d.in)
			}
		}
	}
	if got := string(appendCopyText(nil, "a\\b\tc\nd\re")); got != `a\\b\tc\nd\re` {
		t.Errorf("appendCopyText escapes %q", got)
	}
}

func TestPlanRowCountsAndOverrides(t *testing.T) {
	t.Parallel()
	p := loadFixture(t)
	two := int64(2)
	plan, err := NewPlan(p, Options{Ratio: 0.5, Tables: append(countriesWhole(), dataprofile.TableRule{Name: "public.order_items", Rows: &two})})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	var order []string
	for _, r := range plan.Summary() {
		got[r.Table] = r.Staging
		order = append(order, r.Table)
	}
	want := map[string]int64{"public.countries": 30, "public.users": 1000, "public.orders": 5000, "public.order_items": 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// Parents load before their children.
	if diff := cmp.Diff([]string{"public.countries", "public.users", "public.orders", "public.order_items"}, order); diff != "" {
		t.Errorf("load order (-want +got):\n%s", diff)
	}
}

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	one := 1.0
	tests := []struct {
		name string
		opts Options
		edit func(*dataprofile.Profile)
		want string
	}{
		{"ratio zero", Options{}, nil, "ratio 0 must be greater than 0"},
		{"override of no table", Options{Ratio: 1, Tables: []dataprofile.TableRule{{Name: "ghosts", Ratio: &one, Source: "parity.hcl:4"}}}, nil,
			`parity.hcl:4: table override "ghosts" names no table of the profile`},
		{"not-null column of an unknown type", Options{Ratio: 1}, func(p *dataprofile.Profile) {
			t := p.FindTable("public", "users")
			t.Columns = append(t.Columns, dataprofile.Column{Name: "area", Type: "polygon", Kind: dataprofile.KindOther, NotNull: true})
		}, "table public.users, column area: values of type polygon cannot be generated and the column is NOT NULL without a default"},
		{"children without parents", Options{Ratio: 1, Tables: []dataprofile.TableRule{{Name: "users", Rows: new(int64)}}}, nil,
			"foreign key orders_user_id_fkey needs parent rows, and public.users gets none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := loadFixture(t)
			if tt.edit != nil {
				tt.edit(p)
			}
			_, err := NewPlan(p, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to say %q", err, tt.want)
			}
		})
	}
}

// TestScriptPlanGolden pins the reviewable plan: the script without rows,
// as parity_data_profile renders it. Update with -update and review the
// diff; TestStagingReproducesProduction runs such scripts' statements
// against PostgreSQL.
func TestScriptPlanGolden(t *testing.T) {
	t.Parallel()
	plan, err := NewPlan(loadFixture(t), Options{Ratio: 0.5, Tables: countriesWhole(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plan.WriteScript(&buf, ScriptOptions{Generator: "parity test"}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "plan.sql")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("plan script differs from %s (-want +got):\n%s", golden, diff)
	}
}

func TestRowsAreDeterministicAndKeysUnique(t *testing.T) {
	t.Parallel()
	gen := func(seed uint64) (*Plan, map[string]string) {
		plan, err := NewPlan(loadFixture(t), Options{Ratio: 0.5, Tables: countriesWhole(), Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, tp := range plan.Tables {
			var b bytes.Buffer
			if err := tp.WriteRows(&b); err != nil {
				t.Fatal(err)
			}
			out[tp.Table.Name] = b.String()
		}
		return plan, out
	}
	plan, a := gen(1)
	_, again := gen(1)
	_, other := gen(2)
	if diff := cmp.Diff(a, again); diff != "" {
		t.Errorf("the same seed gave other rows")
	}
	if a["users"] == other["users"] {
		t.Errorf("another seed gave the same rows")
	}
	// Keys: users.id, users.email, orders.id and (order_id, line_no) are
	// unique, and every row has as many fields as COPY columns.
	keys := map[string][]int{"users": {0}, "orders": {0}, "order_items": {0, 1}}
	for _, tp := range plan.Tables {
		lines := strings.Split(strings.TrimSuffix(a[tp.Table.Name], "\n"), "\n")
		if int64(len(lines)) != tp.Rows {
			t.Errorf("%s: %d rows, want %d", tp.Table.Name, len(lines), tp.Rows)
		}
		seen := map[string]bool{}
		emails := map[string]bool{}
		for _, line := range lines {
			f := strings.Split(line, "\t")
			if len(f) != len(tp.Columns) {
				t.Fatalf("%s: row %q has %d fields, want %d", tp.Table.Name, line, len(f), len(tp.Columns))
			}
			if cols, ok := keys[tp.Table.Name]; ok {
				var k []string
				for _, c := range cols {
					k = append(k, f[c])
				}
				key := strings.Join(k, "|")
				if seen[key] {
					t.Fatalf("%s: key %s repeats", tp.Table.Name, key)
				}
				seen[key] = true
			}
			if tp.Table.Name == "users" {
				if emails[f[1]] {
					t.Fatalf("users.email %s repeats", f[1])
				}
				emails[f[1]] = true
			}
		}
	}
}

func TestScriptWithRowsIsCompleteCOPY(t *testing.T) {
	t.Parallel()
	plan, err := NewPlan(loadFixture(t), Options{Ratio: 0.1, Tables: countriesWhole()})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plan.WriteScript(&buf, ScriptOptions{Rows: true}); err != nil {
		t.Fatal(err)
	}
	copies := regexp.MustCompile(`(?m)^COPY .* FROM stdin;$`).FindAllStringIndex(buf.String(), -1)
	ends := regexp.MustCompile(`(?m)^\\\.$`).FindAllStringIndex(buf.String(), -1)
	if len(copies) != 4 || len(ends) != 4 {
		t.Errorf("%d COPY statements and %d terminators, want 4 of each", len(copies), len(ends))
	}
	if !strings.HasSuffix(buf.String(), "COMMIT;\n") {
		t.Errorf("the script does not end with COMMIT")
	}
}

// TestCompositeKeysStayUnique covers the keys the integration test does not
// reach: a join table whose key is two foreign keys, a foreign key that is
// unique by itself (one-to-one) and a composite key without foreign keys.
func TestCompositeKeysStayUnique(t *testing.T) {
	t.Parallel()
	intCol := func(name string, nd float64, hist ...string) dataprofile.Column {
		return dataprofile.Column{Name: name, Type: "bigint", Kind: dataprofile.KindInteger, BaseType: "int8", NotNull: true,
			Stats: &dataprofile.ColumnStats{NDistinct: nd, Histogram: hist}}
	}
	fanout := func(parents, children int64) *dataprofile.Fanout {
		return &dataprofile.Fanout{Parents: parents, Children: children, Counts: []dataprofile.FanoutBucket{
			{Children: 1, Parents: parents / 2}, {Children: 2*children/parents - 1, Parents: parents - parents/2}}}
	}
	p := &dataprofile.Profile{FormatVersion: 1, Tables: []dataprofile.Table{
		{Schema: "public", Name: "users", Rows: 1000, Columns: []dataprofile.Column{intCol("id", -1, "1", "500", "1000")},
			PrimaryKey: &dataprofile.Constraint{Name: "users_pkey", Columns: []string{"id"}}},
		{Schema: "public", Name: "groups", Rows: 40, Columns: []dataprofile.Column{intCol("id", -1, "1", "20", "40")},
			PrimaryKey: &dataprofile.Constraint{Name: "groups_pkey", Columns: []string{"id"}}},
		{Schema: "public", Name: "memberships", Rows: 3000, Columns: []dataprofile.Column{intCol("user_id", -0.3), intCol("group_id", 40)},
			PrimaryKey: &dataprofile.Constraint{Name: "memberships_pkey", Columns: []string{"user_id", "group_id"}},
			ForeignKeys: []dataprofile.ForeignKey{
				{Name: "m_user", Columns: []string{"user_id"}, RefSchema: "public", RefTable: "users", RefColumns: []string{"id"}, Fanout: fanout(1000, 3000)},
				{Name: "m_group", Columns: []string{"group_id"}, RefSchema: "public", RefTable: "groups", RefColumns: []string{"id"}, Fanout: fanout(40, 3000)},
			}},
		{Schema: "public", Name: "profiles", Rows: 800, Columns: []dataprofile.Column{intCol("user_id", -1)},
			Unique: []dataprofile.Constraint{{Name: "profiles_user_key", Columns: []string{"user_id"}}},
			ForeignKeys: []dataprofile.ForeignKey{{Name: "p_user", Columns: []string{"user_id"}, RefSchema: "public", RefTable: "users", RefColumns: []string{"id"},
				Fanout: &dataprofile.Fanout{Parents: 1000, Children: 800, Counts: []dataprofile.FanoutBucket{{Children: 0, Parents: 200}, {Children: 1, Parents: 800}}}}}},
		{Schema: "public", Name: "readings", Rows: 5000, Columns: []dataprofile.Column{intCol("sensor", 10, "1", "10"), intCol("seq", 50, "1", "50")},
			PrimaryKey: &dataprofile.Constraint{Name: "readings_pkey", Columns: []string{"sensor", "seq"}}},
	}}
	plan, err := NewPlan(p, Options{Ratio: 1})
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]bool{}
	for _, tp := range plan.Tables {
		var b bytes.Buffer
		if err := tp.WriteRows(&b); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if seen[line] {
				t.Fatalf("%s: key %q repeats", tp.Table.Name, line)
			}
			seen[line] = true
			if tp.Table.Name == "users" {
				users[line] = true
			}
			if tp.Table.Name == "profiles" && !users[line] {
				t.Fatalf("profiles.user_id %s is no user", line)
			}
		}
		if int64(len(seen)) != tp.Rows {
			t.Errorf("%s: %d distinct rows, want %d", tp.Table.Name, len(seen), tp.Rows)
		}
	}
	if len(plan.Warnings) != 1 || !strings.Contains(plan.Warnings[0], "foreign key m_group completes a unique key") {
		t.Errorf("warnings = %q, want one about m_group", plan.Warnings)
	}
}
