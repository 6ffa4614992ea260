package loadprofile

import (
	"fmt"
	"strings"
	"time"
)

// ParseDuration reads a duration as k6 and Go write it ("30s", "5m",
// "1h30m"). Load profiles schedule whole seconds, so a duration must be a
// positive whole number of seconds.
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, fmt.Errorf("not a duration: %q (write it like 30s, 5m or 1h30m)", s)
	case d < time.Second:
		return 0, fmt.Errorf("must be at least 1s, got %q", s)
	case d%time.Second != 0:
		return 0, fmt.Errorf("must be a whole number of seconds, got %q", s)
	}
	return d, nil
}

// formatDuration writes d the short way k6 users write it: 1h30m, 5m, 45s.
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	s := d.String() // e.g. 1h30m0s
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
