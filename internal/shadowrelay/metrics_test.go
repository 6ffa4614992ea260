package shadowrelay

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// exposition renders metrics after a known history.
func exposition(t *testing.T) string {
	t.Helper()
	m := newMetrics()
	for range 5 {
		m.received.Add(1)
	}
	m.observe(200, 800*time.Microsecond)
	m.observe(204, 3*time.Millisecond)
	m.observe(503, 2*time.Second)
	m.observe(302, 90*time.Second) // Beyond the last bucket.
	m.drop(DropQueueFull)
	m.connections.Add(2)
	var b bytes.Buffer
	err := m.writePrometheus(&b, gauges{
		queueLength: 3, queueCapacity: 1024, queuedBytes: 10, maxQueuedBytes: 64 << 20, workers: 64, maxRPS: 12.5,
		upstreams: []upstreamState{{addr: "10.0.1.1:8080", up: true}, {addr: "[::1]:9002", up: false}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMetricsExpositionPromtool has Prometheus's own linter and parser
// read the exposition.
func TestMetricsExpositionPromtool(t *testing.T) {
	t.Parallel()
	promtool := testutil.RequireBinary(t, "PARITY_PROMTOOL", "promtool")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(exposition(t))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, out)
	}
}

func TestMetricsExposition(t *testing.T) {
	t.Parallel()
	text := exposition(t)
	m := parseMetrics(t, text)
	want := map[string]float64{
		"parity_shadow_relay_requests_received_total":                         5,
		"parity_shadow_relay_requests_forwarded_total":                        4,
		`parity_shadow_relay_requests_dropped_total{reason="queue_full"}`:     1,
		`parity_shadow_relay_requests_dropped_total{reason="shutdown"}`:       0,
		`parity_shadow_relay_staging_responses_total{class="2xx"}`:            2,
		`parity_shadow_relay_staging_responses_total{class="3xx"}`:            1,
		`parity_shadow_relay_staging_responses_total{class="5xx"}`:            1,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.001"}`:     1,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.0025"}`:    1,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.005"}`:     2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="2.5"}`:       3,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="60"}`:        3,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="+Inf"}`:      4,
		"parity_shadow_relay_forward_duration_seconds_sum":                    92.0038,
		"parity_shadow_relay_forward_duration_seconds_count":                  4,
		"parity_shadow_relay_connections_total":                               2,
		"parity_shadow_relay_queue_length":                                    3,
		"parity_shadow_relay_max_rps":                                         12.5,
		`parity_shadow_relay_upstream_up{upstream="10.0.1.1:8080"}`:           1,
		`parity_shadow_relay_upstream_up{upstream="[::1]:9002"}`:              0,
		"parity_shadow_relay_draining":                                        0,
		`parity_shadow_relay_requests_dropped_total{reason="rate_limited"}`:   0,
		`parity_shadow_relay_requests_dropped_total{reason="staging_down"}`:   0,
		`parity_shadow_relay_requests_dropped_total{reason="body_too_large"}`: 0,
		`parity_shadow_relay_requests_dropped_total{reason="connect_error"}`:  0,
		`parity_shadow_relay_requests_dropped_total{reason="timeout"}`:        0,
		`parity_shadow_relay_requests_dropped_total{reason="staging_error"}`:  0,
		`parity_shadow_relay_requests_dropped_total{reason="incomplete"}`:     0,
		`parity_shadow_relay_staging_responses_total{class="1xx"}`:            0,
		`parity_shadow_relay_staging_responses_total{class="4xx"}`:            0,
		"parity_shadow_relay_queue_capacity":                                  1024,
		"parity_shadow_relay_queued_bytes":                                    10,
		"parity_shadow_relay_queued_bytes_limit":                              64 << 20,
		"parity_shadow_relay_workers":                                         64,
		"parity_shadow_relay_workers_busy":                                    0,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.01"}`:      2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.025"}`:     2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.05"}`:      2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.1"}`:       2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.25"}`:      2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="0.5"}`:       2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="1"}`:         2,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="5"}`:         3,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="10"}`:        3,
		`parity_shadow_relay_forward_duration_seconds_bucket{le="30"}`:        3,
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("samples (-want +got):\n%s", diff)
	}
	// Every family is introduced by its HELP and TYPE lines, once.
	for _, family := range []string{"requests_received_total counter", "requests_dropped_total counter", "forward_duration_seconds histogram", "upstream_up gauge"} {
		if n := strings.Count(text, "# TYPE parity_shadow_relay_"+family+"\n"); n != 1 {
			t.Errorf("TYPE line of %s appears %d times", family, n)
		}
	}
	if !strings.Contains(text, "# HELP parity_shadow_relay_requests_dropped_total ") {
		t.Error("no HELP line for requests_dropped_total")
	}
}

func TestEscapeLabel(t *testing.T) {
	t.Parallel()
	if got, want := escapeLabel("a\\b\"c\nd"), `a\\b\"c\nd`; got != want {
		t.Errorf("escapeLabel = %q, want %q", got, want)
	}
}
