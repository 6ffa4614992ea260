package parity

// memo remembers the answers of a pure function by key, for one goroutine
// (it is not safe for concurrent use). States repeat the same strings,
// names and sizes across thousands of resources; past its bound a memo
// starts afresh, which costs only time, so memory stays flat however many
// distinct keys a state holds. The zero memo is ready to use.
type memo[K comparable, V any] struct {
	m map[K]V
	// max bounds the entries; zero means memoMax.
	max int
}

// memoMax bounds a memo unless it says otherwise.
const memoMax = 1 << 16

func (m *memo[K, V]) get(k K) (V, bool) {
	v, ok := m.m[k]
	return v, ok
}

// put remembers v for k and returns v.
func (m *memo[K, V]) put(k K, v V) V {
	limit := m.max
	if limit == 0 {
		limit = memoMax
	}
	if m.m == nil {
		m.m = make(map[K]V)
	} else if len(m.m) >= limit {
		clear(m.m)
	}
	m.m[k] = v
	return v
}
