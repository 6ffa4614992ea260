# Built-in knowledge of the MongoDB Atlas provider (mongodb/mongodbatlas), in
# the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

# Cluster tiers (M10 … M300, R40 … R700, M40_NVME …) are on the Atlas ladder
# by memory; general, low-CPU and NVMe tiers are families of their own.
resource "mongodbatlas_advanced_cluster" {
  size "replication_specs.region_configs.electable_specs.instance_size" {}
  size "replication_specs.region_configs.read_only_specs.instance_size" {}
  size "replication_specs.region_configs.analytics_specs.instance_size" {}
  size "replication_specs.region_configs.auto_scaling.compute_min_instance_size" {}
  size "replication_specs.region_configs.auto_scaling.compute_max_instance_size" {}
  size "replication_specs.region_configs.analytics_auto_scaling.compute_min_instance_size" {}
  size "replication_specs.region_configs.analytics_auto_scaling.compute_max_instance_size" {}
  # A replica set has three electable members at least (MongoDB Atlas,
  # "Replica set members": 3, 5 or 7 electable nodes); read-only and
  # analytics nodes start at none.
  size "replication_specs.region_configs.electable_specs.node_count" {
    minimum = 3
  }
  size "replication_specs.region_configs.read_only_specs.node_count" {}
  size "replication_specs.region_configs.analytics_specs.node_count" {}
  identity "connection_strings" {
    reason = "Computed: the connection strings Atlas assigns each cluster, on the cluster's own host names (mongodbatlas_advanced_cluster attribute reference)."
  }
  identity "mongo_db_version" {
    reason = "Computed: the patch release Atlas runs the cluster on now; mongo_db_major_version is compared."
  }
  identity "state_name" {
    reason = "Computed: the cluster's current state (IDLE, UPDATING …) when the state was read."
  }
}

resource "mongodbatlas_cluster" {
  size "provider_instance_size_name" {}
  size "auto_scaling_compute_min_instance_size" {}
  size "auto_scaling_compute_max_instance_size" {}
  size "provider_auto_scaling_compute_min_instance_size" {}
  size "provider_auto_scaling_compute_max_instance_size" {}
  identity "connection_strings" {
    reason = "Computed: the connection strings Atlas assigns each cluster (mongodbatlas_cluster attribute reference)."
  }
  identity "mongo_uri" {
    reason = "Computed: the cluster's base connection string (mongodbatlas_cluster attribute reference)."
  }
  identity "mongo_uri_with_options" {
    reason = "Computed: the cluster's connection string with its options (mongodbatlas_cluster attribute reference)."
  }
  identity "mongo_uri_updated" {
    reason = "Computed: when the connection string last changed (mongodbatlas_cluster attribute reference)."
  }
  identity "srv_address" {
    reason = "Computed: the cluster's SRV connection string (mongodbatlas_cluster attribute reference)."
  }
  identity "mongo_db_version" {
    reason = "Computed: the patch release Atlas runs the cluster on now; mongo_db_major_version is compared."
  }
  identity "state_name" {
    reason = "Computed: the cluster's current state (IDLE, UPDATING …) when the state was read."
  }
}

resource "mongodbatlas_cloud_backup_schedule" {
  identity "next_snapshot" {
    reason = "Computed: when Atlas takes the cluster's next snapshot (mongodbatlas_cloud_backup_schedule attribute reference), a time of each environment's own."
  }
}
