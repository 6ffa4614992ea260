// Package testutil holds helpers shared by tests that run real programs.
package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// RequireBinary returns the path of a program a test runs for real: the
// environment variable envVar when set, else the first of names on PATH (or
// the fixed fallbacks). Where it is missing the test fails under CI (where
// `make test` must have installed it) and is skipped elsewhere with the
// command that installs it.
func RequireBinary(t testing.TB, envVar string, names ...string) string {
	t.Helper()
	if p := os.Getenv(envVar); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		t.Fatalf("%s=%s: no such file", envVar, p)
	}
	if p := FindBinary(names...); p != "" {
		return p
	}
	msg := names[0] + " not found (set " + envVar + " or run `make tools`)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI must install it")
	}
	t.Skip(msg)
	return ""
}

// FindBinary returns the path of the first of names found on PATH (make puts
// the project's bin/ and GOPATH/bin on it), or "".
func FindBinary(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}
