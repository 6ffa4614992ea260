package datagen

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// benchSize reads a size from the environment, for trying other scales:
// PARITY_BENCH_USERS=50000 PARITY_BENCH_ORDERS=250000 make bench-data.
func benchSize(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkLoad measures `parity data generate --database` into a local
// PostgreSQL: the production (200,000 users, 1,000,000 orders,
// 200,000 order items, with their indexes) is built and profiled once, then
// loaded back at ratio 1 and 0.5 into fresh databases, on a cluster with
// PostgreSQL's default durability (fsync, full-page writes, synchronous
// commit) and 128 MB of shared buffers. rows/s counts rows
// over the COPY phase; total-rows/s over the whole transaction (keys,
// indexes, ANALYZE); heap-MB is the Go heap's peak during the load, which
// streaming keeps flat whatever the rows.
func BenchmarkLoad(b *testing.B) {
	// PostgreSQL's own durability defaults, not the tests' shortcuts.
	c := testutil.StartPostgres(b, "fsync=on", "synchronous_commit=on", "full_page_writes=on")
	users, orders := benchSize("PARITY_BENCH_USERS", 200000), benchSize("PARITY_BENCH_ORDERS", 1000000)
	start := time.Now()
	buildProduction(b, c, "production", users, orders)
	b.Logf("production (%d users, %d orders) built in %s", users, orders, time.Since(start).Round(time.Second))
	rules, err := dataprofile.ParseRules([]byte(testRules), "parity.hcl")
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	res, err := dataprofile.Run(context.Background(), connect(b, c, "production"), dataprofile.Options{Rules: rules})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("profiled in %s", time.Since(start).Round(time.Millisecond))
	for _, ratio := range []float64{1, 0.5} {
		plan, err := NewPlan(res.Profile, Options{Ratio: ratio, Tables: rules.Tables})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("ratio=%v", ratio), func(b *testing.B) {
			var rows int64
			var copyTime, total, goCPU, pgCPU, goCopyCPU, pgCopyCPU time.Duration
			var peak uint64
			for i := 0; i < b.N; i++ {
				db := fmt.Sprintf("staging_r%d_%d", int(ratio*100), i)
				b.StopTimer()
				c.Psql(b, "postgres", "DROP DATABASE IF EXISTS "+db+"; CREATE DATABASE "+db+";")
				conn := connect(b, c, db)
				backend := int(conn.PgConn().PID())
				runtime.GC()
				stop := sampleHeap(&peak)
				go0, pg0 := cpuTime(b, os.Getpid()), cpuTime(b, backend)
				// CPU per step, to tell COPY from index builds.
				lastGo, lastPG := go0, pg0
				onStep := func(s Statement, _ time.Duration) {
					g, p := cpuTime(b, os.Getpid()), cpuTime(b, backend)
					if s.Copy != nil {
						goCopyCPU += g - lastGo
						pgCopyCPU += p - lastPG
					}
					lastGo, lastPG = g, p
				}
				b.StartTimer()
				lr, err := plan.Load(context.Background(), conn, onStep)
				b.StopTimer()
				goCPU += cpuTime(b, os.Getpid()) - go0
				pgCPU += cpuTime(b, backend) - pg0
				stop()
				if err != nil {
					b.Fatal(err)
				}
				rows += lr.Rows
				copyTime += lr.CopyTime
				total += lr.Total
				conn.Close(context.Background())
				c.Psql(b, "postgres", "DROP DATABASE "+db+";")
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)/copyTime.Seconds(), "rows/s")
			b.ReportMetric(float64(rows)/total.Seconds(), "total-rows/s")
			b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
			b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
			// CPU seconds per million rows on each side of the pipe: what
			// the load costs whatever else runs on the machine. The two
			// sides run in parallel, so on two idle cores the rate is
			// bounded by the busier one.
			b.ReportMetric(goCPU.Seconds()/float64(rows)*1e6, "gen-cpu-s/Mrows")
			b.ReportMetric(pgCPU.Seconds()/float64(rows)*1e6, "pg-cpu-s/Mrows")
			b.ReportMetric(goCopyCPU.Seconds()/float64(rows)*1e6, "copy-gen-cpu-s/Mrows")
			b.ReportMetric(pgCopyCPU.Seconds()/float64(rows)*1e6, "copy-pg-cpu-s/Mrows")
		})
	}
}

// cpuTime reads the user and system CPU time of a process from /proc.
func cpuTime(b *testing.B, pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatalf("reading CPU time of process %d: %v", pid, err)
	}
	// Fields after the command name, which is in parentheses.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

// sampleHeap records the peak of the live heap until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	var done atomic.Bool
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for !done.Load() {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > *peak {
				*peak = m.HeapAlloc
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return func() { done.Store(true); <-finished }
}

// BenchmarkGenerateRows measures the generator alone: COPY text of the
// fixture profile scaled to a million orders, written to nowhere.
func BenchmarkGenerateRows(b *testing.B) {
	data, err := os.ReadFile("testdata/profile.json")
	if err != nil {
		b.Fatal(err)
	}
	p, err := dataprofile.Parse(data, "profile.json")
	if err != nil {
		b.Fatal(err)
	}
	plan, err := NewPlan(p, Options{Ratio: 100})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var rows int64
	for i := 0; i < b.N; i++ {
		for _, t := range plan.Tables {
			if err := t.WriteRows(io.Discard); err != nil {
				b.Fatal(err)
			}
			rows += t.Rows
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
