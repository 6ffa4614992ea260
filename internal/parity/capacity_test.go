package parity

import (
	"strings"
	"testing"
)

func TestIsCapacityName(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		// Amounts of processors, memory or storage, as providers spell them.
		"cpu_count": true, "ocpus": true, "vcpus": true, "memory_in_gbs": true, "size_in_tb": true,
		"storage_quota_in_gb": true, "storage_size_mib": true, "memory_size_mb": true, "disk_size_gb": true,
		"memoryInGb": true, "cpuCount": true, "ram_mb": true,
		// Limits and pools sized to the machine, counts of what a ratio
		// scales, throughput given.
		"max_connections": true, "max_client_conn": true, "MaxInboundConnections": true, "pool_size": true,
		"autodb_pool_size": true, "maintenance_work_mem": true, "shared_buffers": true, "effective_cache_size": true,
		"volume_size_in_gb": true, "throughput_in_mibps": true, "networking_bandwidth_in_gbps": true, "cpu_shares": true,
		"replica_count": true, "partition_count": true, "task_count": true, "partitions": true, "max_num_clusters": true,
		// Thresholds, shares, paces and other words about capacity.
		"target_cpu_utilization": false, "memory_percent": false, "cpu_credits": false, "memory_per_cpu": false,
		"cpu_utilization_threshold": false, "min_cpu_platform": false, "cpu": false, "storage_type": false,
		"disk": false, "instance_storage": false, "connections": false, "size": false, "timeout_mb": false,
		"idle_connections": false, "retry_count": false, "error_count": false, "mem": false, "work_mem_percent": false,
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

// TestHighAvailabilityCounts: production's count of one to three
// instances kept in staging is parity whatever the ratio (availability,
// not capacity); larger equal counts and other sizes still follow the
// ratio; and a name that counts instances is a size only for numbers, not
// for the list of the instances themselves.
func TestHighAvailabilityCounts(t *testing.T) {
	t.Parallel()
	node := func(host string) Value {
		return Object(map[string]Value{"host": String(host), "port": Int(11211)})
	}
	env := func(nodes, workers int64, cpu string, hosts ...string) Environment {
		var list []Value
		for _, h := range hosts {
			list = append(list, node(h))
		}
		return Environment{Resources: []Resource{{Values: Object(map[string]Value{
			"node_count": Int(nodes), "web_workers": Int(workers), "cpu": String(cpu),
			"memcache_nodes": List(list...),
		})}}}
	}
	rules := Rules{Ratio: 0.5, Sizes: []SizeRule{{Pattern: "cpu"}}}
	tests := []struct {
		name    string
		staging Environment
		prod    Environment
		want    []string
	}{
		{"two and three kept", env(2, 3, "1", "10.0.0.1"), env(2, 3, "2", "10.1.0.1"), nil},
		{"four kept is off the ratio", env(4, 3, "1", "10.0.0.1"), env(4, 3, "2", "10.1.0.1"), []string{"size_ratio node_count"}},
		{"an equal size that is no count follows the ratio", env(2, 3, "2", "10.0.0.1"), env(2, 3, "2", "10.1.0.1"), []string{"size_ratio cpu"}},
		{"a staging larger than production", env(3, 3, "1", "10.0.0.1"), env(2, 3, "2", "10.1.0.1"), []string{"size_ratio node_count"}},
	}
	for _, tt := range tests {
		rep, err := Compare(tt.staging, tt.prod, rules)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, string(f.Kind)+" "+f.Path)
		}
		if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
			t.Errorf("%s: findings %q, want %q", tt.name, got, tt.want)
		}
	}
}
