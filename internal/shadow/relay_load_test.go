package shadow

import (
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"
)

// The issue behind the relay process (16): nginx reads a keep-alive
// client's next request only once the mirror subrequest has ended, so with
// nginx's own relay every mirrored request held its client connection for
// the 50 ms handoff whenever staging was slow: 2,453 req/s without
// mirroring, 158 with a staging answering in 2 s. These measure closed-loop
// keep-alive clients through real nginx, against the same nginx
// configuration without its mirror line measured in the same run:
// TestRelayKeepsProductionCapacity briefly and with tolerant bounds (make
// test, on a shared machine), BenchmarkShadowRelay (make bench-shadow)
// longer and against the bounds.

// loadBackend is a fast production or a staging for load: it counts what
// it receives, and checks the mirror header on what staging receives,
// without keeping every request.
type loadBackend struct {
	name       string
	delay      time.Duration
	srv        *http.Server
	addr       string
	requests   atomic.Int64
	badHeaders atomic.Int64
}

func startLoadBackend(t testing.TB, name string, delay time.Duration) *loadBackend {
	t.Helper()
	b := &loadBackend{name: name, delay: delay}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b.addr = ln.Addr().String()
	b.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.requests.Add(1)
		if name == "staging" && r.Header.Get(DefaultMirrorHeaderName) != DefaultMirrorHeaderValue {
			b.badHeaders.Add(1)
		}
		if b.delay > 0 {
			select {
			case <-time.After(b.delay):
			case <-r.Context().Done():
				return
			}
		}
		io.WriteString(w, b.name)
	})}
	go b.srv.Serve(ln)
	t.Cleanup(func() { b.srv.Close() })
	return b
}

// loadTarget is one nginx configuration under load.
type loadTarget struct {
	name    string
	nginx   *nginxProcess
	staging *loadBackend // nil without a staging that answers.
	client  *http.Client
	// blocks are the target's own; pairedBaseline[i] is the block of the
	// baseline run beside blocks[i].
	blocks         []blockResult
	pairedBaseline []blockResult
}

// blockResult is what closed-loop clients got in one block of time, and
// the processor time nginx and the relay spent meanwhile.
type blockResult struct {
	requests           int
	rps                float64
	p99                time.Duration
	nginxCPU, relayCPU time.Duration
	// testCPU is this process's: the clients, production and staging.
	testCPU time.Duration
}

// processCPU is the user and system time of pid, and with children of its
// children (an nginx master's workers), from /proc.
func processCPU(pid int, children bool) time.Duration {
	pids := []int{pid}
	if list, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)); children && err == nil {
		for f := range strings.FieldsSeq(string(list)) {
			if child, err := strconv.Atoi(f); err == nil {
				pids = append(pids, child)
			}
		}
	}
	var ticks int
	for _, p := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		// Fields after the command name, which may hold spaces: state is
		// the first, utime the 12th and stime the 13th.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		utime, _ := strconv.Atoi(fields[11])
		stime, _ := strconv.Atoi(fields[12])
		ticks += utime + stime
	}
	// Linux counts in USER_HZ, 100 per second.
	return time.Duration(ticks) * 10 * time.Millisecond
}

// cpu is the processor time of the target's nginx and relay so far.
func (lt *loadTarget) cpu() (nginx, relay time.Duration) {
	nginx = processCPU(lt.nginx.pid, true)
	switch {
	case lt.nginx.relay != nil:
		relay = processCPU(lt.nginx.relay.cmd.Process.Pid, false)
	case lt.nginx.separateRelayPid != 0:
		relay = processCPU(lt.nginx.separateRelayPid, true)
	}
	return nginx, relay
}

// Variants of a rendering under load.
const (
	// asRendered runs the route as rendered, with its relay.
	asRendered = iota
	// withoutMirror drops the mirror line: the baseline, with the same
	// server, upstreams and headers.
	withoutMirror
	// withIdealRelay hands mirrored requests to an nginx server on the
	// relay's socket that answers 202 at once and forwards nothing: what
	// the mirror costs nginx alone, the floor of any relay.
	withIdealRelay
	// withSeparateIdealRelay hands them to a second nginx, a process of
	// its own, that answers 202 at once and forwards nothing: the floor of
	// any relay that runs beside nginx, as the relay process does. Each
	// mirrored request then waits for another process to be scheduled.
	withSeparateIdealRelay
)

// startLoadTarget runs route (50 % mirrored) between production and
// staging, as variant says.
func startLoadTarget(t testing.TB, name string, route Route, production, staging string, variant int) *loadTarget {
	t.Helper()
	if variant == asRendered {
		p, _ := startShadow(t, route, production, staging)
		return newLoadTarget(name, p)
	}
	// The other variants change the rendering for the relay process, on
	// a socket of the test's.
	route.ProductionUpstreams = []string{production}
	route.StagingUpstreams = []string{staging}
	socket := relaySocketDir(t) + "/relay.sock"
	route.RelayListen = "unix:" + socket
	compile := func(port int) *Config {
		route.Listen = port
		c, err := Compile(route)
		if err != nil {
			t.Fatal(err)
		}
		if c.Relay != RelayProcess || strings.Contains(c.Nginx(), "listen "+c.RelayListen) {
			t.Fatalf("%s needs a rendering for the relay process, without a relay server of its own", name)
		}
		return c
	}
	var p *nginxProcess
	switch variant {
	case withIdealRelay:
		p = startNginx(t, func(port int) string { return compile(port).Nginx() + "\n" + answer202(route.RelayListen) })
	case withSeparateIdealRelay:
		separate := startNginx(t, func(int) string { return answer202(route.RelayListen) })
		p = startNginx(t, func(port int) string { return compile(port).Nginx() })
		p.separateRelayPid = separate.pid
	case withoutMirror:
		p = startNginx(t, func(port int) string {
			c := compile(port)
			mirror := "        mirror /_" + nginxView{c}.Ident() + "_mirror;\n"
			if strings.Count(c.Nginx(), mirror) != 1 {
				t.Fatalf("the rendering has no line %q to remove", mirror)
			}
			return strings.Replace(c.Nginx(), mirror, "", 1)
		})
	default:
		t.Fatalf("unknown variant %d", variant)
	}
	return newLoadTarget(name, p)
}

// answer202 is an nginx server on listen that answers 202 and forwards
// nothing: an ideal relay.
func answer202(listen string) string {
	return "server {\n    listen " + listen + ";\n    location / { return 202; }\n}\n"
}

func newLoadTarget(name string, p *nginxProcess) *loadTarget {
	return &loadTarget{name: name, nginx: p, client: &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true},
	}}
}

// runBlock sends GETs back to back from clients goroutines, each on its
// own kept-alive connection, for d, and fails the test unless every answer
// is production's.
func (lt *loadTarget) runBlock(t testing.TB, clients int, d time.Duration) blockResult {
	t.Helper()
	var mu sync.Mutex
	var latencies []time.Duration
	var failures atomic.Int64
	var firstFailure atomic.Value
	nginxBefore, relayBefore := lt.cpu()
	testBefore := processCPU(os.Getpid(), false)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			var own []time.Duration
			for i := 0; time.Now().Before(deadline); i++ {
				sent := time.Now()
				resp, err := lt.client.Get(lt.nginx.url + "/items/" + strconv.Itoa(c) + "-" + strconv.Itoa(i))
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != http.StatusOK || string(body) != "production" {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("error %v, body %q", err, body))
					continue
				}
				own = append(own, time.Since(sent))
			}
			mu.Lock()
			latencies = append(latencies, own...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	nginxAfter, relayAfter := lt.cpu()
	testAfter := processCPU(os.Getpid(), false)
	if n := failures.Load(); n > 0 {
		t.Fatalf("%s: %d requests did not get production's answer; first: %v", lt.name, n, firstFailure.Load())
	}
	slices.Sort(latencies)
	r := blockResult{requests: len(latencies), rps: float64(len(latencies)) / elapsed.Seconds(),
		nginxCPU: nginxAfter - nginxBefore, relayCPU: relayAfter - relayBefore, testCPU: testAfter - testBefore}
	if len(latencies) > 0 {
		r.p99 = latencies[int(math.Ceil(0.99*float64(len(latencies))))-1]
	}
	return r
}

// runRounds measures every target but the baseline in pairs of adjacent
// blocks with the baseline, which goes first in every other pair: load
// that other programs put on the machine changes little between two
// adjacent blocks, so each pair compares like with like. The targets take
// turns in each round, in an order that turns from round to round.
func runRounds(t testing.TB, baseline *loadTarget, targets []*loadTarget, rounds, clients int, block time.Duration) {
	t.Helper()
	for round := range rounds {
		for k := range targets {
			lt := targets[(k+round)%len(targets)]
			var own, base blockResult
			if (round+k)%2 == 0 {
				base = baseline.runBlock(t, clients, block)
				own = lt.runBlock(t, clients, block)
			} else {
				own = lt.runBlock(t, clients, block)
				base = baseline.runBlock(t, clients, block)
			}
			lt.blocks = append(lt.blocks, own)
			lt.pairedBaseline = append(lt.pairedBaseline, base)
			baseline.blocks = append(baseline.blocks, base)
		}
	}
}

// ratios returns, over a target's pairs, the median of its throughput
// divided by the baseline's, and the median of its p99 minus the
// baseline's.
func ratios(lt *loadTarget) (throughput float64, p99 time.Duration) {
	if len(lt.pairedBaseline) == 0 {
		return 1, 0
	}
	rs := make([]float64, len(lt.blocks))
	ds := make([]time.Duration, len(lt.blocks))
	for i := range lt.blocks {
		rs[i] = lt.blocks[i].rps / lt.pairedBaseline[i].rps
		ds[i] = lt.blocks[i].p99 - lt.pairedBaseline[i].p99
	}
	slices.Sort(rs)
	slices.Sort(ds)
	return rs[len(rs)/2], ds[len(ds)/2]
}

func medianRPS(lt *loadTarget) float64 {
	rs := make([]float64, len(lt.blocks))
	for i, b := range lt.blocks {
		rs[i] = b.rps
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}

func medianP99(lt *loadTarget) time.Duration {
	ds := make([]time.Duration, len(lt.blocks))
	for i, b := range lt.blocks {
		ds[i] = b.p99
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// cpuPerRequest is the processor time nginx and the relay spent per
// client request over every block.
func cpuPerRequest(lt *loadTarget) (nginx, relay, test time.Duration) {
	n := time.Duration(max(totalRequests(lt), 1))
	for _, b := range lt.blocks {
		nginx += b.nginxCPU
		relay += b.relayCPU
		test += b.testCPU
	}
	return nginx / n, relay / n, test / n
}

func totalRequests(lt *loadTarget) int {
	n := 0
	for _, b := range lt.blocks {
		n += b.requests
	}
	return n
}

// relayLoadSetup starts the targets the test and the benchmark compare:
// the baseline, and the relay process with a fast, a slow (2 s) and a dead
// staging; with more, also the relay with the slow staging and 10 %
// mirrored, the ideal relay, the ideal separate relay, and nginx's own
// relay with the slow and the dead staging.
type relayLoadSetup struct {
	baseline, fast, slow, dead, nginxSlow, nginxDead, ideal, separate, slowTenth *loadTarget
	fastStaging, slowStaging                                                     *loadBackend
}

const (
	loadPercentage   = 50
	slowStagingDelay = 2 * time.Second
)

func startRelayLoad(t testing.TB, more bool) *relayLoadSetup {
	t.Helper()
	production := startLoadBackend(t, "production", 0)
	s := &relayLoadSetup{
		fastStaging: startLoadBackend(t, "staging", 0),
		slowStaging: startLoadBackend(t, "staging", slowStagingDelay),
	}
	// A port nothing listens on: every connection is refused.
	dead := "127.0.0.1:" + strconv.Itoa(freePort(t))
	route := Route{Percentage: loadPercentage}
	s.baseline = startLoadTarget(t, "no mirror", route, production.addr, s.fastStaging.addr, withoutMirror)
	s.fast = startLoadTarget(t, "relay, fast staging", route, production.addr, s.fastStaging.addr, asRendered)
	s.slow = startLoadTarget(t, "relay, 2 s staging", route, production.addr, s.slowStaging.addr, asRendered)
	s.dead = startLoadTarget(t, "relay, dead staging", route, production.addr, dead, asRendered)
	s.fast.staging = s.fastStaging
	s.slow.staging = s.slowStaging
	if more {
		s.ideal = startLoadTarget(t, "ideal relay (nginx answers 202)", route, production.addr, dead, withIdealRelay)
		s.separate = startLoadTarget(t, "ideal separate relay (another nginx answers 202)", route, production.addr, dead, withSeparateIdealRelay)
		tenth := route
		tenth.Percentage = 10
		s.slowTenth = startLoadTarget(t, "relay, 2 s staging, 10 % mirrored", tenth, production.addr, s.slowStaging.addr, asRendered)
		route.Relay = RelayNginx
		s.nginxSlow = startLoadTarget(t, "nginx relay, 2 s staging", route, production.addr, s.slowStaging.addr, asRendered)
		s.nginxDead = startLoadTarget(t, "nginx relay, dead staging", route, production.addr, dead, asRendered)
	}
	return s
}

// targets are the configurations compared with the baseline.
func (s *relayLoadSetup) targets() []*loadTarget {
	ts := []*loadTarget{s.fast, s.slow, s.dead}
	if s.nginxSlow != nil {
		ts = append(ts, s.slowTenth, s.ideal, s.separate, s.nginxSlow, s.nginxDead)
	}
	return ts
}

// checkOutcomes checks what the relays did with the load: with the fast
// staging every mirrored request arrived, with its header, in a share
// within binomial bounds of the percentage; with the slow one, the relay
// shed and counted what staging could not take.
func (s *relayLoadSetup) checkOutcomes(t testing.TB) {
	t.Helper()
	fast := s.fast.nginx.relay.settledMetrics(t)
	n := totalRequests(s.fast)
	got := int(s.fastStaging.requests.Load())
	requireSampledShare(t, got, n, loadPercentage)
	if d := dropped(fast, ""); d != 0 {
		t.Errorf("the relay dropped %v requests to a fast staging: %v", d, fast)
	}
	if f := fast["parity_shadow_relay_requests_forwarded_total"]; int(f) != got {
		t.Errorf("the relay counts %v forwarded requests; the fast staging received %d", f, got)
	}
	// nginx keeps its connections to the relay alive.
	if conns, received := fast["parity_shadow_relay_connections_total"], fast["parity_shadow_relay_requests_received_total"]; conns > received/10 {
		t.Errorf("nginx opened %v connections to the relay for %v mirrored requests; want them kept alive", conns, received)
	}
	if bad := s.fastStaging.badHeaders.Load(); bad > 0 {
		t.Errorf("%d mirrored requests reached staging without %s: %s", bad, DefaultMirrorHeaderName, DefaultMirrorHeaderValue)
	}
	slow := s.slow.nginx.relay.metrics(t)
	t.Logf("relay with the 2 s staging: received %v, forwarded %v, dropped %v (queue_full %v, timeout %v)",
		slow["parity_shadow_relay_requests_received_total"], slow["parity_shadow_relay_requests_forwarded_total"],
		dropped(slow, ""), dropped(slow, "queue_full"), dropped(slow, "timeout"))
	if dropped(slow, "queue_full") == 0 || dropped(slow, "timeout") == 0 {
		t.Errorf("the relay with a 2 s staging counted no queue_full or no timeout drops: %v", slow)
	}
	deadM := s.dead.nginx.relay.metrics(t)
	if dropped(deadM, "staging_down")+dropped(deadM, "connect_error") == 0 {
		t.Errorf("the relay with a dead staging counted no staging_down or connect_error drops: %v", deadM)
	}
}

// TestRelayKeepsProductionCapacity is the make-test version of the issue's
// proof: ten rounds of 200 ms blocks, each of a target beside one of the
// baseline (short and adjacent, so that the load of other programs changes
// little between the blocks a pair compares), four keep-alive clients, and
// bounds loose enough for a shared 2-core machine yet far from the failure
// the relay fixes (nginx's relay kept 3 % of the throughput and added 55 ms
// to p99 with a slow staging): throughput with a slow or dead staging at
// least 40 % of the baseline's, p99 at most 25 ms above it. Where every
// process shares two cores, mirroring half the requests costs 15 to 30 %
// of the throughput whatever answers nginx's mirror (BenchmarkShadowRelay
// measures an ideal relay, nginx answering 202 itself, at 0.77 of the
// baseline and the relay process at 0.81 to 0.85), so the bound leaves that
// cost and the machine's noise room. BenchmarkShadowRelay holds the issue's
// own bounds (90 %, 5 ms).
func TestRelayKeepsProductionCapacity(t *testing.T) {
	const (
		rounds       = 10
		clients      = 4
		block        = 200 * time.Millisecond
		minRatio     = 0.4
		maxP99Excess = 25 * time.Millisecond
	)
	s := startRelayLoad(t, false)
	runRounds(t, s.baseline, s.targets(), rounds, clients, block)
	for _, lt := range []*loadTarget{s.slow, s.dead, s.fast} {
		ratio, excess := ratios(lt)
		t.Logf("%s: %.0f req/s, p99 %v; median ratio to no mirror %.2f, p99 %+v",
			lt.name, medianRPS(lt), medianP99(lt).Round(time.Microsecond), ratio, excess.Round(time.Microsecond))
		if lt == s.fast {
			continue
		}
		if ratio < minRatio || excess > maxP99Excess {
			t.Errorf("%s: throughput %.2f of the baseline's (want ≥ %.2f), p99 %v above it (want ≤ %v)",
				lt.name, ratio, minRatio, excess, maxP99Excess)
		}
	}
	t.Logf("no mirror: %.0f req/s, p99 %v", medianRPS(s.baseline), medianP99(s.baseline).Round(time.Microsecond))
	s.checkOutcomes(t)
}

// BenchmarkShadowRelay measures what mirroring costs production with the
// relay process, with an ideal relay (an nginx server that answers 202 and
// forwards nothing: what the mirror costs nginx alone), with an ideal
// separate relay (the same server in a second nginx: what handing the mirror
// to any process beside nginx costs) and with nginx's own relay, against the same nginx without mirror, in one run: interleaved
// blocks of closed-loop keep-alive clients, each block of a target beside
// one of the baseline, medians over the pairs, and the processor time per
// request of nginx, the relay and this process (clients and backends). It
// fails when the relay process with a slow or dead staging keeps less than
// 90 % of the baseline's throughput or adds more than 5 ms to its p99 (the
// issue's bounds). Run it with make bench-shadow; PARITY_BENCH_SHADOW_ROUNDS,
// _CLIENTS and _BLOCK change the defaults (20 rounds, 4 clients, 500ms
// blocks).
func BenchmarkShadowRelay(b *testing.B) {
	rounds := envInt(b, "PARITY_BENCH_SHADOW_ROUNDS", 20)
	clients := envInt(b, "PARITY_BENCH_SHADOW_CLIENTS", 4)
	block := 500 * time.Millisecond
	if v := os.Getenv("PARITY_BENCH_SHADOW_BLOCK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("PARITY_BENCH_SHADOW_BLOCK=%s: %v", v, err)
		}
		block = d
	}
	s := startRelayLoad(b, true)
	// The measurement is the table below: run once, whatever b.N.
	b.ResetTimer()
	runRounds(b, s.baseline, s.targets(), rounds, clients, block)
	b.StopTimer()
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\nshadowing %d%% of GETs, %d keep-alive clients, %d rounds of %v blocks, each beside one of the baseline; medians over the pairs\n", loadPercentage, clients, rounds, block)
	fmt.Fprintln(w, "configuration\treq/s\tp99\tthroughput vs no mirror\tp99 vs no mirror\tCPU/request: nginx\trelay\tclients+backends\t")
	for _, lt := range append([]*loadTarget{s.baseline}, s.targets()...) {
		ratio, excess := ratios(lt)
		nginxCPU, relayCPU, testCPU := cpuPerRequest(lt)
		fmt.Fprintf(w, "%s\t%.0f\t%v\t%.3f\t%+v\t%v\t%v\t%v\t\n", lt.name, medianRPS(lt), medianP99(lt).Round(10*time.Microsecond),
			ratio, excess.Round(10*time.Microsecond), nginxCPU.Round(100*time.Nanosecond), relayCPU.Round(100*time.Nanosecond), testCPU.Round(100*time.Nanosecond))
		b.ReportMetric(ratio, strings.ReplaceAll(lt.name, " ", "_")+"_ratio")
	}
	w.Flush()
	floor, _ := ratios(s.ideal)
	separateFloor, _ := ratios(s.separate)
	for _, lt := range []*loadTarget{s.slow, s.dead} {
		if ratio, excess := ratios(lt); ratio < 0.9 || excess > 5*time.Millisecond {
			b.Errorf("%s: throughput %.3f of the baseline's (issue: ≥ 0.9; here the ideal relay keeps %.3f, and a separate process that only answers 202 %.3f), p99 %v above it (issue: ≤ 5ms)",
				lt.name, ratio, floor, separateFloor, excess)
		}
	}
	s.checkOutcomes(b)
}

func envInt(t testing.TB, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%s: want a positive whole number", name, v)
	}
	return n
}
