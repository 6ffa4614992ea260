//go:build linux

package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal: what the check writes to slave, a
// terminal, comes out of master.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		t.Fatal(errno)
	}
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Fatal(errno)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return master, slave
}

// TestCheckColourOnTerminal: colour on a terminal, none with --no-color or
// NO_COLOR (whatever its value, as no-color.org asks), none in a file.
func TestCheckColourOnTerminal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		flags   []string
		noColor string
		want    bool
	}{
		{"a terminal", nil, "", true},
		{"--no-color", []string{"--no-color"}, "", false},
		{"NO_COLOR", nil, "1", false},
		{"NO_COLOR=0", nil, "0", false},
		{"--quiet keeps colour", []string{"--quiet"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			master, slave := openPTY(t)
			var got bytes.Buffer
			done := make(chan struct{})
			go func() {
				io.Copy(&got, master) // ends with EIO once the slave is closed
				close(done)
			}()
			var stderr bytes.Buffer
			c := &command{
				ctx: context.Background(), version: "test", stdin: strings.NewReader(""),
				stdout: slave, stderr: &stderr,
				getenv: func(k string) string {
					if k == "NO_COLOR" {
						return tc.noColor
					}
					return ""
				},
			}
			args := append(append([]string{"check", "--ratio", "0.5"}, tc.flags...), td("staging.json"), td("production.json"))
			code := c.run(args)
			slave.Close()
			<-done
			if code != exitDrift {
				t.Fatalf("exit %d, stderr %s", code, stderr.String())
			}
			if has := strings.Contains(got.String(), "\x1b["); has != tc.want {
				t.Errorf("colour %v, want %v:\n%q", has, tc.want, got.String()[:min(got.Len(), 400)])
			}
			if !strings.Contains(got.String(), "Drift: ") {
				t.Errorf("no report on the terminal: %q", got.String())
			}
		})
	}
}
