// Package testutil holds helpers shared by tests that run real programs.
package testutil

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// RequireBinary returns the path of a program a test runs for real: the
// environment variable envVar when set, else the first of names on PATH (or
// the fixed fallbacks). Where it is missing the test fails under CI (where
// `make test` must have installed it; `.ci/run` sets CI=true) and is skipped
// elsewhere with the command that installs it.
func RequireBinary(t testing.TB, envVar string, names ...string) string {
	t.Helper()
	return requireBinary(t, os.Getenv, envVar, names...)
}

func requireBinary(t testing.TB, getenv func(string) string, envVar string, names ...string) string {
	t.Helper()
	if p := getenv(envVar); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		t.Fatalf("%s=%s: no such file", envVar, p)
	}
	if p := FindBinary(names...); p != "" {
		return p
	}
	msg := names[0] + " not found (set " + envVar + " or run `make tools`)"
	if InCI(getenv) {
		t.Fatal(msg + "; CI must install it")
	}
	t.Skip(msg)
	return ""
}

// InCI reports whether CI is set to anything but empty, 0 or false: CI
// services set CI=true, and someone reproducing a run by hand may write
// CI=1.
func InCI(getenv func(string) string) bool {
	switch strings.ToLower(getenv("CI")) {
	case "", "0", "false":
		return false
	}
	return true
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
