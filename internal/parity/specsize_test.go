package parity

import "testing"

func TestCompareSpec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		staging, production string
		ratio               float64
		matched, fits       bool
		expected            string
	}{
		{"s-2vcpu-4gb", "s-4vcpu-8gb", 0.5, true, true, "s-2vcpu-4gb"},
		{"db-s-2vcpu-4gb", "db-s-4vcpu-8gb", 0.5, true, true, "db-s-2vcpu-4gb"},
		{"s-4vcpu-8gb", "s-4vcpu-8gb", 0.5, true, true, "s-4vcpu-8gb"},
		{"s-8vcpu-16gb", "s-4vcpu-8gb", 0.5, true, false, "s-2vcpu-4gb"},
		{"g6-standard-4", "g6-standard-8", 0.5, true, true, "g6-standard-4"},
		{"business-4", "business-8", 0.5, true, true, "business-4"},
		{"business-8", "business-8", 0.25, true, true, "business-8"},
		{"business-16", "business-8", 0.5, true, false, "business-4"},
		{"mw1.medium", "mw1.large", 0.5, true, true, "mw1.medium"},
		{"mw1.small", "mw1.large", 0.5, true, false, "mw1.medium"},
		{"mysql.n2.large.2c", "mysql.n2.xlarge.2c", 0.5, true, true, "mysql.n2.large.2c"},
		{"PRO2-S", "PRO2-M", 0.5, true, true, "PRO2-S"},
		{"DB-GP-XS", "DB-GP-S", 0.5, true, true, "DB-GP-XS"},
		{"Small", "Medium", 0.5, true, true, "Small"},
		{"X-Small", "Medium", 0.25, true, true, "Xsmall"},
		{"Large", "Medium", 0.5, true, false, "Small"},
		{"4g", "8g", 0.5, true, true, "4g"},
		{"4g", "8gb", 0.5, true, true, "4gb"},
		// Families and generations are not capacities.
		{"gp2", "gp3", 0.5, false, false, ""},
		{"cx32", "cx42", 0.5, false, false, ""},
		{"Enterprise_E10-2", "Enterprise_E20-2", 0.5, false, false, ""},
		{"Standard_LRS", "Premium_LRS", 0.5, false, false, ""},
		{"s-2vcpu-4gb", "c-4vcpu-8gb", 0.5, false, false, ""},
		{"RollingUpdate", "OnDelete", 0.5, false, false, ""},
	}
	for _, tt := range tests {
		got := compareSpec(tt.staging, tt.production, tt.ratio)
		if got.matched != tt.matched || got.fits != tt.fits || got.matched && got.expected != tt.expected {
			t.Errorf("compareSpec(%q, %q, %g) = %+v; want matched %v, fits %v, expected %q",
				tt.staging, tt.production, tt.ratio, got, tt.matched, tt.fits, tt.expected)
		}
	}
}

func TestSpecSizeName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"cluster_size": true, "environment_class": true, "sku_name": true, "node_type": true, "plan": true,
		"instanceSize": true, "type": true, "size": true, "tier": true, "shape": true,
		"name": false, "engine_version": false, "plan_id": false, "type_name": false, "port": false,
	} {
		if got := specSizeName(name); got != want {
			t.Errorf("specSizeName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSpelledSizesInAComparison: at the ratio a spelled size is parity and
// hashes like production's; off it, a size finding with the expected
// spelling; another family is configuration.
func TestSpelledSizesInAComparison(t *testing.T) {
	t.Parallel()
	env := func(plan, nodeType string) Environment {
		return Environment{Resources: []Resource{{Address: "aiven_pg.orders", Mode: "managed", Type: "aiven_pg",
			Values: Object(map[string]Value{"plan": String(plan), "node_type": String(nodeType)})}}}
	}
	rules := Rules{Ratio: 0.5}
	rep, err := Compare(env("business-4", "DB-GP-XS"), env("business-8", "DB-GP-S"), rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 || rep.StagingHash != rep.ProductionHash {
		t.Errorf("at the ratio: findings %+v, hashes %s and %s; want none and equal", rep.Findings, rep.StagingHash, rep.ProductionHash)
	}
	rep, _ = Compare(env("business-16", "DB-GP-XS"), env("business-8", "DB-GP-S"), rules)
	if len(rep.Findings) != 1 || rep.Findings[0].Kind != FindingSizeRatio || rep.Findings[0].Expected != "business-4" ||
		rep.Findings[0].Arithmetic != "business-8 × 0.5 = business-4" {
		t.Errorf("off the ratio: findings %+v; want one size_ratio finding expecting business-4", rep.Findings)
	}
	rep, _ = Compare(env("startup-4", "DB-GP-XS"), env("business-8", "DB-GP-S"), rules)
	if len(rep.Findings) != 1 || rep.Findings[0].Kind != FindingConfigDrift || rep.StagingHash == rep.ProductionHash {
		t.Errorf("another family: findings %+v; want one config drift and different hashes", rep.Findings)
	}
}
