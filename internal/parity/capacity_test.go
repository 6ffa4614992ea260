package parity

import "testing"

func TestIsCapacityName(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		// Amounts of processors, memory or storage, as providers spell them.
		"cpu_count": true, "ocpus": true, "vcpus": true, "memory_in_gbs": true, "size_in_tb": true,
		"storage_quota_in_gb": true, "storage_size_mib": true, "memory_size_mb": true, "disk_size_gb": true,
		"memoryInGb": true, "cpuCount": true, "ram_mb": true,
		// Thresholds, shares, paces and other words about capacity.
		"target_cpu_utilization": false, "memory_percent": false, "cpu_credits": false, "memory_per_cpu": false,
		"cpu_utilization_threshold": false, "min_cpu_platform": false, "cpu": false, "storage_type": false,
		"disk": false, "instance_storage": false, "max_connections": false, "size": false, "timeout_mb": false,
		"free_storage_gb": false, "evaluation_periods": false, "quantity": false,
	}
	for name, want := range tests {
		if got := isCapacityName(name); got != want {
			t.Errorf("isCapacityName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestCapacityByName compares numbers under capacity names that no rule
// calls sizes: at the ratio they are parity and hash alike, equal they are
// parity, off the ratio they are a size finding, not config drift.
func TestCapacityByName(t *testing.T) {
	t.Parallel()
	env := func(ocpus Value, mem string) Environment {
		return Environment{Resources: []Resource{{Values: Object(map[string]Value{
			"ocpus": ocpus, "memory_in_gbs": String(mem), "display_name": String("api"),
		})}}}
	}
	tests := []struct {
		name      string
		staging   Environment
		wantKinds []FindingKind
	}{
		{"at the ratio", env(Int(2), "16"), nil},
		{"equal", env(Int(4), "32"), nil},
		{"off the ratio", env(Int(3), "16"), []FindingKind{FindingSizeRatio}},
	}
	production := env(Int(4), "32")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep, err := Compare(tt.staging, production, Rules{Ratio: 0.5})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []FindingKind
			for _, f := range rep.Findings {
				kinds = append(kinds, f.Kind)
				if f.Path != "ocpus" {
					t.Errorf("finding at %s, want ocpus", f.Path)
				}
			}
			if len(kinds) != len(tt.wantKinds) || len(kinds) > 0 && kinds[0] != tt.wantKinds[0] {
				t.Errorf("findings %v, want %v", kinds, tt.wantKinds)
			}
			// Sizes are left out of the hashes, so they agree whatever
			// the sizes are.
			if rep.StagingHash != rep.ProductionHash {
				t.Errorf("hashes differ: %s vs %s", rep.StagingHash, rep.ProductionHash)
			}
		})
	}
}
