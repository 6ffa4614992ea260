package parity

import (
	"fmt"
	"testing"
)

// deepValue builds a value nested depth levels deep in one of the shapes a
// hostile or generated document takes, with leaf at the bottom.
func deepValue(shape string, depth int, leaf Value) Value {
	v := leaf
	for i := 0; i < depth; i++ {
		switch shape {
		case "objects":
			v = Object(map[string]Value{"a": v})
		case "lists":
			v = List(v)
		case "pairs": // lists of two: compared as unordered inside resources
			v = List(String("x"), v)
		case "sets":
			v = Set(String("x"), v)
		case "mixed":
			if i%2 == 0 {
				v = Object(map[string]Value{"a": v, "b": Int(int64(i))})
			} else {
				v = List(v, String("y"))
			}
		}
	}
	return v
}

func deepEnvironment(name, shape string, depth int, leaf Value) Environment {
	return Environment{Name: name, Resources: []Resource{{
		Address: "aws_instance.web", Mode: "managed", Type: "aws_instance",
		Values: Object(map[string]Value{"deep": deepValue(shape, depth, leaf), "instance_type": String("t3.large")}),
	}}}
}

var deepShapes = []string{"objects", "lists", "pairs", "sets", "mixed"}

// BenchmarkCompareDeep compares two resources nested depth levels deep
// that differ at the bottom (so that every enclosing list is checked for
// a reordering), with both hashes. Every walk is linear in the size of the
// input: ns/op grows ten times from depth 100 to 1000 and four times from
// 1000 to 4000.
func BenchmarkCompareDeep(b *testing.B) {
	rules := Rules{Ignores: []IgnoreRule{{Pattern: "**.unused", Reason: "a pattern with ** is matched at every step"}}}
	for _, shape := range deepShapes {
		for _, depth := range []int{100, 1000, 4000} {
			stg := deepEnvironment("staging", shape, depth, String("staging-value"))
			prod := deepEnvironment("production", shape, depth, String("production-other"))
			b.Run(fmt.Sprintf("%s/depth=%d", shape, depth), func(b *testing.B) {
				for b.Loop() {
					rep, err := Compare(stg, prod, rules)
					if err != nil {
						b.Fatal(err)
					}
					if rep.InParity() {
						b.Fatal("the difference at the bottom was not found")
					}
				}
			})
		}
	}
}
