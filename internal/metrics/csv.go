package metrics

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/loadprofile"
)

// CSV columns besides the load profile's (endpoint, method, avg_rpm,
// max_rpm, avg_response_time, p95_response_time): the error rate and,
// optionally, more quantiles and utilisation.
const (
	ColumnErrorRate         = "error_rate"
	ColumnP50ResponseTime   = "p50_response_time"
	ColumnP99ResponseTime   = "p99_response_time"
	ColumnCPUUtilisation    = "cpu_utilisation"
	ColumnMemoryUtilisation = "memory_utilisation"
)

var (
	csvRequired = []string{loadprofile.ColumnEndpoint, loadprofile.ColumnAvgRPM, loadprofile.ColumnMaxRPM,
		loadprofile.ColumnAvgResponseTime, loadprofile.ColumnP95ResponseTime, ColumnErrorRate}
	csvOptional = []string{loadprofile.ColumnMethod, ColumnP50ResponseTime, ColumnP99ResponseTime,
		ColumnCPUUtilisation, ColumnMemoryUtilisation}
)

// csvMetric says which metric a numeric column holds and how to convert it:
// rates per minute to per second, milliseconds to seconds, shares as they
// are (or from a percentage).
var csvMetric = map[string]struct {
	metric string
	scale  float64
	share  bool
}{
	loadprofile.ColumnAvgRPM:          {MetricRequestRate, 1.0 / 60, false},
	loadprofile.ColumnMaxRPM:          {MetricMaxRequestRate, 1.0 / 60, false},
	loadprofile.ColumnAvgResponseTime: {MetricLatencyAvg, 0.001, false},
	loadprofile.ColumnP95ResponseTime: {latencyPrefix + "95", 0.001, false},
	ColumnP50ResponseTime:             {latencyPrefix + "50", 0.001, false},
	ColumnP99ResponseTime:             {latencyPrefix + "99", 0.001, false},
	ColumnErrorRate:                   {MetricErrorRate, 1, true},
	ColumnCPUUtilisation:              {"cpu", 1, true},
	ColumnMemoryUtilisation:           {"memory", 1, true},
}

// ReadCSV reads one environment's metrics exported from SQL or analytics:
// the load profile's columns (endpoint, avg_rpm, max_rpm, avg_response_time,
// p95_response_time in milliseconds, optionally method) plus error_rate (a
// share such as 0.012, or 1.2%), and optionally p50_response_time,
// p99_response_time, cpu_utilisation and memory_utilisation. Each row is one
// group, keyed by method and endpoint. Errors name the file, line and
// column; all of them are reported.
func ReadCSV(name string, r io.Reader) (*Observations, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty CSV: the first line must name the columns %s", name, strings.Join(csvRequired, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, csvError(err))
	}
	index := map[string]int{}
	for i, col := range header {
		col = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(col, "\ufeff")))
		if _, dup := index[col]; dup {
			return nil, fmt.Errorf("%s: line 1: column %q appears twice", name, col)
		}
		if !slices.Contains(csvRequired, col) && !slices.Contains(csvOptional, col) {
			return nil, fmt.Errorf("%s: line 1: unknown column %q; the columns are %s and optionally %s",
				name, col, strings.Join(csvRequired, ", "), strings.Join(csvOptional, ", "))
		}
		index[col] = i
	}
	for _, col := range csvRequired {
		if _, ok := index[col]; !ok {
			return nil, fmt.Errorf("%s: line 1: missing column %q; the columns are %s and optionally %s",
				name, col, strings.Join(csvRequired, ", "), strings.Join(csvOptional, ", "))
		}
	}

	obs := NewObservations()
	var errs []error
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, csvError(err))
		}
		line, _ := cr.FieldPos(0)
		fail := func(col, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: line %d, column %q: %s", name, line, col, fmt.Sprintf(format, args...)))
		}
		field := func(col string) (string, bool) {
			i, ok := index[col]
			if !ok {
				return "", false
			}
			return strings.TrimSpace(record[i]), true
		}
		endpoint, _ := field(loadprofile.ColumnEndpoint)
		if endpoint == "" {
			fail(loadprofile.ColumnEndpoint, "empty endpoint")
			continue
		}
		labels := []Label{{Name: "endpoint", Value: endpoint}}
		if method, ok := field(loadprofile.ColumnMethod); ok {
			labels = append(labels, Label{Name: "method", Value: strings.ToUpper(orText(method, "GET"))})
		}
		values := map[string]float64{}
		bad := false
		for _, col := range append(append([]string{}, csvRequired...), csvOptional...) {
			spec, numeric := csvMetric[col]
			text, ok := field(col)
			if !numeric || !ok {
				continue
			}
			if text == "" && !slices.Contains(csvRequired, col) {
				continue // an optional value this row does not have
			}
			percent := spec.share && strings.HasSuffix(text, "%")
			v, err := strconv.ParseFloat(strings.TrimSuffix(text, "%"), 64)
			switch {
			case err != nil || math.IsInf(v, 0):
				fail(col, "not a number: %q", text)
				bad = true
				continue
			case math.IsNaN(v):
				values[spec.metric] = math.NaN()
				continue
			case v < 0:
				fail(col, "negative: %s", text)
				bad = true
				continue
			}
			if percent {
				v /= 100
			}
			if spec.share && v > 1 {
				fail(col, "%s is more than 100%%: write a share such as 0.012 or a percentage such as 1.2%%", text)
				bad = true
				continue
			}
			values[spec.metric] = v * spec.scale
		}
		if bad {
			continue
		}
		key := groupKey(labels)
		if _, dup := obs.Groups[key]; dup {
			fail(loadprofile.ColumnEndpoint, "%s appears twice", describe(labels))
			continue
		}
		g := obs.group(labels)
		g.Values = values
		g.RequestRate, g.HasRequests = values[MetricRequestRate], true
		for _, res := range []string{"cpu", "memory"} {
			g.Kinds[res] = KindSaturation
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(obs.Groups) == 0 {
		return nil, fmt.Errorf("%s: no rows: add one row per endpoint after the header line", name)
	}
	return obs, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}
