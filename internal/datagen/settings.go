package datagen

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

// scaledSettings compare the size of data with an absolute amount: a table
// must be min_parallel_table_scan_size big before a parallel scan is
// considered, a hash must fit in work_mem. With tables at ratio × production
// they must be at ratio × production too, or the planner weighs staging's
// tables as if they were small ones of production (a parallel plan in
// production, a serial one in staging).
var scaledSettings = map[string]bool{
	"effective_cache_size":         true,
	"min_parallel_index_scan_size": true,
	"min_parallel_table_scan_size": true,
	"work_mem":                     true,
}

// Setting is a planner setting staging should run with.
type Setting struct {
	Name string
	// Value as SET and ALTER DATABASE take it: "4MB", "1.1", "on".
	Value string
	// Scaled is true when Value is production's × ratio.
	Scaled bool
}

// Settings are the planner settings staging should run with for its plans
// to follow production's: production's own, with the size thresholds
// multiplied by the ratio.
func (p *Plan) Settings() []Setting {
	var out []Setting
	for _, s := range p.Profile.Settings {
		v := Setting{Name: s.Name, Value: s.Setting}
		if scaledSettings[s.Name] {
			if kb, ok := settingKB(s); ok {
				scaled := int64(math.Round(float64(kb) * p.Options.Ratio))
				if scaled < 8 {
					scaled = 8
				}
				v.Value, v.Scaled = formatKB(scaled), true
			}
		} else if s.Unit != "" {
			v.Value = s.Setting + s.Unit
			if _, err := strconv.ParseFloat(s.Unit[:1], 64); err == nil {
				// Units such as 8kB multiply the setting.
				if kb, ok := settingKB(s); ok {
					v.Value = formatKB(kb)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// settingKB converts a memory setting to kB.
func settingKB(s dataprofile.Setting) (int64, bool) {
	n, err := strconv.ParseInt(s.Setting, 10, 64)
	if err != nil {
		return 0, false
	}
	switch s.Unit {
	case "kB":
		return n, true
	case "8kB":
		return n * 8, true
	case "MB":
		return n * 1024, true
	case "B":
		return n / 1024, true
	}
	return 0, false
}

// formatKB writes kB in the largest unit that keeps it whole.
func formatKB(kb int64) string {
	switch {
	case kb%(1024*1024) == 0:
		return strconv.FormatInt(kb/(1024*1024), 10) + "GB"
	case kb%1024 == 0:
		return strconv.FormatInt(kb/1024, 10) + "MB"
	}
	return strconv.FormatInt(kb, 10) + "kB"
}

// settingsStatement sets the settings as the database's defaults, for the
// sessions that connect after it.
func (p *Plan) settingsStatement() string {
	var b strings.Builder
	for _, s := range p.Settings() {
		fmt.Fprintf(&b, "EXECUTE format('ALTER DATABASE %%I SET %s = %%L', current_database(), %s); ",
			s.Name, dataprofile.QuoteLiteral(s.Value))
	}
	return doBlock(strings.TrimSpace(b.String()))
}
