package adversarial

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// Bounds every hostile case is held to. They are far above what a refusal
// costs (a few milliseconds and about 20 MB) and far below what the inputs
// cost when they are not refused (minutes, gigabytes).
const (
	// addressSpace is the hard limit on the subprocess's virtual memory, a
	// safety net that ends a run that would exhaust the machine (reading
	// /dev/zero grew by 1.5 GB every 2 s). The Go runtime reserves about
	// 1.6 GB of address space at start; this leaves it about 2.4 GB.
	addressSpace = 4 << 30
	// maxRSS is the peak resident memory allowed.
	maxRSS = 256 << 20
	// maxTime is the wall time allowed (the machine is shared; a refusal
	// takes milliseconds).
	maxTime = 20 * time.Second
)

var (
	buildOnce sync.Once
	parityBin string
	peakBin   string
	buildErr  error
)

// peakRSSSource is a small program that runs a command and writes its
// peak resident memory (kilobytes) to a file. The peak the test reads from
// its own child is not the child's: Linux starts a child's peak at its
// parent's (fork copies the address space's high-water mark, and exec keeps
// it), so every run looked as large as the test process itself, which holds
// big hostile inputs (259 MB). A child of this small program starts from
// the program's few megabytes.
const peakRSSSource = `package main

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

func main() {
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		os.Stderr.WriteString("peakrss: " + err.Error() + "\n")
		os.Exit(125)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru != nil {
		os.WriteFile(os.Args[1], []byte(strconv.FormatInt(ru.Maxrss, 10)), 0o600)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		os.Exit(128 + int(ws.Signal()))
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
`

// parity builds the parity binary once per test run.
func parity(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "parity-adversarial-")
		if err != nil {
			buildErr = err
			return
		}
		parityBin = filepath.Join(dir, "parity")
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			buildErr = err
			return
		}
		build := exec.Command("go", "build", "-o", parityBin, ".")
		build.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = errors.New("go build: " + err.Error() + "\n" + string(out))
			return
		}
		src := filepath.Join(dir, "peakrss")
		if err := os.MkdirAll(src, 0o700); err != nil {
			buildErr = err
			return
		}
		if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(peakRSSSource), 0o600); err != nil {
			buildErr = err
			return
		}
		if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module peakrss\n\ngo 1.24\n"), 0o600); err != nil {
			buildErr = err
			return
		}
		peakBin = filepath.Join(dir, "peakrss-bin")
		build = exec.Command("go", "build", "-o", peakBin, ".")
		build.Dir = src
		build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = errors.New("go build peakrss: " + err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return parityBin
}

// outcome is what a bounded run of the CLI did.
type outcome struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64 // bytes
}

// runBounded runs parity with args in dir under the address-space limit
// and the timeout, and fails the test when it crashes (a runtime fatal
// error exits 2 too, so the exit code alone proves nothing), exceeds the
// time or the memory bound.
func runBounded(t *testing.T, dir string, stdin []byte, args ...string) outcome {
	t.Helper()
	prlimit := testutil.RequireBinary(t, "PARITY_PRLIMIT", "prlimit")
	bin := parity(t) // built before the clock starts
	ctx, cancel := context.WithTimeout(context.Background(), maxTime)
	defer cancel()
	peakFile := filepath.Join(t.TempDir(), "peak")
	cmd := exec.CommandContext(ctx, peakBin, append([]string{peakFile, prlimit, "--as=" + itoa(addressSpace), bin}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "GOMEMLIMIT=", "GOGC=")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	o := outcome{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("parity %s: still running after %v (killed)\nstderr: %.2000s", strings.Join(args, " "), maxTime, o.stderr)
	}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		o.code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("parity %s: %v", strings.Join(args, " "), err)
	}
	peak, err := os.ReadFile(peakFile)
	if err != nil {
		t.Fatalf("parity %s: no peak memory recorded: %v\nstderr: %.2000s", strings.Join(args, " "), err, o.stderr)
	}
	kb, err := strconv.ParseInt(string(peak), 10, 64)
	if err != nil {
		t.Fatalf("peak memory %q: %v", peak, err)
	}
	o.maxRSS = kb << 10 // kilobytes on Linux
	for _, crash := range []string{"fatal error:", "panic:", "goroutine ", "out of memory"} {
		if strings.Contains(o.stderr, crash) {
			t.Fatalf("parity %s crashed:\n%.3000s", strings.Join(args, " "), o.stderr)
		}
	}
	if o.maxRSS > maxRSS {
		t.Errorf("parity %s: peak memory %d MB, bound %d MB", strings.Join(args, " "), o.maxRSS>>20, maxRSS>>20)
	}
	return o
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// snapshot records the content of files so that a test can prove they
// were not touched.
type snapshot map[string][]byte

func takeSnapshot(t *testing.T, paths ...string) snapshot {
	t.Helper()
	s := snapshot{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s[p] = b
	}
	return s
}

func (s snapshot) assertUnchanged(t *testing.T) {
	t.Helper()
	for p, want := range s {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s changed: %d bytes, was %d", p, len(got), len(want))
		}
	}
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// mkfifo makes a named pipe under dir.
func mkfifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// endlessFIFO makes a named pipe with a writer that streams zeros into it
// for as long as the test runs: an endless stream, if anything read it.
func endlessFIFO(t *testing.T, dir, name string) string {
	t.Helper()
	p := mkfifo(t, dir, name)
	// O_RDWR opens without waiting for a reader.
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		zeros := make([]byte, 64<<10)
		for {
			if _, err := f.Write(zeros); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		f.Close()
		<-done
	})
	return p
}

// state is a show -json state with one resource whose values are given as
// JSON text.
func state(values string) []byte {
	return []byte(`{"format_version":"1.0","terraform_version":"1.11.0","values":{"root_module":{"resources":[` +
		`{"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","schema_version":1,` +
		`"values":` + values + `,"sensitive_values":{}}]}}}`)
}
