package parity

import (
	"fmt"
	"strings"
	"testing"
)

// TestAutomatonMatchesMatchSuffix checks the step-by-step matcher of the
// path stack against matchSuffix, which matches a whole path at once, on
// every prefix of a set of paths.
func TestAutomatonMatchesMatchSuffix(t *testing.T) {
	t.Parallel()
	patterns := []string{
		"a", "b", "a.b", "a.*", "*", "**", "**.b", "a.**", "a.**.b", "a.**.**.b", "**.a.**",
		"a[*]", "a[*].b", "a[0]", "a[0].b", "*[*]", "a.*.b", "*.*", "0", "a.0", `a["k"]`,
		"aws_instance.*.instance_type", "module.app.**.size", "x.**.a.*.b",
	}
	paths := []string{
		"a", "b", "a.b", "a[0]", "a[0].b", "a[1].b", "a.x.b", "a.x.y.b", "x.a.b", "a.b.a.b",
		"a[0][1].b", "b.a", "a.0", `a["k"]`, "aws_instance.web.instance_type",
		"module.app.aws_instance.web[0].size", "x.q.a.z.b", "x.a.b", "a.a.a.a.b.b",
	}
	for _, pt := range patterns {
		p := MustCompilePattern(pt)
		for _, pa := range paths {
			steps := parseAddress(pa)
			st := p.nfaStart()
			if got, want := p.nfaAccepts(st), p.matchSuffix(nil); got != want {
				t.Errorf("%q on the empty path: automaton %v, matchSuffix %v", pt, got, want)
			}
			for i, s := range steps {
				st = p.nfaAdvance(st, s)
				if got, want := p.nfaAccepts(st), p.matchSuffix(steps[:i+1]); got != want {
					t.Errorf("%q on %s: automaton %v, matchSuffix %v", pt, formatPath(steps[:i+1]), got, want)
				}
			}
		}
	}
}

// TestDeepRulesClassify checks that rules still apply at depth: built-in
// knowledge by the last steps, user rules with and without `**` by their
// automata, inside values nested thousands of levels deep.
func TestDeepRulesClassify(t *testing.T) {
	t.Parallel()
	const depth = 3000
	nest := func(leaf map[string]Value) Value {
		v := Object(leaf)
		for range depth {
			v = Object(map[string]Value{"n": List(v)})
		}
		return v
	}
	leaf := func(size, note, timeout string) map[string]Value {
		return map[string]Value{"instance_type": String(size), "note": String(note), "timeout": String(timeout)}
	}
	stg := state(res("aws_instance.web", "aws_instance", map[string]Value{"deep": nest(leaf("t3.large", "staging note", "30"))}))
	prod := state(res("aws_instance.web", "aws_instance", map[string]Value{"deep": nest(leaf("t3.xlarge", "production note", "60"))}))
	rules := Rules{
		Ratio:   0.5,
		Ignores: []IgnoreRule{{Pattern: "aws_instance.**.note", Reason: "notes differ"}},
	}
	rep, err := Compare(stg, prod, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || !strings.HasSuffix(rep.Findings[0].Path, ".timeout") || rep.Findings[0].Kind != FindingConfigDrift {
		t.Fatalf("want one finding, timeout at the bottom; got %d: %+v", len(rep.Findings), rep.Findings)
	}
	if len(rep.Ignored) != 1 || !strings.HasSuffix(rep.Ignored[0].Path, ".note") {
		t.Errorf("the ** rule did not ignore the note at depth %d: %+v", depth, rep.Ignored)
	}
}

// TestDeepListsPermutation checks the reordering rule at every level of
// lists nested in lists: the same elements in another order are not drift,
// a changed element deep down is, and the hashes agree.
func TestDeepListsPermutation(t *testing.T) {
	t.Parallel()
	build := func(depth int, bottom string, swap bool) Value {
		v := Value(String(bottom))
		for i := range depth {
			other := Object(map[string]Value{"i": Int(int64(i))})
			if swap {
				v = List(other, v)
			} else {
				v = List(v, other)
			}
		}
		return v
	}
	for _, depth := range []int{1, 5, 2000} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			t.Parallel()
			a := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "x", false)}))
			b := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "x", true)}))
			c := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "y", true)}))
			rep, err := Compare(a, b, Rules{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != 0 || rep.StagingHash != rep.ProductionHash {
				t.Errorf("reordered lists: %d findings, hashes %s %s", len(rep.Findings), rep.StagingHash, rep.ProductionHash)
			}
			rep, _ = Compare(a, c, Rules{})
			if len(rep.Findings) == 0 || rep.StagingHash == rep.ProductionHash {
				t.Errorf("changed bottom: %d findings, hashes equal %v", len(rep.Findings), rep.StagingHash == rep.ProductionHash)
			}
		})
	}
}

// TestNestedSetsCanonical checks that nested sets encode alike in any order
// and differently when their content differs, and that a set of scalars
// still encodes sorted by value.
func TestNestedSetsCanonical(t *testing.T) {
	t.Parallel()
	if got := string(CanonicalJSON(Set(String("b"), Int(2), String("a"), Bool(true)))); got != `["a","b",2,true]` {
		t.Errorf("set of scalars: %s", got)
	}
	nest := func(depth int, leaf string, flip bool) Value {
		v := Value(String(leaf))
		for i := range depth {
			o := Object(map[string]Value{"k": Int(int64(i))})
			if flip {
				v = Set(v, o)
			} else {
				v = Set(o, v)
			}
		}
		return v
	}
	for _, depth := range []int{2, 3000} {
		a, b, c := CanonicalJSON(nest(depth, "x", false)), CanonicalJSON(nest(depth, "x", true)), CanonicalJSON(nest(depth, "y", false))
		if string(a) != string(b) {
			t.Errorf("depth %d: element order changes the encoding", depth)
		}
		if string(a) == string(c) {
			t.Errorf("depth %d: different content encodes alike", depth)
		}
	}
}

// TestIndexRulesWithSharedValues checks that a user rule naming a list
// index applies to that index only, even when the same value (one
// container, whose view is otherwise remembered) stands at two indexes.
func TestIndexRulesWithSharedValues(t *testing.T) {
	t.Parallel()
	// "same1": the view of [same1, x] sorts after that of [x], so a view
	// remembered from the first index would also reorder the list.
	shared := List(String("same1"), String("x"))
	other := List(String("other"), String("x"))
	stg := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": List(List(shared, shared), String("a"))}))
	prod := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": List(List(shared, other), String("a"))}))
	ignore := func(pattern string) Rules {
		return Rules{Ignores: []IgnoreRule{{Pattern: pattern, Reason: "differs on purpose"}}}
	}
	rep, err := Compare(stg, prod, ignore("l[0][1][0]"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 || rep.StagingHash != rep.ProductionHash {
		t.Errorf("l[0][1][0] is ignored: %d findings %+v, hashes equal %v", len(rep.Findings), rep.Findings, rep.StagingHash == rep.ProductionHash)
	}
	rep, _ = Compare(stg, prod, ignore("l[0][0][0]"))
	if len(rep.Findings) == 0 || rep.StagingHash == rep.ProductionHash {
		t.Errorf("l[0][1][0] differs and is not ignored: %d findings, hashes equal %v", len(rep.Findings), rep.StagingHash == rep.ProductionHash)
	}
}

// TestElementKeysRememberTheListKey checks that the key the walk remembers
// for a list whose elements it keyed is the key the view writer computes.
func TestElementKeysRememberTheListKey(t *testing.T) {
	t.Parallel()
	e, err := newEngine(Rules{})
	if err != nil {
		t.Fatal(err)
	}
	list := List(Object(map[string]Value{"b": String("stg-1")}), String("x"), Object(map[string]Value{"a": List(Int(1), Int(2))}))
	env := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": list}))
	in := &e.index(env, true, e.stagingTokens).instances[0]
	w := e.newWalker(in, in, &Report{})
	w.ps.push(step{name: "l"})
	_, node := e.cls.classify(w.resType, w.ps, w.addrLen, nil)
	w.elementKeys(0, list, node, nil, e.stagingTokens)
	remembered, ok := w.views[0].keys[viewKey{list.c, node}]
	if !ok {
		t.Fatal("the list's key is not remembered")
	}
	fresh := newViewWriter(e, e.cls, e.stagingTokens, w.resType, w.ps, w.addrLen)
	if got := fresh.key(list, node); got != remembered {
		t.Errorf("remembered key %x, computed %x", remembered, got)
	}
}
