# Built-in knowledge of the google provider, in the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "google_compute_instance" {
  size "machine_type" {}
  # Persistent disks start at 10 GB (Compute Engine, "Persistent Disk
  # limits"); a boot disk is at least its image, 10 GB for public images.
  size "boot_disk.initialize_params.size" {
    minimum = 10
  }
  identity "instance_id" {
    reason = "Assigned by Compute Engine when the instance is created."
  }
  identity "cpu_platform" {
    reason = "Assigned by Compute Engine when the instance is created."
  }
  identity "current_status" {
    reason = "Assigned by Compute Engine when the instance is created."
  }
  identity "metadata_fingerprint" {
    reason = "Assigned by Compute Engine when the instance is created."
  }
  identity "tags_fingerprint" {
    reason = "Assigned by Compute Engine when the instance is created."
  }
}

resource "google_compute_instance_template" {
  size "machine_type" {}
  size "disk.disk_size_gb" {
    minimum = 10
  }
}

resource "google_compute_disk" {
  # pd-standard, pd-balanced and pd-ssd start at 10 GB, pd-extreme at 500 GB
  # (Compute Engine, "Persistent Disk limits").
  size "size" {
    minimum = 10
    when    = { type = ["pd-standard", "pd-balanced", "pd-ssd"] }
  }
  size "size" {
    minimum = 500
    when    = { type = "pd-extreme" }
  }
  size "size" {}
}

resource "google_compute_instance_group_manager" {
  size "target_size" {}
  identity "instance_group" {
    reason = "Reported by Compute Engine."
  }
  identity "status" {
    reason = "Reported by Compute Engine."
  }
}

resource "google_compute_region_instance_group_manager" {
  size "target_size" {}
}

resource "google_compute_autoscaler" {
  size "autoscaling_policy.min_replicas" {}
  size "autoscaling_policy.max_replicas" {}
}

resource "google_compute_region_autoscaler" {
  size "autoscaling_policy.min_replicas" {}
  size "autoscaling_policy.max_replicas" {}
}

resource "google_container_cluster" {
  size "initial_node_count" {}
  size "node_config.machine_type" {}
  # GKE node boot disks start at 10 GB (GKE, "Node disk size").
  size "node_config.disk_size_gb" {
    minimum = 10
  }
  identity "endpoint" {
    reason = "Assigned by GKE when the cluster is created or upgraded."
  }
  identity "master_version" {
    reason = "Assigned by GKE when the cluster is created or upgraded."
  }
  identity "services_ipv4_cidr" {
    reason = "Assigned by GKE when the cluster is created or upgraded."
  }
  identity "tpu_ipv4_cidr_block" {
    reason = "Assigned by GKE when the cluster is created or upgraded."
  }
  identity "operation" {
    reason = "Assigned by GKE when the cluster is created or upgraded."
  }
}

resource "google_container_node_pool" {
  size "node_count" {}
  size "initial_node_count" {}
  size "autoscaling.min_node_count" {}
  size "autoscaling.max_node_count" {}
  size "autoscaling.total_min_node_count" {}
  size "autoscaling.total_max_node_count" {}
  size "node_config.machine_type" {}
  size "node_config.disk_size_gb" {
    minimum = 10
  }
  identity "instance_group_urls" {
    reason = "Assigned by GKE when the pool is created."
  }
  identity "managed_instance_group_urls" {
    reason = "Assigned by GKE when the pool is created."
  }
  identity "operation" {
    reason = "Assigned by GKE when the pool is created."
  }
}

resource "google_sql_database_instance" {
  size "settings.tier" {}
  # Cloud SQL storage starts at 10 GB (Cloud SQL, "Instance settings").
  size "settings.disk_size" {
    minimum = 10
  }
  size "settings.disk_autoresize_limit" {}
  identity "connection_name" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "first_ip_address" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "ip_address" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "private_ip_address" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "public_ip_address" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "server_ca_cert" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "service_account_email_address" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
  identity "dns_name" {
    reason = "Assigned by Cloud SQL when the instance is created."
  }
}

resource "google_redis_instance" {
  size "memory_size_gb" {}
  size "replica_count" {}
  identity "host" {
    reason = "Assigned by Memorystore when the instance is created."
  }
  identity "current_location_id" {
    reason = "Assigned by Memorystore when the instance is created."
  }
  identity "persistence_iam_identity" {
    reason = "Assigned by Memorystore when the instance is created."
  }
  identity "server_ca_certs" {
    reason = "Assigned by Memorystore when the instance is created."
  }
}

resource "google_cloud_run_service" {
  size "template.spec.containers.resources.limits.cpu" {}
  size "template.spec.containers.resources.limits.memory" {}
  size "annotations[\"autoscaling.knative.dev/minScale\"]" {}
  size "annotations[\"autoscaling.knative.dev/maxScale\"]" {}
  identity "status" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
}

resource "google_cloud_run_v2_service" {
  size "template.containers.resources.limits.cpu" {}
  size "template.containers.resources.limits.memory" {}
  size "template.scaling.min_instance_count" {}
  size "template.scaling.max_instance_count" {}
  identity "uid" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "generation" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "observed_generation" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "reconciling" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "latest_ready_revision" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "latest_created_revision" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "uri" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "conditions" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
  identity "terminal_condition" {
    reason = "Reported by Cloud Run about the latest rollout."
  }
}

resource "google_cloudfunctions_function" {
  size "available_memory_mb" {}
  size "min_instances" {}
  size "max_instances" {}
}

resource "google_cloudfunctions2_function" {
  size "service_config.available_memory" {}
  size "service_config.available_cpu" {}
  size "service_config.min_instance_count" {}
  size "service_config.max_instance_count" {}
}

resource "google_spanner_instance" {
  # Spanner compute starts at 100 processing units, or one node (1,000
  # processing units) when sized in nodes (Spanner, "Compute capacity").
  size "num_nodes" {
    minimum = 1
  }
  size "processing_units" {
    minimum = 100
  }
}

resource "google_bigtable_instance" {
  size "cluster.num_nodes" {}
}

resource "google_dataproc_cluster" {
  size "cluster_config.master_config.machine_type" {}
  size "cluster_config.worker_config.machine_type" {}
  size "cluster_config.worker_config.num_instances" {}
}

resource "google_storage_bucket" {
  identity "url" {
    reason = "Derived from the bucket name."
  }
}

resource "google_service_account" {
  identity "unique_id" {
    reason = "Assigned by IAM."
  }
}

# Lists whose order is or is not configuration (from the provider's schema).
resource "google_compute_firewall" {
  list "allow" {
    order = "insignificant"
  }
  list "deny" {
    order = "insignificant"
  }
}

# Values Google Cloud computes or counts for each environment.
resource "google_sql_database_instance" {
  identity "settings.version" {
    reason = "A counter Cloud SQL increments on every settings change."
  }
}

resource "google_compute_disk" {
  identity "last_attach_timestamp" {
    reason = "A timestamp of the disk's last attachment."
  }
  identity "last_detach_timestamp" {
    reason = "A timestamp of the disk's last detachment."
  }
  identity "users" {
    reason = "The instances the disk is attached to, each environment's own."
  }
}

resource "google_container_cluster" {
  identity "private_cluster_config.peering_name" {
    reason = "Named by GKE when the cluster is created."
  }
  identity "master_auth.cluster_ca_certificate" {
    reason = "Issued by GKE for each cluster."
  }
}

resource "google_redis_instance" {
  identity "maintenance_schedule" {
    reason = "Scheduled by Memorystore."
  }
}

# Subnetworks are the network's shape, equal in every environment.
resource "google_compute_subnetwork" {
  config "count" {}
}

resource "google_compute_route" {
  config "count" {}
}

resource "google_bigquery_table" {
  identity "num_rows" {
    reason = "Counts each environment's data."
  }
  identity "num_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_long_term_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_physical_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_long_term_physical_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_active_logical_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_active_physical_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_time_travel_physical_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_total_logical_bytes" {
    reason = "Counts each environment's data."
  }
  identity "num_total_physical_bytes" {
    reason = "Counts each environment's data."
  }
}

resource "google_composer_environment" {
  size "config.environment_size" {}
  size "config.workloads_config.scheduler.cpu" {}
  size "config.workloads_config.scheduler.memory_gb" {}
  size "config.workloads_config.scheduler.storage_gb" {}
  size "config.workloads_config.scheduler.count" {}
  size "config.workloads_config.web_server.cpu" {}
  size "config.workloads_config.web_server.memory_gb" {}
  size "config.workloads_config.web_server.storage_gb" {}
  size "config.workloads_config.worker.cpu" {}
  size "config.workloads_config.worker.memory_gb" {}
  size "config.workloads_config.worker.storage_gb" {}
  size "config.workloads_config.worker.min_count" {}
  size "config.workloads_config.worker.max_count" {}
  size "config.workloads_config.triggerer.cpu" {}
  size "config.workloads_config.triggerer.memory_gb" {}
  size "config.workloads_config.triggerer.count" {}
  size "config.workloads_config.dag_processor.cpu" {}
  size "config.workloads_config.dag_processor.memory_gb" {}
  size "config.workloads_config.dag_processor.storage_gb" {}
  size "config.workloads_config.dag_processor.count" {}
  identity "config.dag_gcs_prefix" {
    reason = "The bucket Composer creates for each environment."
  }
  identity "config.gke_cluster" {
    reason = "The cluster Composer creates for each environment."
  }
  identity "storage_config.bucket" {
    reason = "The bucket Composer creates for each environment."
  }
}

resource "google_filestore_instance" {
  # Basic and zonal shares start at 1 TiB (Filestore, "Service tiers").
  size "file_shares.capacity_gb" {
    minimum = 1024
  }
}

resource "google_vpc_access_connector" {
  # Connectors run two instances at least and derive their throughput from
  # the instance counts (Serverless VPC Access, "Configure").
  size "min_instances" {
    minimum = 2
  }
  size "max_instances" {
    minimum = 3
  }
  identity "min_throughput" {
    reason = "Derived by Serverless VPC Access from min_instances."
  }
  identity "max_throughput" {
    reason = "Derived by Serverless VPC Access from max_instances."
  }
}

resource "google_dns_managed_zone" {
  identity "name_servers" {
    reason = "Assigned by Cloud DNS to each zone."
  }
}

resource "google_compute_router_nat" {
  identity "nat_ips" {
    reason = "Self links of the google_compute_address resources the NAT uses (MANUAL_ONLY): the addresses are compared themselves, and their number scales with the ratio like any count."
  }
  identity "drain_nat_ips" {
    reason = "Self links of google_compute_address resources being drained: compared themselves."
  }
}

resource "google_certificate_manager_certificate" {
  identity "managed.state" {
    reason = "Output only: the provisioning state Certificate Manager reports."
  }
  identity "managed.authorization_attempt_info" {
    reason = "Output only: the outcome of each domain's last authorization attempt."
  }
  identity "managed.provisioning_issue" {
    reason = "Output only: the last provisioning problem Certificate Manager reports."
  }
  identity "managed.dns_authorizations" {
    reason = "Ids of google_certificate_manager_dns_authorization resources, which are compared themselves (unknown until they are created)."
  }
  identity "san_dnsnames" {
    reason = "Output only: the names the issued certificate covers, as Certificate Manager reports them."
  }
}

resource "google_eventarc_trigger" {
  identity "transport.pubsub.subscription" {
    reason = "Output only: the Pub/Sub subscription Eventarc creates and names itself (…-sub-NNN) as the trigger's transport."
  }
  identity "conditions" {
    reason = "Output only: the trigger's status conditions as Eventarc reports them."
  }
}

resource "google_cloud_run_v2_job" {
  identity "execution_count" {
    reason = "Output only: the number of executions created for this job (google_cloud_run_v2_job attribute reference), each environment's own history."
  }
  identity "latest_created_execution" {
    reason = "Output only: the name and times of the last created execution (google_cloud_run_v2_job attribute reference)."
  }
  identity "terminal_condition" {
    reason = "Output only: the condition of the job's last reconciliation (google_cloud_run_v2_job attribute reference)."
  }
  identity "conditions" {
    reason = "Output only: the conditions of the job's sub-resources (google_cloud_run_v2_job attribute reference)."
  }
  identity "reconciling" {
    reason = "Output only: whether Cloud Run is acting on the job when the state was read (google_cloud_run_v2_job attribute reference)."
  }
  identity "observed_generation" {
    reason = "Output only: the generation Cloud Run last reconciled (google_cloud_run_v2_job attribute reference)."
  }
  identity "generation" {
    reason = "Output only: a counter Cloud Run increments on every change of the job."
  }
  identity "uid" {
    reason = "Output only: the job's server-assigned unique identifier."
  }
}

resource "google_monitoring_alert_policy" {
  identity "conditions.name" {
    reason = "Output: the condition's resource name, projects/[PROJECT_ID]/alertPolicies/[POLICY_ID]/conditions/[CONDITION_ID], whose ids Cloud Monitoring assigns (google_monitoring_alert_policy attribute reference)."
  }
}

resource "google_api_gateway_api" {
  identity "managed_service" {
    reason = "The Google managed service API Gateway creates for the API when none is given, named with a generated suffix in each environment's project (google_api_gateway_api: \"If not specified, a new Service will automatically be created\")."
  }
}

resource "google_api_gateway_gateway" {
  identity "default_hostname" {
    reason = "Output only: the gateway's default host name, {gateway_id}-{hash}.{region_code}.gateway.dev (google_api_gateway_gateway attribute reference)."
  }
}

# Dataproc reports what it derives from the cluster's machines and names:
# the configuration is in the arguments, which are compared.
resource "google_dataproc_cluster" {
  size "cluster_config.preemptible_worker_config.num_instances" {}
  # One master, or three for high availability: a mode, not a size.
  config "cluster_config.master_config.num_instances" {}
  identity "cluster_config.bucket" {
    reason = "Computed: the staging bucket the cluster ended up with, the given staging_bucket or the one Dataproc generates (google_dataproc_cluster attribute reference)."
  }
  identity "cluster_config.temp_bucket" {
    reason = "Computed when not given: the temp bucket Dataproc generates for the cluster's ephemeral data (google_dataproc_cluster)."
  }
  identity "cluster_config.master_config.instance_names" {
    reason = "Computed: the names of the master instances assigned to the cluster (google_dataproc_cluster attribute reference); num_instances is compared."
  }
  identity "cluster_config.worker_config.instance_names" {
    reason = "Computed: the names of the worker instances assigned to the cluster (google_dataproc_cluster attribute reference); num_instances is compared as a size."
  }
  identity "cluster_config.preemptible_worker_config.instance_names" {
    reason = "Computed: the names of the preemptible instances assigned to the cluster (google_dataproc_cluster attribute reference); num_instances is compared as a size."
  }
  # Computed only in the provider's schema: the daemon properties in
  # effect, which are Dataproc's defaults derived from the machine types'
  # memory and cores (executor and driver memory, executor cores, YARN
  # memory, handler counts) plus override_properties, which holds what the
  # configuration sets and is compared.
  identity "cluster_config.software_config.properties" {
    reason = "Computed: the properties used to set the daemon config files (google_dataproc_cluster attribute reference), Dataproc's defaults derived from the machine types plus override_properties, which is compared."
  }
}
