package tfinput

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestScaleTwoSides reads two generated states of 50,000 resources (about
// 100 MB each) in a fresh process and reports time, retained heap and peak
// RSS. It is slow, so it runs only with TFINPUT_SCALE=1.
func TestScaleTwoSides(t *testing.T) {
	if files := os.Getenv("TFINPUT_SCALE_FILES"); files != "" {
		scaleChild(t, strings.Split(files, ","))
		return
	}
	if os.Getenv("TFINPUT_SCALE") == "" {
		t.Skip("set TFINPUT_SCALE=1 to run")
	}
	dir := t.TempDir()
	var paths []string
	for _, side := range []string{"staging", "production"} {
		p := filepath.Join(dir, side+".json")
		data := generateState(50000)
		t.Logf("%s: %d MB", side, len(data)>>20)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestScaleTwoSides$", "-test.v")
	cmd.Env = append(os.Environ(), "TFINPUT_SCALE_FILES="+strings.Join(paths, ","))
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatal(err)
	}
}

func scaleChild(t *testing.T, paths []string) {
	start := time.Now()
	var n int
	var envs []any
	for _, p := range paths {
		env, err := Load(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n += len(env.Resources)
		envs = append(envs, env)
	}
	elapsed := time.Since(start)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	status, _ := os.ReadFile("/proc/self/status")
	var hwm string
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmHWM") {
			hwm = strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	t.Logf("resources %d, load %v (CPU %v), retained heap %d MB, peak RSS %s", n, elapsed, cpu, ms.HeapAlloc>>20, hwm)
	runtime.KeepAlive(envs)
}
