package shadow

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func expTarget(t testing.TB, name string, production, staging string, start func(sock string) int) *loadTarget {
	route := Route{Percentage: loadPercentage}
	route.ProductionUpstreams = []string{production}
	route.StagingUpstreams = []string{staging}
	sock := relaySocketDir(t) + "/relay.sock"
	route.RelayListen = "unix:" + sock
	pid := start(sock)
	p := startNginx(t, func(port int) string {
		route.Listen = port
		c, err := Compile(route)
		if err != nil {
			t.Fatal(err)
		}
		return c.Nginx()
	})
	p.separateRelayPid = pid
	return &loadTarget{name: name, nginx: p, client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}}
}

func startBin(b testing.TB, bin string, env []string) func(string) int {
	return func(sock string) int {
		cmd := exec.Command(bin, sock)
		cmd.Env = append(os.Environ(), env...)
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		for i := 0; i < 100; i++ {
			if _, err := os.Stat(sock); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		return cmd.Process.Pid
	}
}

func BenchmarkRelayExperiment(b *testing.B) {
	rounds := envInt(b, "PARITY_BENCH_SHADOW_ROUNDS", 6)
	block := 400 * time.Millisecond
	production := startLoadBackend(b, "production", 0)
	fast := startLoadBackend(b, "staging", 0)
	dead := "127.0.0.1:1"
	route := Route{Percentage: loadPercentage}
	baseline := startLoadTarget(b, "no mirror", route, production.addr, fast.addr, withoutMirror)
	targets := []*loadTarget{
		startLoadTarget(b, "separate nginx", route, production.addr, dead, withSeparateIdealRelay),
		expTarget(b, "mini go", production.addr, dead, startBin(b, "/tmp/mini202/mini202", nil)),
		expTarget(b, "mini go raw", production.addr, dead, startBin(b, "/tmp/mini202raw/mini202raw", nil)),
		expTarget(b, "mini go raw P1", production.addr, dead, startBin(b, "/tmp/mini202raw/mini202raw", []string{"GOMAXPROCS=1"})),
	}
	if os.Getenv("EXP_RELAY") != "" {
		targets = append(targets, startLoadTarget(b, "relay dead", route, production.addr, dead, asRendered))
		os.Setenv("GOMAXPROCS", "1")
		targets = append(targets, startLoadTarget(b, "relay dead P1", route, production.addr, dead, asRendered))
		targets = append(targets, startLoadTarget(b, "relay slow P1", route, production.addr, startLoadBackend(b, "staging", 2*time.Second).addr, asRendered))
		os.Unsetenv("GOMAXPROCS")
	}
	runRounds(b, baseline, targets, rounds, 4, block)
	fmt.Printf("baseline %.0f req/s p99 %v\n", medianRPS(baseline), medianP99(baseline))
	for _, lt := range targets {
		ratio, excess := ratios(lt)
		n, r, tc := cpuPerRequest(lt)
		fmt.Printf("%-20s %6.0f req/s ratio %.3f p99+ %v cpu nginx %v relay %v test %v\n", lt.name, medianRPS(lt), ratio, excess.Round(10*time.Microsecond), n.Round(100*time.Nanosecond), r.Round(100*time.Nanosecond), tc.Round(100*time.Nanosecond))
	}
	_ = strings.Contains
}
