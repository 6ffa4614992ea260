package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// recordingTB records how a helper ended the test instead of ending it:
// Fatal and Skip stop the helper by panicking with stopped, as the real
// ones stop the goroutine.
type recordingTB struct {
	testing.TB
	outcome, msg string
}

type stopped struct{}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Fatal(args ...any) {
	r.outcome, r.msg = "fail", fmt.Sprint(args...)
	panic(stopped{})
}

func (r *recordingTB) Fatalf(format string, args ...any) { r.Fatal(fmt.Sprintf(format, args...)) }

func (r *recordingTB) Skip(args ...any) {
	r.outcome, r.msg = "skip", fmt.Sprint(args...)
	panic(stopped{})
}

// run calls requireBinary and returns the path it found, or how it ended
// the test.
func run(t *testing.T, env map[string]string, names ...string) (path, outcome, msg string) {
	tb := &recordingTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stopped); !ok {
					panic(r)
				}
			}
		}()
		path = requireBinary(tb, func(k string) string { return env[k] }, "PARITY_TOOL", names...)
		tb.outcome = "found"
	}()
	return path, tb.outcome, tb.msg
}

func TestRequireBinary(t *testing.T) {
	t.Parallel()
	existing := filepath.Join(t.TempDir(), "tool")
	if err := os.WriteFile(existing, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	const missing = "parity-no-such-program-anywhere"
	tests := []struct {
		name        string
		env         map[string]string
		names       []string
		wantPath    string
		wantOutcome string
		wantMsg     string
	}{
		{"env var names the program", map[string]string{"PARITY_TOOL": existing, "CI": "true"}, []string{missing}, existing, "found", ""},
		{"env var names nothing", map[string]string{"PARITY_TOOL": existing + ".gone"}, []string{"sh"}, "", "fail", "no such file"},
		{"found on PATH", map[string]string{"CI": "true"}, []string{missing, "sh"}, "", "found", ""},
		{"missing under CI=true", map[string]string{"CI": "true"}, []string{missing}, "", "fail", "CI must install it"},
		{"missing under CI=1", map[string]string{"CI": "1"}, []string{missing}, "", "fail", "CI must install it"},
		{"missing outside CI", nil, []string{missing}, "", "skip", "run `make tools`"},
		{"missing with CI=false", map[string]string{"CI": "false"}, []string{missing}, "", "skip", "run `make tools`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path, outcome, msg := run(t, tt.env, tt.names...)
			if tt.wantPath != "" && path != tt.wantPath {
				t.Errorf("path = %q, want %q", path, tt.wantPath)
			}
			if outcome == "found" && path == "" {
				t.Error("found, but returned no path")
			}
			if diff := cmp.Diff(tt.wantOutcome, outcome); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			if !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q lacks %q", msg, tt.wantMsg)
			}
		})
	}
}
