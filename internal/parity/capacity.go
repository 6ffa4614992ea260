package parity

// Capacities by name. Providers spell the processors, memory and storage a
// resource is given in many ways (cpu_count, ocpus, memory_in_gbs,
// storage_quota_in_gb, storage_size_mib), and new providers keep adding
// spellings the knowledge base cannot list one by one. A number under such
// a name is read as a size when the environments differ in it: staging at
// the ratio of production is parity, staging off the ratio is a size
// finding, never plain config drift. Equal values stay parity, as for sizes
// recognised by value.

var (
	// capacityNouns name what a resource is given: processors, memory,
	// storage.
	capacityNouns = map[string]bool{"cpu": true, "cpus": true, "vcpu": true, "vcpus": true, "ocpu": true, "ocpus": true,
		"memory": true, "mem": true, "ram": true, "storage": true, "disk": true, "volume": true,
		// Pools and caches are sized to the machine: pool_size,
		// effective_cache_size.
		"pool": true, "cache": true,
		// Throughput a resource is given: throughput_in_mibps.
		"throughput": true, "bandwidth": true}
	// processorCounts are nouns that are a count on their own.
	processorCounts = map[string]bool{"cpus": true, "vcpus": true, "ocpus": true}
	// capacityUnits end names that give an amount in a unit.
	capacityUnits = map[string]bool{"gb": true, "gbs": true, "gib": true, "mb": true, "mib": true, "tb": true, "tib": true,
		"mibps": true, "mbps": true, "gbps": true}
	// capacityMeasures end names that give an amount of a capacity noun.
	capacityMeasures = map[string]bool{"count": true, "quota": true, "size": true, "shares": true}
	// memoryEnds end names that are an amount of memory on their own, as
	// database parameters write them: maintenance_work_mem, shared_buffers.
	memoryEnds = map[string]bool{"mem": true, "buffers": true}
	// connectionWords end the names of connection limits, which are sized
	// to the machine like memory (max_connections, max_client_conn,
	// MaxInboundConnections) when max or a pool qualifies them.
	connectionWords = map[string]bool{"connections": true, "conn": true, "conns": true}
	// countNouns are what a name ending in count counts when the count is
	// a capacity (replica_count, partition_count, task_count); plurals of
	// them that end a name count alone (partitions, max_num_clusters).
	countNouns = map[string]bool{"instance": true, "replica": true, "node": true, "worker": true, "shard": true,
		"broker": true, "partition": true, "cluster": true, "task": true, "server": true, "host": true}
	countPlurals = map[string]bool{"partitions": true, "clusters": true}
	// notCapacityWords make a capacity name a threshold, a share or a pace
	// rather than an amount given: target_cpu_utilization, memory_percent,
	// cpu_credits, memory_per_cpu.
	notCapacityWords = map[string]bool{"utilization": true, "utilisation": true, "percent": true, "percentage": true,
		"target": true, "threshold": true, "ratio": true, "credits": true, "alarm": true, "evaluation": true,
		"period": true, "interval": true, "per": true, "usage": true, "used": true, "free": true, "available": true}
)

// isCapacityName reports whether an attribute name gives an amount of
// processors, memory or storage.
func isCapacityName(name string) bool {
	words := nameWords(name)
	if len(words) == 0 {
		return false
	}
	noun := false
	for _, w := range words {
		if notCapacityWords[w] {
			return false
		}
		noun = noun || capacityNouns[w]
	}
	last := words[len(words)-1]
	switch {
	case processorCounts[last]:
		return true
	case memoryEnds[last] && len(words) > 1:
		return true
	case last == "count" && len(words) > 1 && countNouns[words[len(words)-2]]:
		return true
	case countPlurals[last]:
		return true
	case connectionWords[last]:
		for _, w := range words[:len(words)-1] {
			if w == "max" || w == "pool" {
				return true
			}
		}
		return false
	case capacityUnits[last]:
		return noun || words[0] == "size"
	case capacityMeasures[last]:
		return noun
	}
	return false
}

// numberLike reports whether v is a number or a string holding one.
func numberLike(v Value) bool {
	return v.kind == KindNumber || v.kind == KindString && IsNumberText(v.text)
}
