package parity

import "strings"

// AttributeClass classifies an attribute for the built-in knowledge base.
type AttributeClass uint8

// The classes of attribute the knowledge base knows.
const (
	// ClassConfig attributes must be equal in both environments. It is the
	// default; entries use it to exempt a path from a broader identity entry.
	ClassConfig AttributeClass = iota
	// ClassSize attributes must equal production × ratio.
	ClassSize
	// ClassIdentity attributes are identifiers, addresses and timestamps that
	// every environment has its own of; they are not compared.
	ClassIdentity
)

// String returns "config", "size" or "identity".
func (c AttributeClass) String() string {
	switch c {
	case ClassSize:
		return "size"
	case ClassIdentity:
		return "identity"
	default:
		return "config"
	}
}

// KnowledgeEntry classifies the attributes a pattern matches.
//
// Patterns have the syntax of rules patterns (dots, *, **, [n], ["key"]) and
// are matched like them against the attribute path inside a resource: a
// pattern matches a suffix of the path, and index steps of the path are
// skipped when the pattern names none. So "scaling_config.desired_size"
// matches scaling_config[0].desired_size, whether the input writes nested
// blocks as lists (state, plan) or as objects (HCL).
type KnowledgeEntry struct {
	// ResourceType limits the entry to one resource type; "" applies to every
	// resource and to plain settings objects.
	ResourceType string
	Pattern      string
	Class        AttributeClass
	// Note says why the attribute has its class; reports show it as the reason
	// an identity attribute was not compared.
	Note string
}

// BuiltinKnowledge is the knowledge base, most specific entries first: the
// entries of resource types before the generic ones. Type entries are
// consulted before generic entries, and within each group the pattern with
// the most literal steps wins.
var BuiltinKnowledge = []KnowledgeEntry{
	// AWS sizes.
	{ResourceType: "aws_instance", Pattern: "instance_type", Class: ClassSize},
	{ResourceType: "aws_instance", Pattern: "root_block_device.volume_size", Class: ClassSize},
	{ResourceType: "aws_instance", Pattern: "root_block_device.iops", Class: ClassSize},
	{ResourceType: "aws_instance", Pattern: "root_block_device.throughput", Class: ClassSize},
	{ResourceType: "aws_instance", Pattern: "ebs_block_device.volume_size", Class: ClassSize},
	{ResourceType: "aws_instance", Pattern: "cpu_options.core_count", Class: ClassSize},
	{ResourceType: "aws_launch_template", Pattern: "instance_type", Class: ClassSize},
	{ResourceType: "aws_launch_template", Pattern: "block_device_mappings.ebs.volume_size", Class: ClassSize},
	{ResourceType: "aws_launch_template", Pattern: "block_device_mappings.ebs.iops", Class: ClassSize},
	{ResourceType: "aws_launch_template", Pattern: "block_device_mappings.ebs.throughput", Class: ClassSize},
	{ResourceType: "aws_db_instance", Pattern: "instance_class", Class: ClassSize},
	{ResourceType: "aws_db_instance", Pattern: "allocated_storage", Class: ClassSize},
	{ResourceType: "aws_db_instance", Pattern: "max_allocated_storage", Class: ClassSize},
	{ResourceType: "aws_db_instance", Pattern: "iops", Class: ClassSize},
	{ResourceType: "aws_db_instance", Pattern: "storage_throughput", Class: ClassSize},
	{ResourceType: "aws_rds_cluster", Pattern: "db_cluster_instance_class", Class: ClassSize},
	{ResourceType: "aws_rds_cluster", Pattern: "allocated_storage", Class: ClassSize},
	{ResourceType: "aws_rds_cluster", Pattern: "iops", Class: ClassSize},
	{ResourceType: "aws_rds_cluster", Pattern: "serverlessv2_scaling_configuration.min_capacity", Class: ClassSize},
	{ResourceType: "aws_rds_cluster", Pattern: "serverlessv2_scaling_configuration.max_capacity", Class: ClassSize},
	{ResourceType: "aws_rds_cluster_instance", Pattern: "instance_class", Class: ClassSize},
	{ResourceType: "aws_docdb_cluster_instance", Pattern: "instance_class", Class: ClassSize},
	{ResourceType: "aws_neptune_cluster_instance", Pattern: "instance_class", Class: ClassSize},
	{ResourceType: "aws_elasticache_cluster", Pattern: "node_type", Class: ClassSize},
	{ResourceType: "aws_elasticache_cluster", Pattern: "num_cache_nodes", Class: ClassSize},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "node_type", Class: ClassSize},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "num_cache_clusters", Class: ClassSize},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "num_node_groups", Class: ClassSize},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "replicas_per_node_group", Class: ClassSize},
	{ResourceType: "aws_memorydb_cluster", Pattern: "node_type", Class: ClassSize},
	{ResourceType: "aws_memorydb_cluster", Pattern: "num_shards", Class: ClassSize},
	{ResourceType: "aws_memorydb_cluster", Pattern: "num_replicas_per_shard", Class: ClassSize},
	{ResourceType: "aws_autoscaling_group", Pattern: "desired_capacity", Class: ClassSize},
	{ResourceType: "aws_autoscaling_group", Pattern: "min_size", Class: ClassSize},
	{ResourceType: "aws_autoscaling_group", Pattern: "max_size", Class: ClassSize},
	{ResourceType: "aws_autoscaling_group", Pattern: "mixed_instances_policy.launch_template.override.instance_type", Class: ClassSize},
	{ResourceType: "aws_ecs_service", Pattern: "desired_count", Class: ClassSize},
	{ResourceType: "aws_ecs_task_definition", Pattern: "cpu", Class: ClassSize},
	{ResourceType: "aws_ecs_task_definition", Pattern: "memory", Class: ClassSize},
	{ResourceType: "aws_appautoscaling_target", Pattern: "min_capacity", Class: ClassSize},
	{ResourceType: "aws_appautoscaling_target", Pattern: "max_capacity", Class: ClassSize},
	{ResourceType: "aws_lambda_function", Pattern: "memory_size", Class: ClassSize},
	{ResourceType: "aws_lambda_function", Pattern: "reserved_concurrent_executions", Class: ClassSize},
	{ResourceType: "aws_lambda_function", Pattern: "ephemeral_storage.size", Class: ClassSize},
	{ResourceType: "aws_lambda_provisioned_concurrency_config", Pattern: "provisioned_concurrent_executions", Class: ClassSize},
	{ResourceType: "aws_eks_node_group", Pattern: "scaling_config.desired_size", Class: ClassSize},
	{ResourceType: "aws_eks_node_group", Pattern: "scaling_config.min_size", Class: ClassSize},
	{ResourceType: "aws_eks_node_group", Pattern: "scaling_config.max_size", Class: ClassSize},
	{ResourceType: "aws_eks_node_group", Pattern: "instance_types", Class: ClassSize},
	{ResourceType: "aws_eks_node_group", Pattern: "disk_size", Class: ClassSize},
	{ResourceType: "aws_ebs_volume", Pattern: "size", Class: ClassSize},
	{ResourceType: "aws_ebs_volume", Pattern: "iops", Class: ClassSize},
	{ResourceType: "aws_ebs_volume", Pattern: "throughput", Class: ClassSize},
	{ResourceType: "aws_msk_cluster", Pattern: "number_of_broker_nodes", Class: ClassSize},
	{ResourceType: "aws_msk_cluster", Pattern: "broker_node_group_info.instance_type", Class: ClassSize},
	{ResourceType: "aws_msk_cluster", Pattern: "broker_node_group_info.storage_info.ebs_storage_info.volume_size", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "cluster_config.instance_type", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "cluster_config.instance_count", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "cluster_config.dedicated_master_type", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "cluster_config.dedicated_master_count", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "cluster_config.warm_type", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "cluster_config.warm_count", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "ebs_options.volume_size", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "ebs_options.iops", Class: ClassSize},
	{ResourceType: "aws_opensearch_domain", Pattern: "ebs_options.throughput", Class: ClassSize},
	{ResourceType: "aws_elasticsearch_domain", Pattern: "cluster_config.instance_type", Class: ClassSize},
	{ResourceType: "aws_elasticsearch_domain", Pattern: "cluster_config.instance_count", Class: ClassSize},
	{ResourceType: "aws_elasticsearch_domain", Pattern: "cluster_config.dedicated_master_type", Class: ClassSize},
	{ResourceType: "aws_elasticsearch_domain", Pattern: "cluster_config.dedicated_master_count", Class: ClassSize},
	{ResourceType: "aws_elasticsearch_domain", Pattern: "ebs_options.volume_size", Class: ClassSize},
	{ResourceType: "aws_elasticsearch_domain", Pattern: "ebs_options.iops", Class: ClassSize},
	{ResourceType: "aws_dynamodb_table", Pattern: "read_capacity", Class: ClassSize},
	{ResourceType: "aws_dynamodb_table", Pattern: "write_capacity", Class: ClassSize},
	{ResourceType: "aws_dynamodb_table", Pattern: "global_secondary_index.read_capacity", Class: ClassSize},
	{ResourceType: "aws_dynamodb_table", Pattern: "global_secondary_index.write_capacity", Class: ClassSize},
	{ResourceType: "aws_kinesis_stream", Pattern: "shard_count", Class: ClassSize},
	{ResourceType: "aws_redshift_cluster", Pattern: "node_type", Class: ClassSize},
	{ResourceType: "aws_redshift_cluster", Pattern: "number_of_nodes", Class: ClassSize},
	{ResourceType: "aws_mq_broker", Pattern: "host_instance_type", Class: ClassSize},
	{ResourceType: "aws_emr_cluster", Pattern: "master_instance_group.instance_type", Class: ClassSize},
	{ResourceType: "aws_emr_cluster", Pattern: "core_instance_group.instance_type", Class: ClassSize},
	{ResourceType: "aws_emr_cluster", Pattern: "core_instance_group.instance_count", Class: ClassSize},
	{ResourceType: "aws_sagemaker_endpoint_configuration", Pattern: "production_variants.instance_type", Class: ClassSize},
	{ResourceType: "aws_sagemaker_endpoint_configuration", Pattern: "production_variants.initial_instance_count", Class: ClassSize},
	{ResourceType: "aws_batch_compute_environment", Pattern: "compute_resources.instance_type", Class: ClassSize},
	{ResourceType: "aws_batch_compute_environment", Pattern: "compute_resources.min_vcpus", Class: ClassSize},
	{ResourceType: "aws_batch_compute_environment", Pattern: "compute_resources.max_vcpus", Class: ClassSize},
	{ResourceType: "aws_batch_compute_environment", Pattern: "compute_resources.desired_vcpus", Class: ClassSize},

	// Google Cloud sizes.
	{ResourceType: "google_compute_instance", Pattern: "machine_type", Class: ClassSize},
	{ResourceType: "google_compute_instance", Pattern: "boot_disk.initialize_params.size", Class: ClassSize},
	{ResourceType: "google_compute_instance_template", Pattern: "machine_type", Class: ClassSize},
	{ResourceType: "google_compute_instance_template", Pattern: "disk.disk_size_gb", Class: ClassSize},
	{ResourceType: "google_compute_disk", Pattern: "size", Class: ClassSize},
	{ResourceType: "google_compute_instance_group_manager", Pattern: "target_size", Class: ClassSize},
	{ResourceType: "google_compute_region_instance_group_manager", Pattern: "target_size", Class: ClassSize},
	{ResourceType: "google_compute_autoscaler", Pattern: "autoscaling_policy.min_replicas", Class: ClassSize},
	{ResourceType: "google_compute_autoscaler", Pattern: "autoscaling_policy.max_replicas", Class: ClassSize},
	{ResourceType: "google_compute_region_autoscaler", Pattern: "autoscaling_policy.min_replicas", Class: ClassSize},
	{ResourceType: "google_compute_region_autoscaler", Pattern: "autoscaling_policy.max_replicas", Class: ClassSize},
	{ResourceType: "google_container_cluster", Pattern: "initial_node_count", Class: ClassSize},
	{ResourceType: "google_container_cluster", Pattern: "node_config.machine_type", Class: ClassSize},
	{ResourceType: "google_container_cluster", Pattern: "node_config.disk_size_gb", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "node_count", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "initial_node_count", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "autoscaling.min_node_count", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "autoscaling.max_node_count", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "autoscaling.total_min_node_count", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "autoscaling.total_max_node_count", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "node_config.machine_type", Class: ClassSize},
	{ResourceType: "google_container_node_pool", Pattern: "node_config.disk_size_gb", Class: ClassSize},
	{ResourceType: "google_sql_database_instance", Pattern: "settings.tier", Class: ClassSize},
	{ResourceType: "google_sql_database_instance", Pattern: "settings.disk_size", Class: ClassSize},
	{ResourceType: "google_sql_database_instance", Pattern: "settings.disk_autoresize_limit", Class: ClassSize},
	{ResourceType: "google_redis_instance", Pattern: "memory_size_gb", Class: ClassSize},
	{ResourceType: "google_redis_instance", Pattern: "replica_count", Class: ClassSize},
	{ResourceType: "google_cloud_run_service", Pattern: "template.spec.containers.resources.limits.cpu", Class: ClassSize},
	{ResourceType: "google_cloud_run_service", Pattern: "template.spec.containers.resources.limits.memory", Class: ClassSize},
	{ResourceType: "google_cloud_run_service", Pattern: "annotations[\"autoscaling.knative.dev/minScale\"]", Class: ClassSize},
	{ResourceType: "google_cloud_run_service", Pattern: "annotations[\"autoscaling.knative.dev/maxScale\"]", Class: ClassSize},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "template.containers.resources.limits.cpu", Class: ClassSize},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "template.containers.resources.limits.memory", Class: ClassSize},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "template.scaling.min_instance_count", Class: ClassSize},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "template.scaling.max_instance_count", Class: ClassSize},
	{ResourceType: "google_cloudfunctions_function", Pattern: "available_memory_mb", Class: ClassSize},
	{ResourceType: "google_cloudfunctions_function", Pattern: "min_instances", Class: ClassSize},
	{ResourceType: "google_cloudfunctions_function", Pattern: "max_instances", Class: ClassSize},
	{ResourceType: "google_cloudfunctions2_function", Pattern: "service_config.available_memory", Class: ClassSize},
	{ResourceType: "google_cloudfunctions2_function", Pattern: "service_config.available_cpu", Class: ClassSize},
	{ResourceType: "google_cloudfunctions2_function", Pattern: "service_config.min_instance_count", Class: ClassSize},
	{ResourceType: "google_cloudfunctions2_function", Pattern: "service_config.max_instance_count", Class: ClassSize},
	{ResourceType: "google_spanner_instance", Pattern: "num_nodes", Class: ClassSize},
	{ResourceType: "google_spanner_instance", Pattern: "processing_units", Class: ClassSize},
	{ResourceType: "google_bigtable_instance", Pattern: "cluster.num_nodes", Class: ClassSize},
	{ResourceType: "google_dataproc_cluster", Pattern: "cluster_config.master_config.machine_type", Class: ClassSize},
	{ResourceType: "google_dataproc_cluster", Pattern: "cluster_config.worker_config.machine_type", Class: ClassSize},
	{ResourceType: "google_dataproc_cluster", Pattern: "cluster_config.worker_config.num_instances", Class: ClassSize},

	// Azure sizes.
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "size", Class: ClassSize},
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "os_disk.disk_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "size", Class: ClassSize},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "os_disk.disk_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_linux_virtual_machine_scale_set", Pattern: "sku", Class: ClassSize},
	{ResourceType: "azurerm_linux_virtual_machine_scale_set", Pattern: "instances", Class: ClassSize},
	{ResourceType: "azurerm_windows_virtual_machine_scale_set", Pattern: "sku", Class: ClassSize},
	{ResourceType: "azurerm_windows_virtual_machine_scale_set", Pattern: "instances", Class: ClassSize},
	{ResourceType: "azurerm_orchestrated_virtual_machine_scale_set", Pattern: "sku_name", Class: ClassSize},
	{ResourceType: "azurerm_orchestrated_virtual_machine_scale_set", Pattern: "instances", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "default_node_pool.vm_size", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "default_node_pool.node_count", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "default_node_pool.min_count", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "default_node_pool.max_count", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "default_node_pool.os_disk_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster_node_pool", Pattern: "vm_size", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster_node_pool", Pattern: "node_count", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster_node_pool", Pattern: "min_count", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster_node_pool", Pattern: "max_count", Class: ClassSize},
	{ResourceType: "azurerm_kubernetes_cluster_node_pool", Pattern: "os_disk_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_mssql_database", Pattern: "sku_name", Class: ClassSize},
	{ResourceType: "azurerm_mssql_database", Pattern: "max_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_mssql_elasticpool", Pattern: "sku.capacity", Class: ClassSize},
	{ResourceType: "azurerm_mssql_elasticpool", Pattern: "max_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_postgresql_flexible_server", Pattern: "sku_name", Class: ClassSize},
	{ResourceType: "azurerm_postgresql_flexible_server", Pattern: "storage_mb", Class: ClassSize},
	{ResourceType: "azurerm_mysql_flexible_server", Pattern: "sku_name", Class: ClassSize},
	{ResourceType: "azurerm_mysql_flexible_server", Pattern: "storage.size_gb", Class: ClassSize},
	{ResourceType: "azurerm_mysql_flexible_server", Pattern: "storage.iops", Class: ClassSize},
	{ResourceType: "azurerm_redis_cache", Pattern: "capacity", Class: ClassSize},
	{ResourceType: "azurerm_service_plan", Pattern: "sku_name", Class: ClassSize},
	{ResourceType: "azurerm_service_plan", Pattern: "worker_count", Class: ClassSize},
	{ResourceType: "azurerm_managed_disk", Pattern: "disk_size_gb", Class: ClassSize},
	{ResourceType: "azurerm_managed_disk", Pattern: "disk_iops_read_write", Class: ClassSize},
	{ResourceType: "azurerm_managed_disk", Pattern: "disk_mbps_read_write", Class: ClassSize},
	{ResourceType: "azurerm_cosmosdb_sql_database", Pattern: "throughput", Class: ClassSize},
	{ResourceType: "azurerm_cosmosdb_sql_database", Pattern: "autoscale_settings.max_throughput", Class: ClassSize},
	{ResourceType: "azurerm_cosmosdb_sql_container", Pattern: "throughput", Class: ClassSize},
	{ResourceType: "azurerm_cosmosdb_sql_container", Pattern: "autoscale_settings.max_throughput", Class: ClassSize},
	{ResourceType: "azurerm_container_app", Pattern: "template.min_replicas", Class: ClassSize},
	{ResourceType: "azurerm_container_app", Pattern: "template.max_replicas", Class: ClassSize},
	{ResourceType: "azurerm_container_app", Pattern: "template.container.cpu", Class: ClassSize},
	{ResourceType: "azurerm_container_app", Pattern: "template.container.memory", Class: ClassSize},

	// Kubernetes sizes.
	{ResourceType: "kubernetes_deployment", Pattern: "spec.replicas", Class: ClassSize},
	{ResourceType: "kubernetes_deployment_v1", Pattern: "spec.replicas", Class: ClassSize},
	{ResourceType: "kubernetes_stateful_set", Pattern: "spec.replicas", Class: ClassSize},
	{ResourceType: "kubernetes_stateful_set_v1", Pattern: "spec.replicas", Class: ClassSize},
	{ResourceType: "kubernetes_replication_controller", Pattern: "spec.replicas", Class: ClassSize},
	{ResourceType: "kubernetes_replication_controller_v1", Pattern: "spec.replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler", Pattern: "spec.min_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler", Pattern: "spec.max_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler_v1", Pattern: "spec.min_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler_v1", Pattern: "spec.max_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler_v2", Pattern: "spec.min_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler_v2", Pattern: "spec.max_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler_v2beta2", Pattern: "spec.min_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_horizontal_pod_autoscaler_v2beta2", Pattern: "spec.max_replicas", Class: ClassSize},
	{ResourceType: "kubernetes_persistent_volume_claim", Pattern: "spec.resources.requests.storage", Class: ClassSize},
	{ResourceType: "kubernetes_persistent_volume_claim_v1", Pattern: "spec.resources.requests.storage", Class: ClassSize},
	{ResourceType: "kubernetes_persistent_volume", Pattern: "spec.capacity.storage", Class: ClassSize},
	{ResourceType: "kubernetes_persistent_volume_v1", Pattern: "spec.capacity.storage", Class: ClassSize},

	// AWS computed attributes.
	{ResourceType: "aws_db_instance", Pattern: "resource_id", Class: ClassIdentity, Note: "Assigned by RDS when the instance is created."},
	{ResourceType: "aws_db_instance", Pattern: "endpoint", Class: ClassIdentity, Note: "Assigned by RDS when the instance is created."},
	{ResourceType: "aws_db_instance", Pattern: "address", Class: ClassIdentity, Note: "Assigned by RDS when the instance is created."},
	{ResourceType: "aws_db_instance", Pattern: "status", Class: ClassIdentity, Note: "Assigned by RDS when the instance is created."},
	{ResourceType: "aws_db_instance", Pattern: "listener_endpoint", Class: ClassIdentity, Note: "Assigned by RDS when the instance is created."},
	{ResourceType: "aws_db_instance", Pattern: "engine_version_actual", Class: ClassIdentity, Note: "Assigned by RDS when the instance is created."},
	{ResourceType: "aws_rds_cluster", Pattern: "endpoint", Class: ClassIdentity, Note: "Assigned by RDS when the cluster is created."},
	{ResourceType: "aws_rds_cluster", Pattern: "reader_endpoint", Class: ClassIdentity, Note: "Assigned by RDS when the cluster is created."},
	{ResourceType: "aws_rds_cluster", Pattern: "cluster_resource_id", Class: ClassIdentity, Note: "Assigned by RDS when the cluster is created."},
	{ResourceType: "aws_rds_cluster", Pattern: "cluster_members", Class: ClassIdentity, Note: "Assigned by RDS when the cluster is created."},
	{ResourceType: "aws_rds_cluster_instance", Pattern: "endpoint", Class: ClassIdentity, Note: "Assigned by RDS; which instance is the writer changes on failover."},
	{ResourceType: "aws_rds_cluster_instance", Pattern: "dbi_resource_id", Class: ClassIdentity, Note: "Assigned by RDS; which instance is the writer changes on failover."},
	{ResourceType: "aws_rds_cluster_instance", Pattern: "writer", Class: ClassIdentity, Note: "Assigned by RDS; which instance is the writer changes on failover."},
	{ResourceType: "aws_elasticache_cluster", Pattern: "cache_nodes", Class: ClassIdentity, Note: "Assigned by ElastiCache when the cluster is created."},
	{ResourceType: "aws_elasticache_cluster", Pattern: "cluster_address", Class: ClassIdentity, Note: "Assigned by ElastiCache when the cluster is created."},
	{ResourceType: "aws_elasticache_cluster", Pattern: "configuration_endpoint", Class: ClassIdentity, Note: "Assigned by ElastiCache when the cluster is created."},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "primary_endpoint_address", Class: ClassIdentity, Note: "Assigned by ElastiCache when the group is created."},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "reader_endpoint_address", Class: ClassIdentity, Note: "Assigned by ElastiCache when the group is created."},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "configuration_endpoint_address", Class: ClassIdentity, Note: "Assigned by ElastiCache when the group is created."},
	{ResourceType: "aws_elasticache_replication_group", Pattern: "member_clusters", Class: ClassIdentity, Note: "Assigned by ElastiCache when the group is created."},
	{ResourceType: "aws_instance", Pattern: "primary_network_interface_id", Class: ClassIdentity, Note: "Assigned by EC2 when the instance is launched."},
	{ResourceType: "aws_instance", Pattern: "password_data", Class: ClassIdentity, Note: "Assigned by EC2 when the instance is launched."},
	{ResourceType: "aws_eks_cluster", Pattern: "endpoint", Class: ClassIdentity, Note: "Assigned by EKS when the cluster is created."},
	{ResourceType: "aws_eks_cluster", Pattern: "certificate_authority", Class: ClassIdentity, Note: "Assigned by EKS when the cluster is created."},
	{ResourceType: "aws_eks_cluster", Pattern: "identity", Class: ClassIdentity, Note: "Assigned by EKS when the cluster is created."},
	{ResourceType: "aws_eks_cluster", Pattern: "platform_version", Class: ClassIdentity, Note: "Assigned by EKS when the cluster is created."},
	{ResourceType: "aws_eks_cluster", Pattern: "status", Class: ClassIdentity, Note: "Assigned by EKS when the cluster is created."},
	{ResourceType: "aws_eks_cluster", Pattern: "cluster_id", Class: ClassIdentity, Note: "Assigned by EKS when the cluster is created."},
	{ResourceType: "aws_lb", Pattern: "dns_name", Class: ClassIdentity, Note: "Assigned by Elastic Load Balancing."},
	{ResourceType: "aws_lb", Pattern: "zone_id", Class: ClassIdentity, Note: "Assigned by Elastic Load Balancing."},
	{ResourceType: "aws_lb", Pattern: "arn_suffix", Class: ClassIdentity, Note: "Assigned by Elastic Load Balancing."},
	{ResourceType: "aws_lb_target_group", Pattern: "arn_suffix", Class: ClassIdentity, Note: "Derived from the ARN."},
	{ResourceType: "aws_opensearch_domain", Pattern: "endpoint", Class: ClassIdentity, Note: "Assigned by OpenSearch Service."},
	{ResourceType: "aws_opensearch_domain", Pattern: "dashboard_endpoint", Class: ClassIdentity, Note: "Assigned by OpenSearch Service."},
	{ResourceType: "aws_opensearch_domain", Pattern: "domain_id", Class: ClassIdentity, Note: "Assigned by OpenSearch Service."},
	{ResourceType: "aws_msk_cluster", Pattern: "bootstrap_brokers", Class: ClassIdentity, Note: "Assigned by MSK when the cluster is created."},
	{ResourceType: "aws_msk_cluster", Pattern: "bootstrap_brokers_tls", Class: ClassIdentity, Note: "Assigned by MSK when the cluster is created."},
	{ResourceType: "aws_msk_cluster", Pattern: "bootstrap_brokers_sasl_iam", Class: ClassIdentity, Note: "Assigned by MSK when the cluster is created."},
	{ResourceType: "aws_msk_cluster", Pattern: "bootstrap_brokers_sasl_scram", Class: ClassIdentity, Note: "Assigned by MSK when the cluster is created."},
	{ResourceType: "aws_msk_cluster", Pattern: "zookeeper_connect_string", Class: ClassIdentity, Note: "Assigned by MSK when the cluster is created."},
	{ResourceType: "aws_msk_cluster", Pattern: "current_version", Class: ClassIdentity, Note: "Assigned by MSK when the cluster is created."},
	{ResourceType: "aws_s3_bucket", Pattern: "bucket_domain_name", Class: ClassIdentity, Note: "Derived from the bucket name."},
	{ResourceType: "aws_s3_bucket", Pattern: "bucket_regional_domain_name", Class: ClassIdentity, Note: "Derived from the bucket name."},
	{ResourceType: "aws_cloudfront_distribution", Pattern: "domain_name", Class: ClassIdentity, Note: "Assigned by CloudFront."},
	{ResourceType: "aws_cloudfront_distribution", Pattern: "status", Class: ClassIdentity, Note: "Assigned by CloudFront."},
	{ResourceType: "aws_cloudfront_distribution", Pattern: "last_modified_time", Class: ClassIdentity, Note: "Assigned by CloudFront."},
	{ResourceType: "aws_cloudfront_distribution", Pattern: "in_progress_validation_batches", Class: ClassIdentity, Note: "Assigned by CloudFront."},
	{ResourceType: "aws_cloudfront_distribution", Pattern: "caller_reference", Class: ClassIdentity, Note: "Assigned by CloudFront."},
	{ResourceType: "aws_lambda_function", Pattern: "version", Class: ClassIdentity, Note: "The published version number counts deployments, which differ between environments."},
	{ResourceType: "aws_lambda_function", Pattern: "qualified_arn", Class: ClassIdentity, Note: "The published version number counts deployments, which differ between environments."},
	{ResourceType: "aws_lambda_function", Pattern: "invoke_arn", Class: ClassIdentity, Note: "The published version number counts deployments, which differ between environments."},
	{ResourceType: "aws_lambda_function", Pattern: "qualified_invoke_arn", Class: ClassIdentity, Note: "The published version number counts deployments, which differ between environments."},
	{ResourceType: "aws_api_gateway_rest_api", Pattern: "root_resource_id", Class: ClassIdentity, Note: "Assigned by API Gateway."},
	{ResourceType: "aws_api_gateway_rest_api", Pattern: "created_date", Class: ClassIdentity, Note: "Assigned by API Gateway."},
	{ResourceType: "aws_api_gateway_rest_api", Pattern: "execution_arn", Class: ClassIdentity, Note: "Assigned by API Gateway."},
	{ResourceType: "aws_sqs_queue", Pattern: "url", Class: ClassIdentity, Note: "Derived from the account, region and queue name."},
	{ResourceType: "aws_vpc", Pattern: "default_network_acl_id", Class: ClassIdentity, Note: "Created by EC2 together with the VPC."},
	{ResourceType: "aws_vpc", Pattern: "default_route_table_id", Class: ClassIdentity, Note: "Created by EC2 together with the VPC."},
	{ResourceType: "aws_vpc", Pattern: "default_security_group_id", Class: ClassIdentity, Note: "Created by EC2 together with the VPC."},
	{ResourceType: "aws_vpc", Pattern: "main_route_table_id", Class: ClassIdentity, Note: "Created by EC2 together with the VPC."},
	{ResourceType: "aws_vpc", Pattern: "dhcp_options_id", Class: ClassIdentity, Note: "Created by EC2 together with the VPC."},
	{ResourceType: "aws_kms_key", Pattern: "key_id", Class: ClassIdentity, Note: "Assigned by KMS."},
	{ResourceType: "aws_route53_record", Pattern: "fqdn", Class: ClassIdentity, Note: "Derived from the record name and zone."},
	{ResourceType: "aws_secretsmanager_secret_version", Pattern: "version_id", Class: ClassIdentity, Note: "Assigned by Secrets Manager on every new version."},

	// AWS nested ids that are configuration: rule ids are names chosen by the author, unlike the generic id.
	{ResourceType: "aws_s3_bucket_lifecycle_configuration", Pattern: "rule.id", Class: ClassConfig},
	{ResourceType: "aws_s3_bucket_replication_configuration", Pattern: "rule.id", Class: ClassConfig},
	{ResourceType: "aws_s3_bucket", Pattern: "lifecycle_rule.id", Class: ClassConfig},
	{ResourceType: "aws_s3_bucket", Pattern: "replication_configuration.rules.id", Class: ClassConfig},
	{ResourceType: "aws_cloudwatch_metric_alarm", Pattern: "metric_query.id", Class: ClassConfig},

	// Google Cloud computed attributes.
	{ResourceType: "google_compute_instance", Pattern: "instance_id", Class: ClassIdentity, Note: "Assigned by Compute Engine when the instance is created."},
	{ResourceType: "google_compute_instance", Pattern: "cpu_platform", Class: ClassIdentity, Note: "Assigned by Compute Engine when the instance is created."},
	{ResourceType: "google_compute_instance", Pattern: "current_status", Class: ClassIdentity, Note: "Assigned by Compute Engine when the instance is created."},
	{ResourceType: "google_compute_instance", Pattern: "metadata_fingerprint", Class: ClassIdentity, Note: "Assigned by Compute Engine when the instance is created."},
	{ResourceType: "google_compute_instance", Pattern: "tags_fingerprint", Class: ClassIdentity, Note: "Assigned by Compute Engine when the instance is created."},
	{ResourceType: "google_container_cluster", Pattern: "endpoint", Class: ClassIdentity, Note: "Assigned by GKE when the cluster is created or upgraded."},
	{ResourceType: "google_container_cluster", Pattern: "master_version", Class: ClassIdentity, Note: "Assigned by GKE when the cluster is created or upgraded."},
	{ResourceType: "google_container_cluster", Pattern: "services_ipv4_cidr", Class: ClassIdentity, Note: "Assigned by GKE when the cluster is created or upgraded."},
	{ResourceType: "google_container_cluster", Pattern: "tpu_ipv4_cidr_block", Class: ClassIdentity, Note: "Assigned by GKE when the cluster is created or upgraded."},
	{ResourceType: "google_container_cluster", Pattern: "operation", Class: ClassIdentity, Note: "Assigned by GKE when the cluster is created or upgraded."},
	{ResourceType: "google_container_node_pool", Pattern: "instance_group_urls", Class: ClassIdentity, Note: "Assigned by GKE when the pool is created."},
	{ResourceType: "google_container_node_pool", Pattern: "managed_instance_group_urls", Class: ClassIdentity, Note: "Assigned by GKE when the pool is created."},
	{ResourceType: "google_container_node_pool", Pattern: "operation", Class: ClassIdentity, Note: "Assigned by GKE when the pool is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "connection_name", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "first_ip_address", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "ip_address", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "private_ip_address", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "public_ip_address", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "server_ca_cert", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "service_account_email_address", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_sql_database_instance", Pattern: "dns_name", Class: ClassIdentity, Note: "Assigned by Cloud SQL when the instance is created."},
	{ResourceType: "google_redis_instance", Pattern: "host", Class: ClassIdentity, Note: "Assigned by Memorystore when the instance is created."},
	{ResourceType: "google_redis_instance", Pattern: "current_location_id", Class: ClassIdentity, Note: "Assigned by Memorystore when the instance is created."},
	{ResourceType: "google_redis_instance", Pattern: "persistence_iam_identity", Class: ClassIdentity, Note: "Assigned by Memorystore when the instance is created."},
	{ResourceType: "google_redis_instance", Pattern: "server_ca_certs", Class: ClassIdentity, Note: "Assigned by Memorystore when the instance is created."},
	{ResourceType: "google_cloud_run_service", Pattern: "status", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "uid", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "generation", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "observed_generation", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "reconciling", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "latest_ready_revision", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "latest_created_revision", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "uri", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "conditions", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_cloud_run_v2_service", Pattern: "terminal_condition", Class: ClassIdentity, Note: "Reported by Cloud Run about the latest rollout."},
	{ResourceType: "google_compute_instance_group_manager", Pattern: "instance_group", Class: ClassIdentity, Note: "Reported by Compute Engine."},
	{ResourceType: "google_compute_instance_group_manager", Pattern: "status", Class: ClassIdentity, Note: "Reported by Compute Engine."},
	{ResourceType: "google_storage_bucket", Pattern: "url", Class: ClassIdentity, Note: "Derived from the bucket name."},
	{ResourceType: "google_service_account", Pattern: "unique_id", Class: ClassIdentity, Note: "Assigned by IAM."},

	// Azure computed attributes.
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "private_ip_address", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "private_ip_addresses", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "public_ip_address", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "public_ip_addresses", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_linux_virtual_machine", Pattern: "virtual_machine_id", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "private_ip_address", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "private_ip_addresses", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "public_ip_address", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "public_ip_addresses", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_windows_virtual_machine", Pattern: "virtual_machine_id", Class: ClassIdentity, Note: "Assigned by Azure when the machine is created."},
	{ResourceType: "azurerm_network_interface", Pattern: "mac_address", Class: ClassIdentity, Note: "Assigned by Azure when the interface is attached."},
	{ResourceType: "azurerm_network_interface", Pattern: "applied_dns_servers", Class: ClassIdentity, Note: "Assigned by Azure when the interface is attached."},
	{ResourceType: "azurerm_network_interface", Pattern: "internal_domain_name_suffix", Class: ClassIdentity, Note: "Assigned by Azure when the interface is attached."},
	{ResourceType: "azurerm_network_interface", Pattern: "virtual_machine_id", Class: ClassIdentity, Note: "Assigned by Azure when the interface is attached."},
	{ResourceType: "azurerm_network_interface", Pattern: "private_ip_address", Class: ClassIdentity, Note: "Assigned by Azure when the interface is attached."},
	{ResourceType: "azurerm_network_interface", Pattern: "private_ip_addresses", Class: ClassIdentity, Note: "Assigned by Azure when the interface is attached."},
	{ResourceType: "azurerm_public_ip", Pattern: "ip_address", Class: ClassIdentity, Note: "Allocated by Azure."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "fqdn", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "private_fqdn", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "portal_fqdn", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "kube_config", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "kube_config_raw", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "kube_admin_config", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "kube_admin_config_raw", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "node_resource_group_id", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "oidc_issuer_url", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "current_kubernetes_version", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_kubernetes_cluster", Pattern: "kubelet_identity", Class: ClassIdentity, Note: "Assigned by AKS when the cluster is created or upgraded."},
	{ResourceType: "azurerm_mssql_server", Pattern: "fully_qualified_domain_name", Class: ClassIdentity, Note: "Assigned by Azure SQL."},
	{ResourceType: "azurerm_mssql_server", Pattern: "restorable_dropped_database_ids", Class: ClassIdentity, Note: "Assigned by Azure SQL."},
	{ResourceType: "azurerm_postgresql_flexible_server", Pattern: "fqdn", Class: ClassIdentity, Note: "Derived from the server name."},
	{ResourceType: "azurerm_mysql_flexible_server", Pattern: "fqdn", Class: ClassIdentity, Note: "Derived from the server name."},
	{ResourceType: "azurerm_redis_cache", Pattern: "hostname", Class: ClassIdentity, Note: "Assigned by Azure Cache for Redis."},
	{ResourceType: "azurerm_redis_cache", Pattern: "ssl_port", Class: ClassIdentity, Note: "Assigned by Azure Cache for Redis."},
	{ResourceType: "azurerm_redis_cache", Pattern: "port", Class: ClassIdentity, Note: "Assigned by Azure Cache for Redis."},
	{ResourceType: "azurerm_linux_web_app", Pattern: "default_hostname", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_linux_web_app", Pattern: "outbound_ip_addresses", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_linux_web_app", Pattern: "outbound_ip_address_list", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_linux_web_app", Pattern: "possible_outbound_ip_addresses", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_linux_web_app", Pattern: "possible_outbound_ip_address_list", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_linux_web_app", Pattern: "custom_domain_verification_id", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_windows_web_app", Pattern: "default_hostname", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_windows_web_app", Pattern: "outbound_ip_addresses", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_windows_web_app", Pattern: "outbound_ip_address_list", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_windows_web_app", Pattern: "possible_outbound_ip_addresses", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_windows_web_app", Pattern: "possible_outbound_ip_address_list", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_windows_web_app", Pattern: "custom_domain_verification_id", Class: ClassIdentity, Note: "Assigned by App Service."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_blob_endpoint", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_blob_host", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_web_endpoint", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_web_host", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_dfs_endpoint", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_queue_endpoint", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_table_endpoint", Class: ClassIdentity, Note: "Derived from the account name."},
	{ResourceType: "azurerm_storage_account", Pattern: "primary_file_endpoint", Class: ClassIdentity, Note: "Derived from the account name."},

	// Kubernetes computed attributes.
	{ResourceType: "kubernetes_service", Pattern: "spec.cluster_ip", Class: ClassIdentity, Note: "Assigned by the cluster when the service is created."},
	{ResourceType: "kubernetes_service", Pattern: "spec.cluster_ips", Class: ClassIdentity, Note: "Assigned by the cluster when the service is created."},
	{ResourceType: "kubernetes_service", Pattern: "status", Class: ClassIdentity, Note: "Assigned by the cluster when the service is created."},
	{ResourceType: "kubernetes_service_v1", Pattern: "spec.cluster_ip", Class: ClassIdentity, Note: "Assigned by the cluster when the service is created."},
	{ResourceType: "kubernetes_service_v1", Pattern: "spec.cluster_ips", Class: ClassIdentity, Note: "Assigned by the cluster when the service is created."},
	{ResourceType: "kubernetes_service_v1", Pattern: "status", Class: ClassIdentity, Note: "Assigned by the cluster when the service is created."},
	{ResourceType: "kubernetes_persistent_volume_claim", Pattern: "spec.volume_name", Class: ClassIdentity, Note: "The volume the claim was bound to."},
	{ResourceType: "kubernetes_persistent_volume_claim_v1", Pattern: "spec.volume_name", Class: ClassIdentity, Note: "The volume the claim was bound to."},

	// Generic sizes, for any resource type and for plain settings objects. A pattern matches at any depth.
	{Pattern: "instance_type", Class: ClassSize},
	{Pattern: "instance_types", Class: ClassSize},
	{Pattern: "instance_class", Class: ClassSize},
	{Pattern: "node_type", Class: ClassSize},
	{Pattern: "machine_type", Class: ClassSize},
	{Pattern: "vm_size", Class: ClassSize},
	{Pattern: "size", Class: ClassSize},
	{Pattern: "sku", Class: ClassSize},
	{Pattern: "sku_name", Class: ClassSize},
	{Pattern: "instance_count", Class: ClassSize},
	{Pattern: "desired_capacity", Class: ClassSize},
	{Pattern: "min_size", Class: ClassSize},
	{Pattern: "max_size", Class: ClassSize},
	{Pattern: "desired_count", Class: ClassSize},
	{Pattern: "replicas", Class: ClassSize},
	{Pattern: "min_replicas", Class: ClassSize},
	{Pattern: "max_replicas", Class: ClassSize},
	{Pattern: "node_count", Class: ClassSize},
	{Pattern: "min_node_count", Class: ClassSize},
	{Pattern: "max_node_count", Class: ClassSize},
	{Pattern: "allocated_storage", Class: ClassSize},
	{Pattern: "max_allocated_storage", Class: ClassSize},
	{Pattern: "memory_size", Class: ClassSize},
	{Pattern: "memory_size_gb", Class: ClassSize},
	{Pattern: "num_cache_nodes", Class: ClassSize},
	{Pattern: "replicas_per_node_group", Class: ClassSize},
	{Pattern: "num_node_groups", Class: ClassSize},
	{Pattern: "shard_count", Class: ClassSize},
	{Pattern: "read_capacity", Class: ClassSize},
	{Pattern: "write_capacity", Class: ClassSize},
	{Pattern: "min_capacity", Class: ClassSize},
	{Pattern: "max_capacity", Class: ClassSize},
	{Pattern: "worker_count", Class: ClassSize},
	{Pattern: "cpu", Class: ClassSize},
	{Pattern: "memory", Class: ClassSize},
	{Pattern: "storage", Class: ClassSize},
	{Pattern: "storage_mb", Class: ClassSize},
	{Pattern: "disk_size", Class: ClassSize},
	{Pattern: "disk_size_gb", Class: ClassSize},
	{Pattern: "volume_size", Class: ClassSize},
	{Pattern: "iops", Class: ClassSize},
	{Pattern: "throughput", Class: ClassSize},

	// Container resource quantities of any workload (Kubernetes, Cloud Run, Container Apps).
	{Pattern: "resources.limits.cpu", Class: ClassSize},
	{Pattern: "resources.limits.memory", Class: ClassSize},
	{Pattern: "resources.limits.ephemeral-storage", Class: ClassSize},
	{Pattern: "resources.requests.cpu", Class: ClassSize},
	{Pattern: "resources.requests.memory", Class: ClassSize},
	{Pattern: "resources.requests.ephemeral-storage", Class: ClassSize},

	// Generic identity and computed attributes.
	{Pattern: "metadata.uid", Class: ClassIdentity, Note: "Kubernetes object metadata maintained by the API server."},
	{Pattern: "metadata.resource_version", Class: ClassIdentity, Note: "Kubernetes object metadata maintained by the API server."},
	{Pattern: "metadata.generation", Class: ClassIdentity, Note: "Kubernetes object metadata maintained by the API server."},
	{Pattern: "id", Class: ClassIdentity, Note: "Assigned by the provider; every environment has its own."},
	{Pattern: "arn", Class: ClassIdentity, Note: "Contains the account and resource name; every environment has its own."},
	{Pattern: "unique_id", Class: ClassIdentity, Note: "Assigned by the provider."},
	{Pattern: "owner_id", Class: ClassIdentity, Note: "The account that owns the resource."},
	{Pattern: "self_link", Class: ClassIdentity, Note: "Contains the project and resource name; every environment has its own."},
	{Pattern: "creation_timestamp", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "create_time", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "create_date", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "created_date", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "created_at", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "update_time", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "updated_at", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "last_modified", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "last_modified_date", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "latest_restorable_time", Class: ClassIdentity, Note: "A timestamp of when the resource was created or changed."},
	{Pattern: "etag", Class: ClassIdentity, Note: "A version marker that changes on every update."},
	{Pattern: "fingerprint", Class: ClassIdentity, Note: "A version marker that changes on every update."},
	{Pattern: "label_fingerprint", Class: ClassIdentity, Note: "A version marker that changes on every update."},
	{Pattern: "tags_all", Class: ClassIdentity, Note: "Tags merged with provider default tags; the tags themselves are compared."},
	{Pattern: "private_ip", Class: ClassIdentity, Note: "Allocated from each environment's own network."},
	{Pattern: "public_ip", Class: ClassIdentity, Note: "Allocated from each environment's own network."},
	{Pattern: "private_dns", Class: ClassIdentity, Note: "Allocated from each environment's own network."},
	{Pattern: "public_dns", Class: ClassIdentity, Note: "Allocated from each environment's own network."},
	{Pattern: "mac_address", Class: ClassIdentity, Note: "Allocated from each environment's own network."},
	{Pattern: "network_interface_id", Class: ClassIdentity, Note: "An interface of each environment's own network."},
	{Pattern: "hosted_zone_id", Class: ClassIdentity, Note: "The DNS zone the provider serves the resource from."},
	{Pattern: "instance_state", Class: ClassIdentity, Note: "The run state at the time the state was read."},
}

// Secret name heuristics. A name is split into lower-case words at "_", "-",
// spaces and camelCase boundaries (db_password, client-secret, apiKey).
var (
	// secretWords hold a secret wherever they appear in a name.
	secretWords = map[string]bool{
		"password": true, "passwords": true, "passwd": true, "passphrase": true,
		"secret": true, "secrets": true, "token": true, "tokens": true,
		"credential": true, "credentials": true, "apikey": true, "privatekey": true,
	}
	// secretPhrases are consecutive words that hold a secret together, while
	// each alone does not ("key" alone is too common: hash_key, sort key).
	secretPhrases = [][]string{
		{"private", "key"}, {"api", "key"}, {"access", "key"}, {"client", "key"},
		{"signing", "key"}, {"master", "key"}, {"shared", "key"}, {"account", "key"},
		{"connection", "string"},
	}
	// describingSuffixes end names that describe a secret rather than hold
	// it: its lifetime, length, identifier or policy. These values are
	// configuration that must match (a token TTL, a minimum password length),
	// so they are compared; names ending in them are not secrets.
	describingSuffixes = map[string]bool{
		"ttl": true, "length": true, "count": true, "arn": true, "id": true, "ids": true,
		"enabled": true, "disabled": true, "version": true, "versions": true,
		"policy": true, "policies": true, "name": true, "names": true, "type": true, "types": true,
		"expiry": true, "expiration": true, "expires": true, "expire": true,
		"seconds": true, "minutes": true, "hours": true, "days": true, "duration": true,
		"lifetime": true, "age": true, "required": true, "strategy": true, "rotation": true,
		"status": true, "source": true, "used": true,
		"file": true, "path": true, "url": true, "uri": true, "endpoint": true, "header": true,
		"ref": true, "refs": true, "reference": true,
	}
	// flagPrefixes start boolean switches about secrets, such as
	// manage_master_user_password or generate_secret.
	flagPrefixes = map[string]bool{
		"allow": true, "enable": true, "enabled": true, "disable": true, "disabled": true,
		"require": true, "requires": true, "use": true, "is": true, "has": true,
		"manage": true, "create": true, "generate": true,
	}
)

// IsSecretName reports whether an attribute name suggests a secret value:
// password, passwd, secret, token, private_key, api_key, access_key,
// client_secret, auth_token, credentials, connection_string and the like.
// attr may be a name or a path, whose last step is used; matching is
// case-insensitive.
//
// Names that describe a secret rather than hold it are not secrets:
// password_length, token_ttl, secret_arn, access_key_id,
// token_expiry_seconds, password_policy, manage_master_user_password.
// Their values are configuration that should match between environments,
// and hiding them would hide real drift.
func IsSecretName(attr string) bool {
	words := nameWords(lastStepName(attr))
	if len(words) == 0 || describingSuffixes[words[len(words)-1]] || len(words) > 1 && flagPrefixes[words[0]] {
		return false
	}
	for i, w := range words {
		if secretWords[w] {
			return true
		}
		for _, phrase := range secretPhrases {
			if hasPhraseAt(words, i, phrase) {
				return true
			}
		}
	}
	return false
}

func hasPhraseAt(words []string, i int, phrase []string) bool {
	if i+len(phrase) > len(words) {
		return false
	}
	for j, w := range phrase {
		if words[i+j] != w {
			return false
		}
	}
	return true
}

// lastStepName returns the last attribute name of a path such as
// settings.db[0].password or tags["db.password"].
func lastStepName(path string) string {
	for strings.HasSuffix(path, "]") {
		open := strings.LastIndexByte(path, '[')
		if open < 0 {
			break
		}
		inner := path[open+1 : len(path)-1]
		if len(inner) >= 2 && inner[0] == '"' && inner[len(inner)-1] == '"' {
			// A quoted key is the name itself.
			return strings.ReplaceAll(inner[1:len(inner)-1], `\"`, `"`)
		}
		path = path[:open]
	}
	if dot := strings.LastIndexByte(path, '.'); dot >= 0 {
		path = path[dot+1:]
	}
	return path
}

// nameWords splits a name into lower-case words at separators and camelCase
// boundaries: "dbPassword" → db, password; "APIKey" → api, key.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == ' ' || r == '.' || r == '/':
			flush()
			continue
		case isUpper(r) && len(cur) > 0:
			prev := runes[i-1]
			nextLower := i+1 < len(runes) && isLower(runes[i+1])
			if isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
func isLower(r rune) bool { return r >= 'a' && r <= 'z' }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }
