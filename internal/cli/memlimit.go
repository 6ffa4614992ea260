package cli

import (
	"os"
	"runtime/debug"
)

// Memory limit for large checks. The live heap of a check is about four
// times the size of its JSON inputs; left alone, the garbage collector lets
// the heap grow to twice the live size before collecting. A soft limit makes
// it collect sooner instead, which keeps two 100 MB states under 1 GiB of
// memory for a few percent of time. Inputs too big for the floor get room in
// proportion, so the collector never thrashes. GOMEMLIMIT, when set, wins.
const (
	memoryLimitFloor    = 900 << 20
	memoryPerInputByte  = 5
	memoryLimitMinInput = 20 << 20 // small checks keep the runtime's defaults
)

// setMemoryLimit applies the limit for the given input files and returns
// the limit set (0 when none).
func (c *command) setMemoryLimit(sides []side) int64 {
	if c.getenv("GOMEMLIMIT") != "" {
		return 0
	}
	var total int64
	for _, s := range sides {
		if st, err := os.Stat(s.path); err == nil && !st.IsDir() {
			total += st.Size()
		}
	}
	if total < memoryLimitMinInput {
		return 0
	}
	limit := max(int64(memoryLimitFloor), total*memoryPerInputByte)
	debug.SetMemoryLimit(limit)
	return limit
}
