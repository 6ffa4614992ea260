package parity

import (
	"fmt"
	"strings"
	"testing"
)

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

// TestDeepListsPermutation checks lists nested in lists at every depth: the
// same elements written in another order are an order change (Terraform
// writes a set the same way whatever its order, so two identical elements
// in another order are an ordered list), identical lists are in parity with
// equal hashes, and a changed element deep down is found.
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
	for _, depth := range []int{1, 5, 1000} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			t.Parallel()
			a := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "x", false)}))
			a2 := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "x", false)}))
			b := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "x", true)}))
			c := state(res("aws_instance.web", "aws_instance", map[string]Value{"l": build(depth, "y", false)}))
			rep, err := Compare(a, a2, Rules{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != 0 || rep.StagingHash != rep.ProductionHash {
				t.Errorf("identical lists: %d findings, hashes %s %s", len(rep.Findings), rep.StagingHash, rep.ProductionHash)
			}
			rep, _ = Compare(a, b, Rules{})
			if len(rep.Findings) == 0 || rep.StagingHash == rep.ProductionHash {
				t.Errorf("reordered lists: %d findings, hashes equal %v", len(rep.Findings), rep.StagingHash == rep.ProductionHash)
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
