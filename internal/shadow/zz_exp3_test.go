package shadow

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

func BenchmarkRelayPerf(b *testing.B) {
	production := startLoadBackend(b, "production", 0)
	staging := "127.0.0.1:1"
	if os.Getenv("EXP_SLOW") != "" {
		staging = startLoadBackend(b, "staging", 2*time.Second).addr
	}
	route := Route{Percentage: loadPercentage}
	rd := startLoadTarget(b, "relay", route, production.addr, staging, asRendered)
	pid := rd.nginx.relay.cmd.Process.Pid
	go func() {
		time.Sleep(2 * time.Second)
		out, err := exec.Command("perf", "record", "-F", "4000", "-g", "-o", "/tmp/relay.perf", "-p", strconv.Itoa(pid), "--", "sleep", "6").CombinedOutput()
		fmt.Fprintln(os.Stderr, string(out), err)
	}()
	res := rd.runBlock(b, 4, 10*time.Second)
	n, r, tc := cpuPerRequest(&loadTarget{blocks: []blockResult{res}})
	fmt.Printf("%.0f req/s nginx %v relay %v test %v\n", res.rps, n, r, tc)
	time.Sleep(time.Second)
}
