package parity

import "testing"

func TestPatternMatchNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		names   []string
		want    bool
	}{
		{"status", []string{"public", "orders", "status"}, true},
		{"orders.status", []string{"public", "orders", "status"}, true},
		{"public.orders.status", []string{"public", "orders", "status"}, true},
		{"billing.orders.status", []string{"public", "orders", "status"}, false},
		{"*.status", []string{"public", "orders", "status"}, true},
		{"users.status", []string{"public", "orders", "status"}, false},
		{"**.country", []string{"public", "users", "country"}, true},
		{"orders", []string{"public", "orders", "status"}, false},
	}
	for _, tt := range tests {
		if got := MustCompilePattern(tt.pattern).MatchNames(tt.names...); got != tt.want {
			t.Errorf("%s matches %v = %v, want %v", tt.pattern, tt.names, got, tt.want)
		}
	}
}
