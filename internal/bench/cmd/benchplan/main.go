// Command benchplan measures what parity_check adds to `terraform plan`: the
// wall time of real Terraform planning N parity_check resources against a
// local build of the provider (dev_overrides), beside N terraform_data
// resources, for N = 1, 50 and 200 by default. Each plan runs several times
// and the median is reported; the cost of one resource is the slope between
// the smallest and each larger N, so the fixed costs of starting Terraform
// and the provider cancel out.
//
//	go run ./internal/bench/cmd/benchplan [-sizes 1,50,200] [-runs 5] [-dir .bench/plan]
//
// It is a measurement, not a test: the machine's load shows in the numbers,
// which is why it takes medians and prints every one of them.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// targetPerCheck is the target for one parity_check on a 2-core
// machine.
const targetPerCheck = 5 * time.Millisecond

func main() {
	sizesFlag := flag.String("sizes", "1,50,200", "numbers of resources per plan, comma-separated, smallest first")
	runs := flag.Int("runs", 5, "plans per measurement; the median is reported")
	dir := flag.String("dir", "", "work directory (default .bench/plan at the module root)")
	tf := flag.String("terraform", "", "terraform binary (default: the one on PATH)")
	provider := flag.String("provider", "", "a provider binary to measure instead of building this tree (to compare builds)")
	flag.Parse()
	if err := run(*sizesFlag, *runs, *dir, *tf, *provider); err != nil {
		fmt.Fprintln(os.Stderr, "benchplan:", err)
		os.Exit(1)
	}
}

func run(sizesFlag string, runs int, dir, tf, provider string) error {
	var sizes []int
	for _, s := range strings.Split(sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		sizes = append(sizes, n)
	}
	if len(sizes) < 2 || !slices.IsSorted(sizes) {
		return errors.New("-sizes: give at least two sizes, smallest first")
	}
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	if tf == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return errors.New("no terraform on PATH; pass -terraform")
		}
		tf = p
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if dir == "" {
		dir = filepath.Join(root, ".bench", "plan")
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		return err
	}
	bin := filepath.Join(dir, "bin", "terraform-provider-parity")
	if provider != "" {
		data, err := os.ReadFile(provider)
		if err != nil {
			return err
		}
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(os.Stderr, "benchplan: building the provider")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir, build.Stderr = root, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(`provider_installation {
  dev_overrides {
    "envparity/parity" = "`+filepath.Join(dir, "bin")+`"
  }
  direct {}
}
`), 0o644); err != nil {
		return err
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	env = slices.DeleteFunc(env, func(kv string) bool { return strings.HasPrefix(kv, "TF_LOG") })

	// Each size plans both configurations in turn, run after run, so that a
	// change in the machine's load weighs on both alike.
	type measure struct{ wall, cpu time.Duration }
	type result struct {
		n           int
		check, data measure
	}
	var results []result
	for _, n := range sizes {
		dirs := map[string]string{}
		for _, kind := range []string{"check", "data"} {
			wd := filepath.Join(dir, fmt.Sprintf("%s-%d", kind, n))
			if err := os.MkdirAll(wd, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(wd, "main.tf"), []byte(configuration(kind, n)), 0o644); err != nil {
				return err
			}
			dirs[kind] = wd
		}
		walls := map[string][]time.Duration{}
		cpus := map[string][]time.Duration{}
		// One plan of each first, unmeasured: it warms the file cache and
		// shows errors before any timing.
		for i := 0; i <= runs; i++ {
			for _, kind := range []string{"check", "data"} {
				wall, cpu, err := plan(tf, dirs[kind], env)
				if err != nil {
					return err
				}
				if i > 0 {
					walls[kind] = append(walls[kind], wall)
					cpus[kind] = append(cpus[kind], cpu)
				}
			}
		}
		r := result{n: n,
			check: measure{median(walls["check"]), median(cpus["check"])},
			data:  measure{median(walls["data"]), median(cpus["data"])}}
		for _, kind := range []string{"check", "data"} {
			fmt.Fprintf(os.Stderr, "benchplan: %d %s: wall %s, cpu %s\n", n, kind, msList(walls[kind]), msList(cpus[kind]))
		}
		results = append(results, r)
	}

	var worstWall, worstCPU time.Duration
	for _, table := range []struct {
		title string
		pick  func(measure) time.Duration
	}{
		{"Wall time of terraform plan", func(m measure) time.Duration { return m.wall }},
		{"CPU time (user + system) of terraform plan and the provider", func(m measure) time.Duration { return m.cpu }},
	} {
		fmt.Printf("%s, median of %d plans:\n\n", table.title, runs)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "N\tparity_check\tterraform_data\tper parity_check\tper terraform_data\tratio\tadded per check\t")
		base := results[0]
		fmt.Fprintf(tw, "%d\t%s\t%s\t\t\t\t\t\n", base.n, ms(table.pick(base.check)), ms(table.pick(base.data)))
		for _, r := range results[1:] {
			steps := time.Duration(r.n - base.n)
			perCheck := (table.pick(r.check) - table.pick(base.check)) / steps
			perData := (table.pick(r.data) - table.pick(base.data)) / steps
			ratio := "-"
			if perData > 0 {
				ratio = fmt.Sprintf("%.2f×", float64(perCheck)/float64(perData))
			}
			if table.title[0] == 'W' {
				worstWall = max(worstWall, perCheck)
			} else {
				worstCPU = max(worstCPU, perCheck)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.n, ms(table.pick(r.check)), ms(table.pick(r.data)), ms(perCheck), ms(perData), ratio, ms(perCheck-perData))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Println()
	}
	verdict := "within"
	if worstWall > targetPerCheck {
		verdict = "above"
	}
	fmt.Printf("Per resource: (plan(N) − plan(%d)) / (N − %d). Slowest parity_check: %s wall (%s the %s target), %s CPU.\n",
		results[0].n, results[0].n, ms(worstWall), verdict, ms(targetPerCheck), ms(worstCPU))
	fmt.Println("Wall times depend on the machine's load (see /proc/loadavg); CPU times much less.")
	return nil
}

// configuration writes n parity_check resources comparing a realistic
// settings object each (in parity, so the plan succeeds), or n
// terraform_data resources holding the same objects.
func configuration(kind string, n int) string {
	var b strings.Builder
	if kind == "check" {
		b.WriteString("terraform {\n  required_providers {\n    parity = { source = \"envparity/parity\" }\n  }\n}\n\n")
	}
	b.WriteString(`locals {
  production = {
    name               = "web-production"
    instance_type      = "t3.xlarge"
    instance_count     = 4
    database_instance  = "db.r6g.xlarge"
    max_connections    = 200
    connection_timeout = 30
    keepalive_timeout  = 65
    monitoring_enabled = true
    tags               = { team = "web", environment = "production", cost_center = "1234" }
    listeners          = [{ port = 443, protocol = "HTTPS" }, { port = 80, protocol = "HTTP" }]
  }
  staging = merge(local.production, {
    name           = "web-staging"
    instance_type  = "t3.large"
    instance_count = 2
    database_instance = "db.r6g.large"
    tags           = { team = "web", environment = "staging", cost_center = "1234" }
  })
}
`)
	for i := 0; i < n; i++ {
		if kind == "check" {
			fmt.Fprintf(&b, `
resource "parity_check" "c%d" {
  staging    = merge(local.staging, { index = %d })
  production = merge(local.production, { index = %d })
  ratio      = 0.5
}
`, i, i, i)
		} else {
			fmt.Fprintf(&b, `
resource "terraform_data" "d%d" {
  input = [merge(local.staging, { index = %d }), merge(local.production, { index = %d })]
}
`, i, i, i)
		}
	}
	return b.String()
}

// plan runs terraform plan in wd and returns its wall time and the CPU time
// of Terraform and the provider processes it started and waited for.
func plan(tf, wd string, env []string) (wall, cpu time.Duration, err error) {
	cmd := exec.Command(tf, "plan", "-input=false", "-lock=false", "-refresh=false", "-no-color")
	cmd.Dir, cmd.Env = wd, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err = cmd.Run()
	wall = time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("terraform plan in %s: %v\n%s", wd, err, out.String())
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func msList(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond))
	}
	return strings.Join(parts, "/") + " ms"
}

// moduleRoot finds the directory of go.mod from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; run from the module")
		}
		dir = parent
	}
}
