# Built-in knowledge of every resource type and plain settings objects, in the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

# Generic sizes, for any resource type and for plain settings objects. A pattern matches at any depth.
size "instance_type" {}
size "instance_types" {}
size "instance_class" {}
size "node_type" {}
size "machine_type" {}
size "vm_size" {}
size "size" {}
size "sku" {}
size "sku_name" {}
size "instance_count" {}
size "desired_capacity" {}
size "min_size" {}
size "desired_size" {}
size "processing_units" {}
size "max_size" {}
size "desired_count" {}
size "replicas" {}
size "replicaCount" {}
size "minReplicas" {}
size "maxReplicas" {}
size "minReplicaCount" {}
size "maxReplicaCount" {}
size "min_replicas" {}
size "max_replicas" {}
size "node_count" {}
size "min_node_count" {}
size "max_node_count" {}
size "allocated_storage" {}
size "max_allocated_storage" {}
size "memory_size" {}
size "memory_size_gb" {}
size "num_cache_nodes" {}
size "replicas_per_node_group" {}
size "num_node_groups" {}
size "shard_count" {}
size "read_capacity" {}
size "write_capacity" {}
size "min_capacity" {}
size "max_capacity" {}
size "worker_count" {}
size "scheduler_count" {}
size "cpu" {}
size "memory" {}
size "memoryReservation" {}
size "memory_reservation" {}
size "storage" {}
size "storage_mb" {}
size "disk_size" {}
size "disk_size_gb" {}
size "volume_size" {}
size "iops" {}
size "throughput" {}

# Container resource quantities of any workload (Kubernetes, Cloud Run, Container Apps).
size "resources.limits.cpu" {}
size "resources.limits.memory" {}
size "resources.limits.ephemeral-storage" {}
size "resources.requests.cpu" {}
size "resources.requests.memory" {}
size "resources.requests.ephemeral-storage" {}

# A key's size in bits is configuration, not a size to scale (cert-manager
# certificates: spec.privateKey.size = 256).
config "privateKey.size" {}
config "private_key.size" {}

# Generic identity and computed attributes.
identity "metadata.uid" {
  reason = "Kubernetes object metadata maintained by the API server."
}
identity "metadata.resource_version" {
  reason = "Kubernetes object metadata maintained by the API server."
}
identity "metadata.generation" {
  reason = "Kubernetes object metadata maintained by the API server."
}
identity "id" {
  reason = "Assigned by the provider; every environment has its own."
}
identity "arn" {
  reason = "Contains the account and resource name; every environment has its own."
}
identity "unique_id" {
  reason = "Assigned by the provider."
}
identity "owner_id" {
  reason = "The account that owns the resource."
}
identity "self_link" {
  reason = "Contains the project and resource name; every environment has its own."
}
identity "creation_timestamp" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "create_time" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "create_date" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "created_date" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "created_at" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "update_time" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "updated_at" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "last_modified" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "last_modified_date" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "latest_restorable_time" {
  reason = "A timestamp of when the resource was created or changed."
}
identity "etag" {
  reason = "A version marker that changes on every update."
}
identity "fingerprint" {
  reason = "A version marker that changes on every update."
}
identity "label_fingerprint" {
  reason = "A version marker that changes on every update."
}
identity "tags_all" {
  reason = "Tags merged with provider default tags; the tags themselves are compared."
}
identity "private_ip" {
  reason = "Allocated from each environment's own network."
}
identity "public_ip" {
  reason = "Allocated from each environment's own network."
}
identity "private_dns" {
  reason = "Allocated from each environment's own network."
}
identity "public_dns" {
  reason = "Allocated from each environment's own network."
}
identity "mac_address" {
  reason = "Allocated from each environment's own network."
}
identity "network_interface_id" {
  reason = "An interface of each environment's own network."
}
identity "hosted_zone_id" {
  reason = "The DNS zone the provider serves the resource from."
}
identity "name_servers" {
  reason = "Assigned by the DNS service to each zone."
}
identity "project_number" {
  reason = "The number Google Cloud gives each project."
}
identity "instance_state" {
  reason = "The run state at the time the state was read."
}

# A command line is ordered wherever it appears (containers of Kubernetes,
# Cloud Run, ECS and Container Apps).
list "command" {
  order = "significant"
}
list "args" {
  order = "significant"
}
list "entrypoint" {
  order = "significant"
}
