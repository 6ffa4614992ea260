package datagen

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

// How a column's values are made.
type genMode int

const (
	// modeDistribution: the column's own distribution, through its
	// permutation.
	modeDistribution genMode = iota
	// modeForeign: the referenced column of the parent row the fan-out
	// assigns.
	modeForeign
	// modeOrdinal: base + the row's position among the children of the
	// same parent, which makes (parent key, column) unique, as line
	// numbers of an order are.
	modeOrdinal
	// modeNull: always NULL (a type that cannot be generated).
	modeNull
)

// columnGen produces one column's values for any row.
type columnGen struct {
	mode genMode
	// omit leaves the column out of COPY so that its default applies.
	omit  bool
	rows  rowMap
	dist  *distribution
	fk    *fkGen
	fkCol int
	base  int64
	// binary reports whether the column can be written in binary COPY;
	// width is an ordinal column's integer size.
	binary bool
	width  int
}

// appendValue appends row's value, in binary with bin; null reports a NULL
// (nothing appended).
func (g *columnGen) appendValue(dst []byte, row int64, bin bool) ([]byte, bool) {
	switch g.mode {
	case modeDistribution:
		s := g.rows.slot(row)
		if s < 0 {
			return dst, true
		}
		return g.dist.value(dst, s, bin), false
	case modeForeign:
		j, _, ok := g.fk.parent(row)
		if !ok {
			return dst, true
		}
		return g.fk.parentCols[g.fkCol].appendValue(dst, j, bin)
	case modeOrdinal:
		_, occ, ok := g.fk.parent(row)
		if !ok {
			// A NULL parent key never conflicts; any number will do.
			occ = 0
		}
		v := g.base + occ
		if bin {
			switch g.width {
			case 2:
				return binary.BigEndian.AppendUint16(dst, uint16(int16(v))), false
			case 4:
				return binary.BigEndian.AppendUint32(dst, uint32(int32(v))), false
			}
			return binary.BigEndian.AppendUint64(dst, uint64(v)), false
		}
		return strconv.AppendInt(dst, v, 10), false
	}
	return dst, true
}

// fkGen assigns child rows to parent rows along one foreign key.
type fkGen struct {
	rows       rowMap
	nonNull    int64
	cum        []int64
	parentRows int64
	parentCols []*columnGen
	key        uint64
	// spreadOver: this key completes a unique key with another foreign
	// key; the children of one parent of that key get distinct parents of
	// this one, dealt round from a random start.
	spreadOver *fkGen
}

// parent returns the parent row of a child row and the child's position
// among that parent's children; ok is false for a NULL key.
func (f *fkGen) parent(row int64) (j, occ int64, ok bool) {
	if f.parentRows == 0 {
		return 0, 0, false
	}
	if g := f.spreadOver; g != nil {
		gj, gocc, gok := g.parent(row)
		if !gok {
			gj, gocc = row, 0
		}
		return int64((mix(uint64(gj)^f.key) + uint64(gocc)) % uint64(f.parentRows)), 0, true
	}
	s := f.rows.slot(row)
	if s < 0 {
		return 0, 0, false
	}
	j, occ = parentOf(f.cum, s)
	return j, occ, true
}

// keyRole is what a unique key asks of one of its columns.
type keyRole int

const (
	roleNone keyRole = iota
	// roleUnique: every value distinct.
	roleUnique
	// roleOrdinal: numbered within the parent of roleOf.group.
	roleOrdinal
	// roleSpread: a foreign-key column spread within the parent of
	// another foreign key.
	roleSpread
	// roleOneToOne: a foreign key that is unique by itself: a parent has
	// at most one child.
	roleOneToOne
)

type columnRole struct {
	role  keyRole
	group *dataprofile.ForeignKey
}

// roles decides, once per table, how each unique key stays unique.
func (t *TablePlan) roles() map[string]columnRole {
	if t.keyRoles != nil {
		return t.keyRoles
	}
	roles := map[string]columnRole{}
	keys := uniqueKeys(t.Table)
	fkOf := func(col string) *dataprofile.ForeignKey {
		for i := range t.Table.ForeignKeys {
			for _, c := range t.Table.ForeignKeys[i].Columns {
				if c == col {
					return &t.Table.ForeignKeys[i]
				}
			}
		}
		return nil
	}
	single := map[string]bool{}
	for _, k := range keys {
		if len(k) == 1 {
			single[k[0]] = true
			if fk := fkOf(k[0]); fk != nil && len(fk.Columns) == 1 {
				roles[k[0]] = columnRole{role: roleOneToOne}
			} else {
				roles[k[0]] = columnRole{role: roleUnique}
			}
		}
	}
	for _, k := range keys {
		if len(k) < 2 {
			continue
		}
		satisfied := false
		for _, c := range k {
			if single[c] || roles[c].role != roleNone {
				satisfied = true
			}
		}
		if satisfied {
			continue
		}
		in := map[string]bool{}
		for _, c := range k {
			in[c] = true
		}
		// A foreign key whose columns all belong to the key groups rows
		// by parent; numbering within the group makes the key unique.
		var group *dataprofile.ForeignKey
		for i := range t.Table.ForeignKeys {
			fk := &t.Table.ForeignKeys[i]
			all := true
			for _, c := range fk.Columns {
				all = all && in[c]
			}
			if all {
				group = fk
				break
			}
		}
		if group == nil {
			roles[k[len(k)-1]] = columnRole{role: roleUnique}
			continue
		}
		inGroup := map[string]bool{}
		for _, c := range group.Columns {
			inGroup[c] = true
		}
		var rest []string
		for _, c := range k {
			if !inGroup[c] {
				rest = append(rest, c)
			}
		}
		if len(rest) == 0 {
			for _, c := range group.Columns {
				roles[c] = columnRole{role: roleOneToOne}
			}
			continue
		}
		x := rest[0]
		switch col := t.Table.Column(x); {
		case fkOf(x) != nil:
			for _, c := range fkOf(x).Columns {
				roles[c] = columnRole{role: roleSpread, group: group}
			}
		case col != nil && col.Kind == dataprofile.KindInteger:
			roles[x] = columnRole{role: roleOrdinal, group: group}
		default:
			roles[x] = columnRole{role: roleUnique}
		}
	}
	t.keyRoles = roles
	return roles
}

// uniqueKeys lists the column sets that must be unique: the primary key,
// unique constraints and unique indexes on plain columns (a partial unique
// index is treated as covering every row, which is stricter).
func uniqueKeys(t *dataprofile.Table) [][]string {
	var keys [][]string
	if t.PrimaryKey != nil {
		keys = append(keys, t.PrimaryKey.Columns)
	}
	for _, u := range t.Unique {
		keys = append(keys, u.Columns)
	}
	for _, ix := range t.Indexes {
		if ix.Unique && len(ix.Columns) > 0 {
			keys = append(keys, ix.Columns)
		}
	}
	return keys
}

// gen returns the generator of a column, building it (and the parent
// columns it depends on) on first use.
func (t *TablePlan) gen(name string) (*columnGen, error) {
	if g := t.byCol[name]; g != nil {
		return g, nil
	}
	if t.building[name] {
		return nil, fmt.Errorf("its foreign keys reference each other's columns in a cycle")
	}
	t.building[name] = true
	defer delete(t.building, name)
	g, err := t.newGen(name)
	if err != nil {
		return nil, err
	}
	t.byCol[name] = g
	return g, nil
}

func (t *TablePlan) newGen(name string) (*columnGen, error) {
	c := t.Table.Column(name)
	if c == nil {
		return nil, fmt.Errorf("no such column")
	}
	role := t.roles()[name]
	for i := range t.Table.ForeignKeys {
		fk := &t.Table.ForeignKeys[i]
		for k, col := range fk.Columns {
			if col != name {
				continue
			}
			f, err := t.fkGen(fk, role)
			if err != nil {
				return nil, err
			}
			// Binary COPY writes the parent's encoding: the types must
			// be the same (an int4 may reference an int8).
			parentCol := t.plan.byName[fk.RefSchema+"."+fk.RefTable].Table.Column(fk.RefColumns[k])
			bin := f.parentCols[k].binary && c.BaseType != "" && c.BaseType == parentCol.BaseType
			return &columnGen{mode: modeForeign, fk: f, fkCol: k, binary: bin}, nil
		}
	}
	if role.role == roleOrdinal {
		f, err := t.fkGen(role.group, columnRole{})
		if err != nil {
			return nil, err
		}
		w := binaryWidth(c.BaseType)
		return &columnGen{mode: modeOrdinal, fk: f, base: ordinalBase(c), width: w, binary: w == 2 || w == 4 || w == 8}, nil
	}
	return t.distributionGen(c, role.role == roleUnique)
}

// ordinalBase is the smallest value of a numbered column, 1 unless its
// statistics say otherwise.
func ordinalBase(c *dataprofile.Column) int64 {
	base := int64(math.MaxInt64)
	if s := c.Stats; s != nil {
		for _, f := range s.MostCommon {
			if v, err := strconv.ParseInt(f.Value, 10, 64); err == nil && v < base {
				base = v
			}
		}
		if len(s.Histogram) > 0 {
			if v, err := strconv.ParseInt(s.Histogram[0], 10, 64); err == nil && v < base {
				base = v
			}
		}
	}
	if base == math.MaxInt64 {
		return 1
	}
	return base
}

// fkGen returns the generator of a foreign key's parent assignment.
func (t *TablePlan) fkGen(fk *dataprofile.ForeignKey, role columnRole) (*fkGen, error) {
	if t.fks == nil {
		t.fks = map[string]*fkGen{}
	}
	if f := t.fks[fk.Name]; f != nil {
		return f, nil
	}
	parent := t.plan.byName[fk.RefSchema+"."+fk.RefTable]
	if parent == nil {
		return nil, fmt.Errorf("foreign key %s references %s.%s, which is not in the profile", fk.Name, fk.RefSchema, fk.RefTable)
	}
	f := &fkGen{parentRows: parent.Rows, key: hashString(t.key, "fk:"+fk.Name)}
	for _, rc := range fk.RefColumns {
		g, err := parent.gen(rc)
		if err != nil {
			return nil, fmt.Errorf("foreign key %s: referenced column %s.%s: %v", fk.Name, parent.Table.QualifiedName(), rc, err)
		}
		if g.omit || g.mode == modeNull {
			return nil, fmt.Errorf("foreign key %s references %s.%s, whose values cannot be generated", fk.Name, parent.Table.QualifiedName(), rc)
		}
		f.parentCols = append(f.parentCols, g)
	}
	// The key is NULL as often as its most often NULL column is.
	nullFrac, notNull, corr := 0.0, false, 0.0
	for k, name := range fk.Columns {
		c := t.Table.Column(name)
		notNull = notNull || c.NotNull
		if c.Stats != nil {
			nullFrac = math.Max(nullFrac, c.Stats.NullFrac)
			if k == 0 && c.Stats.Correlation != nil {
				corr = *c.Stats.Correlation
			}
		}
	}
	if notNull {
		nullFrac = 0
	}
	f.nonNull = t.Rows - int64(math.Round(nullFrac*float64(t.Rows)))
	fanout := fk.Fanout
	switch role.role {
	case roleSpread:
		g, err := t.fkGen(role.group, columnRole{})
		if err != nil {
			return nil, err
		}
		f.spreadOver = g
		t.plan.warnf("table %s: foreign key %s completes a unique key, so its parents are spread evenly within each %s parent rather than following the measured fan-out",
			t.Table.QualifiedName(), fk.Name, role.group.Name)
	case roleOneToOne:
		if f.nonNull > parent.Rows {
			if notNull {
				return nil, fmt.Errorf("foreign key %s is unique, so %s's %d rows need as many parent rows, and %s has %d: give the two tables consistent row counts",
					fk.Name, t.Table.QualifiedName(), t.Rows, parent.Table.QualifiedName(), parent.Rows)
			}
			f.nonNull = parent.Rows
		}
		fanout = &dataprofile.Fanout{Counts: []dataprofile.FanoutBucket{{Children: 0, Parents: parent.Rows - f.nonNull}, {Children: 1, Parents: f.nonNull}}}
	}
	if parent.Rows == 0 && f.nonNull > 0 {
		if notNull {
			return nil, fmt.Errorf("foreign key %s needs parent rows, and %s gets none: give it rows with a table override", fk.Name, parent.Table.QualifiedName())
		}
		f.nonNull = 0
	}
	if f.spreadOver == nil {
		var pinned []int64
		if role.role == roleNone && len(fk.Columns) == 1 {
			pinned = pinnedParents(t.Table.Column(fk.Columns[0]), f.parentCols[0], parent.Rows)
		}
		f.cum = childSlots(fanout, parent.Rows, f.nonNull, f.key, pinned)
		f.rows = newRowMap(t.Rows, f.nonNull, newPermutation(f.nonNull, corr, slotTieShare(f.cum), f.key^0x9e37), f.key)
	}
	t.fks[fk.Name] = f
	return f, nil
}

// distributionGen builds a column generated from its own statistics.
func (t *TablePlan) distributionGen(c *dataprofile.Column, unique bool) (*columnGen, error) {
	key := hashString(t.key, c.Name)
	dom := t.domainFor(c, key)
	where := t.Table.QualifiedName() + "." + c.Name
	if dom == nil {
		switch {
		case c.Default != "" || c.Identity != "":
			t.plan.warnf("column %s (%s): values of this type are not generated; its default fills it", where, c.Type)
			return &columnGen{omit: true}, nil
		case !c.NotNull:
			t.plan.warnf("column %s (%s): values of this type are not generated; it is left NULL", where, c.Type)
			return &columnGen{mode: modeNull, binary: true}, nil
		}
		return nil, fmt.Errorf("values of type %s cannot be generated and the column is NOT NULL without a default; give it a default in staging or leave the table out", c.Type)
	}
	rows := t.Rows
	nullFrac, corr := 0.0, 0.0
	var freqs []float64
	distinct := rows
	if s := c.Stats; s != nil {
		nullFrac = s.NullFrac
		if s.Correlation != nil {
			corr = *s.Correlation
		}
		for _, f := range s.MostCommon {
			freqs = append(freqs, f.Freq)
		}
		switch {
		case s.NDistinct < 0:
			distinct = int64(math.Round(-s.NDistinct * float64(rows)))
		case s.NDistinct > 0:
			distinct = int64(math.Round(s.NDistinct))
		}
	}
	if c.NotNull || unique && nullFrac == 0 {
		nullFrac = 0
	}
	nonNull := rows - int64(math.Round(nullFrac*float64(rows)))
	if distinct > nonNull {
		distinct = nonNull
	}
	if distinct < 1 {
		distinct = 1
	}
	dist := newDistribution(dom, freqs, rows, nonNull, distinct, unique)
	return &columnGen{
		mode:   modeDistribution,
		rows:   newRowMap(rows, nonNull, newPermutation(nonNull, corr, dist.tieShare(), key), key),
		dist:   dist,
		binary: dom.binaryOK(),
	}, nil
}

// maxPinnedScan bounds the parent rows scanned for most-common keys.
const maxPinnedScan = 10_000_000

// pinnedParents finds the parent rows whose generated key is one of the
// child column's most-common values, in order of frequency. Only verbatim
// values can match (kept codes, numbers); stand-ins never equal a key.
func pinnedParents(child *dataprofile.Column, parentKey *columnGen, parents int64) []int64 {
	s := child.Stats
	if s == nil || len(s.MostCommon) == 0 || child.Values != dataprofile.ValuesVerbatim || parents > maxPinnedScan {
		return nil
	}
	want := make(map[string]int, len(s.MostCommon))
	for i, f := range s.MostCommon {
		want[strings.TrimRight(f.Value, " ")] = i
	}
	found := make([]int64, len(s.MostCommon))
	for i := range found {
		found[i] = -1
	}
	var buf []byte
	left := len(want)
	for j := int64(0); j < parents && left > 0; j++ {
		var null bool
		buf, null = parentKey.appendValue(buf[:0], j, false)
		if null {
			continue
		}
		if i, ok := want[strings.TrimRight(string(buf), " ")]; ok && found[i] < 0 {
			found[i] = j
			left--
		}
	}
	var out []int64
	for _, j := range found {
		if j >= 0 {
			out = append(out, j)
		}
	}
	return out
}

// slotTieShare is tieShare for a foreign key: each parent's children are
// one value.
func slotTieShare(cum []int64) float64 {
	n := float64(cum[len(cum)-1])
	if n == 0 {
		return 0
	}
	t := 0.0
	for j := 1; j < len(cum); j++ {
		c := float64(cum[j] - cum[j-1])
		t += c * c
	}
	return t / (n * n)
}

// domainFor returns the value domain of a column, or nil for a type that
// cannot be generated.
func (t *TablePlan) domainFor(c *dataprofile.Column, key uint64) domain {
	switch c.Kind {
	case dataprofile.KindInteger, dataprofile.KindNumeric, dataprofile.KindFloat, dataprofile.KindDate,
		dataprofile.KindTimestamp, dataprofile.KindTimestampTZ, dataprofile.KindTime:
		return newNumberDomain(c)
	case dataprofile.KindText:
		return newTextDomain(c, key)
	case dataprofile.KindBoolean:
		return newLabelDomain(c, []string{"f", "t"})
	case dataprofile.KindEnum:
		for _, e := range t.plan.Profile.Enums {
			if c.Type == dataprofile.QuoteQualified(e.Schema, e.Name) || strings.TrimPrefix(c.Type, e.Schema+".") == e.Name {
				if len(e.Labels) > 0 {
					return newLabelDomain(c, e.Labels)
				}
			}
		}
		return nil
	case dataprofile.KindUUID, dataprofile.KindJSON, dataprofile.KindBytea:
		return newOpaqueDomain(c, key)
	}
	return nil
}
