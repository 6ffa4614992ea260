// Command benchreport measures `parity check` on generated states of 1k,
// 10k and 50k resources per side: wall time and peak memory (max RSS) of
// the real binary, beside the time of merely decoding the same two files
// with encoding/json, and compares the result with the targets (50k
// resources per side in under 3 s and 1 GiB).
//
//	go run ./internal/bench/cmd/benchreport [-sizes 1000,10000,50000] [-runs 3] [-dir .bench]
//
// Inputs are generated into -dir (default .bench at the module root, which
// git ignores) and reused by later runs. With -decode-only FILE… it only
// decodes the files; it runs itself that way to measure the baseline in a
// process of its own.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/bench"
)

// Targets at the largest size.
const (
	targetResources = 50000
	targetTime      = 3 * time.Second
	targetRSS       = 1 << 30
)

func main() {
	sizesFlag := flag.String("sizes", "1000,10000,50000", "resources per side, comma-separated")
	runs := flag.Int("runs", 3, "runs per measurement; the median is reported")
	dir := flag.String("dir", "", "directory for inputs and the binary (default .bench at the module root)")
	decodeOnly := flag.Bool("decode-only", false, "only decode the FILE arguments with encoding/json")
	flag.Parse()

	if *decodeOnly {
		if err := bench.DecodeEncodingJSON(flag.Args()...); err != nil {
			fmt.Fprintln(os.Stderr, "benchreport:", err)
			os.Exit(1)
		}
		return
	}
	if err := report(*sizesFlag, *runs, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

type measurement struct {
	wall   time.Duration
	cpu    time.Duration // user + system, steadier than wall time on a busy machine
	maxRSS int64         // bytes
}

type row struct {
	in            bench.Inputs
	check, decode measurement
}

func report(sizesFlag string, runs int, dir string) error {
	var sizes []int
	for _, s := range strings.Split(sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		sizes = append(sizes, n)
	}
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if dir == "" {
		dir = filepath.Join(root, ".bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	parityBin := filepath.Join(dir, "parity")
	fmt.Fprintf(os.Stderr, "building %s…\n", parityBin)
	build := exec.Command("go", "build", "-o", parityBin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}

	var rows []row
	for _, n := range sizes {
		fmt.Fprintf(os.Stderr, "generating %d resources per side…\n", n)
		in, err := bench.WriteInputs(dir, n)
		if err != nil {
			return err
		}
		r := row{in: in}
		var checks, decodes []measurement
		for i := 0; i < runs; i++ {
			fmt.Fprintf(os.Stderr, "measuring %d resources, run %d of %d…\n", n, i+1, runs)
			m, err := measure(dir, parityBin, "check", "--rules", in.Rules, "--format", "json="+os.DevNull, in.Staging, in.Production)
			if err != nil {
				return err
			}
			checks = append(checks, m)
			m, err = measure(dir, self, "-decode-only", in.Staging, in.Production)
			if err != nil {
				return err
			}
			decodes = append(decodes, m)
		}
		r.check, r.decode = median(checks), median(decodes)
		rows = append(rows, r)
	}
	printReport(rows, runs)
	return nil
}

// measure runs a program and returns its wall time and peak resident set.
// Exit code 1 is a finding of drift for parity check, not a failure.
func measure(dir, bin string, args ...string) (measurement, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exitErr *exec.ExitError
	if err != nil && !(errors.As(err, &exitErr) && exitErr.ExitCode() == 1 && filepath.Base(bin) == "parity") {
		return measurement{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return measurement{}, errors.New("no resource usage on this system")
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return measurement{wall: wall, cpu: cpu, maxRSS: ru.Maxrss * 1024}, nil // Maxrss is in KiB on Linux
}

// median takes the median of each quantity independently.
func median(ms []measurement) measurement {
	walls := make([]time.Duration, len(ms))
	cpus := make([]time.Duration, len(ms))
	rss := make([]int64, len(ms))
	for i, m := range ms {
		walls[i], cpus[i], rss[i] = m.wall, m.cpu, m.maxRSS
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rss)
	return measurement{wall: walls[len(ms)/2], cpu: cpus[len(ms)/2], maxRSS: rss[len(ms)/2]}
}

func printReport(rows []row, runs int) {
	fmt.Printf("\nparity check vs encoding/json decode of the same two files (median of %d runs, GOMAXPROCS=%s)\n\n", runs, gomaxprocs())
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "resources/side\tinput (2 files)\tcheck time\tcheck CPU\tcheck peak RSS\tencoding/json decode\tdecode CPU\tdecode peak RSS\tcheck/decode time\tcheck/decode RSS\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f×\t%.2f×\t\n",
			count(r.in.N), mb(r.in.StagingBytes+r.in.ProductionBytes),
			seconds(r.check.wall), seconds(r.check.cpu), mb(r.check.maxRSS),
			seconds(r.decode.wall), seconds(r.decode.cpu), mb(r.decode.maxRSS),
			r.check.wall.Seconds()/r.decode.wall.Seconds(),
			float64(r.check.maxRSS)/float64(r.decode.maxRSS))
	}
	tw.Flush()
	fmt.Println()

	byN := map[int]row{}
	for _, r := range rows {
		byN[r.in.N] = r
	}
	if big, ok := byN[targetResources]; ok {
		fmt.Printf("target at %s resources/side: time %s (< %s: %s), peak RSS %s (< 1 GiB: %s)\n",
			count(targetResources), seconds(big.check.wall), seconds(targetTime), verdict(big.check.wall < targetTime),
			mb(big.check.maxRSS), verdict(big.check.maxRSS < targetRSS))
	} else {
		fmt.Printf("target: not measured (run with %d among -sizes)\n", targetResources)
	}
	// Linear growth: the cost per resource at the largest size compared
	// with the size before it.
	if len(rows) >= 2 {
		a, b := rows[len(rows)-2], rows[len(rows)-1]
		perA := a.check.wall.Seconds() / float64(a.in.N)
		perB := b.check.wall.Seconds() / float64(b.in.N)
		memA := float64(a.check.maxRSS) / float64(a.in.N)
		memB := float64(b.check.maxRSS) / float64(b.in.N)
		fmt.Printf("growth %s → %s: time per resource %.1f µs → %.1f µs (%.2f×), peak RSS per resource %.1f KB → %.1f KB (%.2f×): %s\n",
			count(a.in.N), count(b.in.N), perA*1e6, perB*1e6, perB/perA, memA/1024, memB/1024, memB/memA,
			linearVerdict(perB/perA, memB/memA))
	}
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// linearVerdict calls growth linear when the cost per resource at the larger
// size is within 25% of the smaller one (fixed start-up costs make the
// smaller size's cost per resource, if anything, higher).
func linearVerdict(timeRatio, memRatio float64) string {
	if timeRatio <= 1.25 && memRatio <= 1.25 {
		return "linear"
	}
	return "NOT linear"
}

func count(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// gomaxprocs is what the measured processes use: they inherit the
// environment, and GOMAXPROCS defaults to the number of CPUs.
func gomaxprocs() string { return strconv.Itoa(runtime.GOMAXPROCS(0)) }

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the module; run from the repository")
	}
	return filepath.Dir(gomod), nil
}
