package parity

import "testing"

func TestCountsInstances(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		// Counts a ratio scales.
		{"web_instances", true},
		{"worker_nodes", true},
		{"min_replicas", true},
		{"maxReplicas", true},
		{"spark:spark.executor.instances", true},
		{"num_brokers", true},
		// One word alone is too little to say what is counted.
		{"replicas", false},
		{"instances", false},
		// Not a count of instances at all.
		{"instance_type", false},
		{"replica_lag", false},
		// Availability during changes.
		{"max_unavailable_instances", false},
		{"min_healthy_instances", false},
		{"max_surge_replicas", false},
		// Durability: replicas that must acknowledge a write.
		{"min.insync.replicas", false},
		{"min_insync_replicas", false},
		{"minInsyncReplicas", false},
		{"min_isr_replicas", false},
		{"synchronous_replicas", false},
		// Pace of scaling in.
		{"max_scaled_in_replicas", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := countsInstances(tt.name); got != tt.want {
				t.Errorf("countsInstances(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}
