package loadprofile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// CSV columns of a production patterns export. Response times are in
// milliseconds, rates in requests per minute.
const (
	ColumnEndpoint        = "endpoint"
	ColumnMethod          = "method"
	ColumnAvgRPM          = "avg_rpm"
	ColumnMaxRPM          = "max_rpm"
	ColumnAvgResponseTime = "avg_response_time"
	ColumnP95ResponseTime = "p95_response_time"
)

var requiredColumns = []string{ColumnEndpoint, ColumnAvgRPM, ColumnMaxRPM, ColumnAvgResponseTime, ColumnP95ResponseTime}

// columnOfField maps an inline endpoint attribute to its CSV column, so that
// one validation serves both inputs.
var columnOfField = map[string]string{
	"method":  ColumnMethod,
	"path":    ColumnEndpoint,
	"avg_rpm": ColumnAvgRPM,
	"max_rpm": ColumnMaxRPM,
	"avg_ms":  ColumnAvgResponseTime,
	"p95_ms":  ColumnP95ResponseTime,
}

// ParseProductionPatterns reads the content of a CSV exported from
// production analytics: a header naming the columns endpoint, avg_rpm,
// max_rpm, avg_response_time, p95_response_time and optionally method, in
// any order, then one row per endpoint. Errors name the line and column,
// e.g. `line 3, column "max_rpm": not a number: "abc"`; all of them are
// reported, joined by newlines.
func ParseProductionPatterns(content string) ([]Endpoint, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(content, "\ufeff")))
	r.TrimLeadingSpace = true

	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("empty CSV: the first line must name the columns " + strings.Join(requiredColumns, ","))
	}
	if err != nil {
		return nil, csvSyntaxError(err)
	}
	index := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if _, known := index[name]; known {
			return nil, fmt.Errorf("line 1: column %q appears twice", name)
		}
		if name != ColumnMethod && !slices.Contains(requiredColumns, name) {
			return nil, fmt.Errorf("line 1: unknown column %q; the columns are %s and optionally %s", name, strings.Join(requiredColumns, ", "), ColumnMethod)
		}
		index[name] = i
	}
	for _, name := range requiredColumns {
		if _, ok := index[name]; !ok {
			return nil, fmt.Errorf("line 1: missing column %q; the columns are %s and optionally %s", name, strings.Join(requiredColumns, ", "), ColumnMethod)
		}
	}

	var (
		endpoints []Endpoint
		errs      []error
	)
	for {
		record, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvSyntaxError(err)
		}
		line, _ := r.FieldPos(0)
		fail := func(column, format string, args ...any) {
			errs = append(errs, fmt.Errorf("line %d, column %q: %s", line, column, fmt.Sprintf(format, args...)))
		}
		value := func(column string) string {
			if i, ok := index[column]; ok {
				return strings.TrimSpace(record[i])
			}
			return ""
		}
		number := func(column string) float64 {
			s := value(column)
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				fail(column, "not a number: %q", s)
			}
			return f
		}

		errsBefore := len(errs)
		avgMs := number(ColumnAvgResponseTime)
		maxRPM := number(ColumnMaxRPM)
		e := Endpoint{
			Method: value(ColumnMethod),
			Path:   value(ColumnEndpoint),
			AvgRPM: number(ColumnAvgRPM),
			MaxRPM: &maxRPM,
			P95Ms:  number(ColumnP95ResponseTime),
			AvgMs:  &avgMs,
		}
		if len(errs) > errsBefore {
			continue
		}
		_, probs := resolveEndpoint(e)
		for _, p := range probs {
			fail(columnOfField[p.field], "%s", p.detail)
		}
		endpoints = append(endpoints, e)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(endpoints) == 0 {
		return nil, errors.New("no endpoints: add one row per endpoint after the header line")
	}
	return endpoints, nil
}

// csvSyntaxError words encoding/csv's errors like ours: line first.
func csvSyntaxError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}
