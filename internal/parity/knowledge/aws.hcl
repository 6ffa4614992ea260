# Built-in knowledge of the aws provider, in the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "aws_instance" {
  size "instance_type" {}
  size "root_block_device.volume_size" {}
  size "root_block_device.iops" {}
  size "root_block_device.throughput" {}

  # EBS volume types (Amazon EBS User Guide, "Amazon EBS volume types"):
  # gp3 has a baseline of 3,000 IOPS and 125 MiB/s that no smaller volume
  # goes below; io1 and io2 start at 100 IOPS; gp2 IOPS are computed by EBS
  # from the size (3 IOPS per GiB, at least 100) and are not configuration.
  # Volume sizes start at 1 GiB (gp2, gp3), 4 GiB (io1, io2) and 125 GiB
  # (st1, sc1).
  size "root_block_device.iops" {
    minimum = 3000
    when    = { volume_type = "gp3" }
  }
  size "root_block_device.throughput" {
    minimum = 125
    when    = { volume_type = "gp3" }
  }
  size "root_block_device.iops" {
    minimum = 100
    when    = { volume_type = ["io1", "io2"] }
  }
  identity "root_block_device.iops" {
    reason = "EBS computes gp2 IOPS from the volume size (3 IOPS per GiB, at least 100)."
    when   = { volume_type = "gp2" }
  }
  size "root_block_device.volume_size" {
    minimum = 4
    when    = { volume_type = ["io1", "io2"] }
  }
  size "root_block_device.volume_size" {
    minimum = 125
    when    = { volume_type = ["st1", "sc1"] }
  }
  size "ebs_block_device.volume_size" {}
  size "ebs_block_device.iops" {}
  size "ebs_block_device.throughput" {}
  size "ebs_block_device.iops" {
    minimum = 3000
    when    = { volume_type = "gp3" }
  }
  size "ebs_block_device.throughput" {
    minimum = 125
    when    = { volume_type = "gp3" }
  }
  size "ebs_block_device.iops" {
    minimum = 100
    when    = { volume_type = ["io1", "io2"] }
  }
  identity "ebs_block_device.iops" {
    reason = "EBS computes gp2 IOPS from the volume size (3 IOPS per GiB, at least 100)."
    when   = { volume_type = "gp2" }
  }
  size "ebs_block_device.volume_size" {
    minimum = 4
    when    = { volume_type = ["io1", "io2"] }
  }
  size "ebs_block_device.volume_size" {
    minimum = 125
    when    = { volume_type = ["st1", "sc1"] }
  }
  size "cpu_options.core_count" {}
  identity "primary_network_interface_id" {
    reason = "Assigned by EC2 when the instance is launched."
  }
  identity "password_data" {
    reason = "Assigned by EC2 when the instance is launched."
  }
}

resource "aws_launch_template" {
  size "instance_type" {}
  size "block_device_mappings.ebs.volume_size" {}
  size "block_device_mappings.ebs.iops" {}
  size "block_device_mappings.ebs.throughput" {}
  size "block_device_mappings.ebs.iops" {
    minimum = 3000
    when    = { volume_type = "gp3" }
  }
  size "block_device_mappings.ebs.throughput" {
    minimum = 125
    when    = { volume_type = "gp3" }
  }
  size "block_device_mappings.ebs.iops" {
    minimum = 100
    when    = { volume_type = ["io1", "io2"] }
  }
  identity "block_device_mappings.ebs.iops" {
    reason = "EBS computes gp2 IOPS from the volume size (3 IOPS per GiB, at least 100)."
    when   = { volume_type = "gp2" }
  }
  size "block_device_mappings.ebs.volume_size" {
    minimum = 4
    when    = { volume_type = ["io1", "io2"] }
  }
  size "block_device_mappings.ebs.volume_size" {
    minimum = 125
    when    = { volume_type = ["st1", "sc1"] }
  }
}

resource "aws_db_instance" {
  size "instance_class" {}
  size "allocated_storage" {}
  size "max_allocated_storage" {}
  size "iops" {}
  size "storage_throughput" {}
  # RDS storage (Amazon RDS User Guide, "Amazon RDS DB instance storage"):
  # General Purpose SSD starts at 20 GiB, Provisioned IOPS SSD at 100 GiB and
  # magnetic at 5 GiB (MariaDB, MySQL, PostgreSQL; SQL Server and Oracle at
  # 20 GiB). gp3 below 400 GiB runs at a fixed 3,000 IOPS and 125 MiB/s.
  size "allocated_storage" {
    minimum = 20
    when    = { storage_type = ["gp2", "gp3"] }
  }
  size "allocated_storage" {
    minimum = 100
    when    = { storage_type = ["io1", "io2"] }
  }
  size "allocated_storage" {
    minimum = 5
    when    = { storage_type = "standard" }
  }
  size "iops" {
    minimum = 3000
    when    = { storage_type = "gp3" }
  }
  size "storage_throughput" {
    minimum = 125
    when    = { storage_type = "gp3" }
  }
  size "iops" {
    minimum = 1000
    when    = { storage_type = ["io1", "io2"] }
  }
  identity "resource_id" {
    reason = "Assigned by RDS when the instance is created."
  }
  identity "endpoint" {
    reason = "Assigned by RDS when the instance is created."
  }
  identity "address" {
    reason = "Assigned by RDS when the instance is created."
  }
  identity "status" {
    reason = "Assigned by RDS when the instance is created."
  }
  identity "listener_endpoint" {
    reason = "Assigned by RDS when the instance is created."
  }
  identity "engine_version_actual" {
    reason = "Assigned by RDS when the instance is created."
  }
}

resource "aws_rds_cluster" {
  size "db_cluster_instance_class" {}
  size "allocated_storage" {}
  size "iops" {}
  size "serverlessv2_scaling_configuration.min_capacity" {}
  size "serverlessv2_scaling_configuration.max_capacity" {}
  identity "endpoint" {
    reason = "Assigned by RDS when the cluster is created."
  }
  identity "reader_endpoint" {
    reason = "Assigned by RDS when the cluster is created."
  }
  identity "cluster_resource_id" {
    reason = "Assigned by RDS when the cluster is created."
  }
  identity "cluster_members" {
    reason = "Assigned by RDS when the cluster is created."
  }
}

resource "aws_rds_cluster_instance" {
  size "instance_class" {}
  identity "endpoint" {
    reason = "Assigned by RDS; which instance is the writer changes on failover."
  }
  identity "dbi_resource_id" {
    reason = "Assigned by RDS; which instance is the writer changes on failover."
  }
  identity "writer" {
    reason = "Assigned by RDS; which instance is the writer changes on failover."
  }
}

resource "aws_docdb_cluster_instance" {
  size "instance_class" {}
}

resource "aws_neptune_cluster_instance" {
  size "instance_class" {}
}

resource "aws_elasticache_cluster" {
  size "node_type" {}
  size "num_cache_nodes" {}
  identity "cache_nodes" {
    reason = "Assigned by ElastiCache when the cluster is created."
  }
  identity "cluster_address" {
    reason = "Assigned by ElastiCache when the cluster is created."
  }
  identity "configuration_endpoint" {
    reason = "Assigned by ElastiCache when the cluster is created."
  }
}

resource "aws_elasticache_replication_group" {
  size "node_type" {}
  size "num_cache_clusters" {}
  size "num_node_groups" {}
  size "replicas_per_node_group" {}
  identity "primary_endpoint_address" {
    reason = "Assigned by ElastiCache when the group is created."
  }
  identity "reader_endpoint_address" {
    reason = "Assigned by ElastiCache when the group is created."
  }
  identity "configuration_endpoint_address" {
    reason = "Assigned by ElastiCache when the group is created."
  }
  identity "member_clusters" {
    reason = "Assigned by ElastiCache when the group is created."
  }
}

resource "aws_memorydb_cluster" {
  size "node_type" {}
  size "num_shards" {}
  size "num_replicas_per_shard" {}
}

resource "aws_autoscaling_group" {
  size "desired_capacity" {}
  size "min_size" {}
  size "max_size" {}
  size "mixed_instances_policy.launch_template.override.instance_type" {}
}

resource "aws_ecs_service" {
  size "desired_count" {}
}

resource "aws_ecs_task_definition" {
  # Fargate task sizes start at 256 CPU units and 512 MiB (Amazon ECS
  # Developer Guide, "Task CPU and memory").
  size "cpu" {
    minimum = 256
  }
  size "memory" {
    minimum = 512
  }
}

resource "aws_appautoscaling_target" {
  size "min_capacity" {}
  size "max_capacity" {}
}

resource "aws_lambda_function" {
  # Lambda (Developer Guide, "Configuring function memory" and "ephemeral
  # storage"): memory from 128 MB, /tmp from 512 MB.
  size "memory_size" {
    minimum = 128
  }
  size "reserved_concurrent_executions" {}
  size "ephemeral_storage.size" {
    minimum = 512
  }
  identity "version" {
    reason = "The published version number counts deployments, which differ between environments."
  }
  identity "qualified_arn" {
    reason = "The published version number counts deployments, which differ between environments."
  }
  identity "invoke_arn" {
    reason = "The published version number counts deployments, which differ between environments."
  }
  identity "qualified_invoke_arn" {
    reason = "The published version number counts deployments, which differ between environments."
  }
}

resource "aws_lambda_provisioned_concurrency_config" {
  size "provisioned_concurrent_executions" {}
}

resource "aws_eks_node_group" {
  size "scaling_config.desired_size" {}
  size "scaling_config.min_size" {}
  size "scaling_config.max_size" {}
  size "instance_types" {}
  size "disk_size" {}
}

resource "aws_ebs_volume" {
  size "size" {}
  size "iops" {}
  size "throughput" {}

  # EBS volume types (Amazon EBS User Guide, "Amazon EBS volume types"):
  # gp3 has a baseline of 3,000 IOPS and 125 MiB/s that no smaller volume
  # goes below; io1 and io2 start at 100 IOPS; gp2 IOPS are computed by EBS
  # from the size (3 IOPS per GiB, at least 100) and are not configuration.
  # Volume sizes start at 1 GiB (gp2, gp3), 4 GiB (io1, io2) and 125 GiB
  # (st1, sc1).
  size "iops" {
    minimum = 3000
    when    = { type = "gp3" }
  }
  size "throughput" {
    minimum = 125
    when    = { type = "gp3" }
  }
  size "iops" {
    minimum = 100
    when    = { type = ["io1", "io2"] }
  }
  identity "iops" {
    reason = "EBS computes gp2 IOPS from the volume size (3 IOPS per GiB, at least 100)."
    when   = { type = "gp2" }
  }
  size "size" {
    minimum = 4
    when    = { type = ["io1", "io2"] }
  }
  size "size" {
    minimum = 125
    when    = { type = ["st1", "sc1"] }
  }
}

resource "aws_msk_cluster" {
  size "number_of_broker_nodes" {}
  size "broker_node_group_info.instance_type" {}
  size "broker_node_group_info.storage_info.ebs_storage_info.volume_size" {}
  identity "bootstrap_brokers" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_tls" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_sasl_iam" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_sasl_scram" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "zookeeper_connect_string" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "zookeeper_connect_string_tls" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_public_sasl_iam" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_public_sasl_scram" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_public_tls" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "bootstrap_brokers_vpc_connectivity_sasl_iam" {
    reason = "Assigned by MSK when the cluster is created."
  }
  identity "current_version" {
    reason = "Assigned by MSK when the cluster is created."
  }
}

resource "aws_opensearch_domain" {
  size "cluster_config.instance_type" {}
  size "cluster_config.instance_count" {}
  size "cluster_config.dedicated_master_type" {}
  size "cluster_config.warm_type" {}
  size "cluster_config.warm_count" {}
  size "ebs_options.volume_size" {}
  size "ebs_options.iops" {}
  size "ebs_options.throughput" {}
  identity "endpoint" {
    reason = "Assigned by OpenSearch Service."
  }
  identity "dashboard_endpoint" {
    reason = "Assigned by OpenSearch Service."
  }
  identity "domain_id" {
    reason = "Assigned by OpenSearch Service."
  }
}

resource "aws_elasticsearch_domain" {
  size "cluster_config.instance_type" {}
  size "cluster_config.instance_count" {}
  size "cluster_config.dedicated_master_type" {}
  size "ebs_options.volume_size" {}
  size "ebs_options.iops" {}
}

resource "aws_dynamodb_table" {
  size "read_capacity" {}
  size "write_capacity" {}
  size "global_secondary_index.read_capacity" {}
  size "global_secondary_index.write_capacity" {}
}

resource "aws_kinesis_stream" {
  size "shard_count" {}
}

resource "aws_redshift_cluster" {
  size "node_type" {}
  size "number_of_nodes" {}
}

resource "aws_mq_broker" {
  size "host_instance_type" {}
}

resource "aws_emr_cluster" {
  size "master_instance_group.instance_type" {}
  size "core_instance_group.instance_type" {}
  size "core_instance_group.instance_count" {}
}

resource "aws_sagemaker_endpoint_configuration" {
  size "production_variants.instance_type" {}
  size "production_variants.initial_instance_count" {}
}

resource "aws_batch_compute_environment" {
  size "compute_resources.instance_type" {}
  size "compute_resources.min_vcpus" {}
  size "compute_resources.max_vcpus" {}
  identity "compute_resources.desired_vcpus" {
    reason = "Read back at runtime: Batch modifies the desired vCPUs between min_vcpus and max_vcpus with the job queues' demand (AWS Batch API, ComputeResource desiredvCpus); the bounds are compared as sizes."
  }
}

resource "aws_eks_cluster" {
  identity "endpoint" {
    reason = "Assigned by EKS when the cluster is created."
  }
  identity "certificate_authority" {
    reason = "Assigned by EKS when the cluster is created."
  }
  identity "identity" {
    reason = "Assigned by EKS when the cluster is created."
  }
  identity "platform_version" {
    reason = "Assigned by EKS when the cluster is created."
  }
  identity "status" {
    reason = "Assigned by EKS when the cluster is created."
  }
  identity "cluster_id" {
    reason = "Assigned by EKS when the cluster is created."
  }
}

resource "aws_lb" {
  identity "dns_name" {
    reason = "Assigned by Elastic Load Balancing."
  }
  identity "zone_id" {
    reason = "Assigned by Elastic Load Balancing."
  }
  identity "arn_suffix" {
    reason = "Assigned by Elastic Load Balancing."
  }
}

resource "aws_lb_target_group" {
  identity "arn_suffix" {
    reason = "Derived from the ARN."
  }
}

resource "aws_s3_bucket" {
  identity "bucket_domain_name" {
    reason = "Derived from the bucket name."
  }
  identity "bucket_regional_domain_name" {
    reason = "Derived from the bucket name."
  }
  config "lifecycle_rule.id" {}
  config "replication_configuration.rules.id" {}
}

resource "aws_cloudfront_distribution" {
  identity "domain_name" {
    reason = "Assigned by CloudFront."
  }
  identity "status" {
    reason = "Assigned by CloudFront."
  }
  identity "last_modified_time" {
    reason = "Assigned by CloudFront."
  }
  identity "in_progress_validation_batches" {
    reason = "Assigned by CloudFront."
  }
  identity "caller_reference" {
    reason = "Assigned by CloudFront."
  }
}

resource "aws_api_gateway_rest_api" {
  identity "root_resource_id" {
    reason = "Assigned by API Gateway."
  }
  identity "created_date" {
    reason = "Assigned by API Gateway."
  }
  identity "execution_arn" {
    reason = "Assigned by API Gateway."
  }
}

resource "aws_sqs_queue" {
  identity "url" {
    reason = "Derived from the account, region and queue name."
  }
}

resource "aws_vpc" {
  identity "default_network_acl_id" {
    reason = "Created by EC2 together with the VPC."
  }
  identity "default_route_table_id" {
    reason = "Created by EC2 together with the VPC."
  }
  identity "default_security_group_id" {
    reason = "Created by EC2 together with the VPC."
  }
  identity "main_route_table_id" {
    reason = "Created by EC2 together with the VPC."
  }
  identity "dhcp_options_id" {
    reason = "Created by EC2 together with the VPC."
  }
}

resource "aws_kms_key" {
  identity "key_id" {
    reason = "Assigned by KMS."
  }
}

resource "aws_route53_record" {
  identity "fqdn" {
    reason = "Derived from the record name and zone."
  }
}

resource "aws_secretsmanager_secret_version" {
  identity "version_id" {
    reason = "Assigned by Secrets Manager on every new version."
  }
}

resource "aws_s3_bucket_lifecycle_configuration" {
  config "rule.id" {}
}

resource "aws_s3_bucket_replication_configuration" {
  config "rule.id" {}
}

resource "aws_cloudwatch_metric_alarm" {
  config "metric_query.id" {}
}

# Lists whose order is or is not configuration. Terraform writes sets in the
# order of their values, so a set whose elements carry environment names can
# come out in another order; these say which lists are sets (from the
# provider's schema) and which keep the order they are written in.
resource "aws_security_group" {
  list "ingress" {
    order = "insignificant"
  }
  list "egress" {
    order = "insignificant"
  }
}

resource "aws_network_acl" {
  list "ingress" {
    order = "insignificant"
  }
  list "egress" {
    order = "insignificant"
  }
}

resource "aws_route_table" {
  list "route" {
    order = "insignificant"
  }
}

resource "aws_cloudfront_distribution" {
  # Cache behaviors are matched in the order they are listed.
  list "ordered_cache_behavior" {
    order = "significant"
    key   = ["path_pattern"]
  }
  list "origin" {
    order = "insignificant"
  }
}

resource "aws_autoscaling_group" {
  list "tag" {
    order = "insignificant"
    key   = ["key"]
  }
}

resource "aws_wafv2_web_acl" {
  # Rules carry their own priority.
  list "rule" {
    order = "insignificant"
    key   = ["name"]
  }
}

resource "aws_ecs_service" {
  list "load_balancer" {
    order = "insignificant"
  }
}

# Values AWS computes or counts for each environment.
resource "aws_instance" {
  identity "cpu_core_count" {
    reason = "EC2 reports the instance type's default core count unless cpu_options sets it."
  }
  identity "cpu_threads_per_core" {
    reason = "EC2 reports the instance type's default threads per core unless cpu_options sets them."
  }
}

resource "aws_launch_template" {
  identity "default_version" {
    reason = "A counter of the template's versions, which each environment publishes on its own."
  }
  identity "latest_version" {
    reason = "A counter of the template's versions, which each environment publishes on its own."
  }
}

resource "aws_ecs_task_definition" {
  identity "revision" {
    reason = "A counter of the task definition's revisions, which each environment registers on its own."
  }
}

resource "aws_db_instance" {
  identity "availability_zone" {
    reason = "Chosen by RDS when the instance is created unless set."
  }
}

resource "aws_elasticache_replication_group" {
  # Automatic failover needs at least two cache clusters (ElastiCache for
  # Redis, "Minimizing downtime with Multi-AZ").
  size "num_cache_clusters" {
    minimum = 2
    when    = { automatic_failover_enabled = true }
  }
}

resource "aws_dynamodb_table" {
  identity "stream_label" {
    reason = "A timestamp DynamoDB gives the stream when it is enabled."
  }
}

resource "aws_lambda_event_source_mapping" {
  identity "last_modified" {
    reason = "A timestamp of the mapping's last change."
  }
  identity "last_processing_result" {
    reason = "Reported by Lambda about the last poll."
  }
  identity "state_transition_reason" {
    reason = "Reported by Lambda about the mapping's state."
  }
  identity "state" {
    reason = "Reported by Lambda about the mapping's state."
  }
}

# Network resources made one per availability zone: their number is the
# network's shape, equal in every environment, not a size ("count" is the
# number of instances of a resource).
resource "aws_subnet" {
  config "count" {}
}

resource "aws_nat_gateway" {
  config "count" {}
}

resource "aws_eip" {
  config "count" {}
}

resource "aws_route_table" {
  config "count" {}
}

resource "aws_route_table_association" {
  config "count" {}
}

resource "aws_route" {
  config "count" {}
}

resource "aws_vpc_endpoint_route_table_association" {
  config "count" {}
}

resource "aws_network_acl_association" {
  config "count" {}
}

resource "aws_backup_plan" {
  identity "version" {
    reason = "Assigned by AWS Backup on every change of the plan."
  }
}

resource "aws_cognito_user_pool" {
  identity "estimated_number_of_users" {
    reason = "Counts each environment's users."
  }
}

resource "aws_wafv2_web_acl" {
  identity "capacity" {
    reason = "Web ACL capacity units WAF computes from the rules."
  }
}

resource "aws_opensearch_domain" {
  # OpenSearch EBS volumes follow the EBS volume types: gp3 has a baseline
  # of 3,000 IOPS and 125 MiB/s (Amazon OpenSearch Service, "EBS volume
  # size quotas").
  size "ebs_options.iops" {
    minimum = 3000
    when    = { volume_type = "gp3" }
  }
  size "ebs_options.throughput" {
    minimum = 125
    when    = { volume_type = "gp3" }
  }
  # Three dedicated master nodes make a quorum in every environment
  # (Amazon OpenSearch Service, "Dedicated master nodes").
  config "cluster_config.dedicated_master_count" {}
}

resource "aws_elasticsearch_domain" {
  config "cluster_config.dedicated_master_count" {}
}

resource "aws_elasticache_serverless_cache" {
  size "cache_usage_limits.data_storage.maximum" {}
  size "cache_usage_limits.ecpu_per_second.maximum" {}
  size "cache_usage_limits.data_storage.minimum" {}
  size "cache_usage_limits.ecpu_per_second.minimum" {}
  identity "endpoint" {
    reason = "Assigned by ElastiCache when the cache is created."
  }
  identity "reader_endpoint" {
    reason = "Assigned by ElastiCache when the cache is created."
  }
}

resource "aws_backup_vault" {
  identity "recovery_points" {
    reason = "Counts each environment's backups."
  }
}

# Values the service derives from size or data.
resource "aws_redshift_cluster" {
  identity "cluster_nodes" {
    reason = "The nodes Redshift runs, one per node of number_of_nodes."
  }
}

resource "aws_docdb_cluster" {
  identity "cluster_members" {
    reason = "The instances that joined the cluster, each environment's own."
  }
}

resource "aws_efs_file_system" {
  identity "size_in_bytes" {
    reason = "The data each environment stores."
  }
  size "provisioned_throughput_in_mibps" {}
}

resource "aws_dms_replication_instance" {
  size "replication_instance_class" {}
  size "allocated_storage" {}
}

resource "aws_acm_certificate" {
  identity "domain_validation_options" {
    reason = "Validation records ACM generates for each certificate."
  }
  identity "not_before" {
    reason = "The validity ACM gave each certificate."
  }
  identity "not_after" {
    reason = "The validity ACM gave each certificate."
  }
}

resource "aws_route53_zone" {
  identity "name_servers" {
    reason = "Assigned by Route 53 to each zone."
  }
  identity "primary_name_server" {
    reason = "Assigned by Route 53 to each zone."
  }
}

# DNS records and mount targets are made one per name or per zone: their
# number is the shape of the zone or network, not a size.
resource "aws_route53_record" {
  config "count" {}
}

resource "aws_efs_mount_target" {
  config "count" {}
}

resource "aws_cognito_user_pool_domain" {
  identity "s3_bucket" {
    reason = "The S3 bucket AWS hosts the hosted UI's assets in (aws-cognito-prod-<region>-assets): AWS's, not the environment's; the provider documents it as an attribute."
  }
  identity "cloudfront_distribution" {
    reason = "The CloudFront distribution AWS creates for the domain; the provider documents it as an attribute."
  }
  identity "cloudfront_distribution_arn" {
    reason = "The CloudFront distribution AWS creates for the domain; the provider documents it as an attribute."
  }
  identity "cloudfront_distribution_zone_id" {
    reason = "CloudFront's hosted zone id (Z2FDTNDATAQYW2), the same for every distribution; an attribute, not an argument."
  }
  identity "aws_account_id" {
    reason = "The account that owns the user pool."
  }
  identity "version" {
    reason = "The domain's version, which AWS assigns."
  }
}

resource "aws_vpc_endpoint" {
  identity "dns_entry" {
    reason = "The DNS names AWS assigns an interface endpoint, one per subnet and one regional: they follow the subnets, which are compared themselves."
  }
  identity "network_interface_ids" {
    reason = "The network interfaces AWS creates for an interface endpoint, one per subnet."
  }
  identity "cidr_blocks" {
    reason = "The prefix list CIDR blocks of a gateway endpoint, AWS's own address ranges."
  }
  identity "prefix_list_id" {
    reason = "The prefix list of a gateway endpoint, which AWS assigns."
  }
}

# Values AWS computes or reads back for each environment, from the provider's
# attribute references.
resource "aws_cloudfront_function" {
  identity "live_stage_etag" {
    reason = "Computed: the ETag of the function's LIVE stage, a version marker CloudFront assigns on every publish (aws_cloudfront_function attribute reference)."
  }
}

# Lightsail reports the bundle's vCPUs and memory and a support code; the
# bundle_id they come from is compared as a size.
resource "aws_lightsail_instance" {
  size "bundle_id" {}
  identity "cpu_count" {
    reason = "Computed from the bundle: the number of vCPUs the instance has (aws_lightsail_instance attribute reference); bundle_id is compared as a size."
  }
  identity "ram_size" {
    reason = "Computed from the bundle: the instance's RAM in GB (aws_lightsail_instance attribute reference); bundle_id is compared as a size."
  }
  identity "support_code" {
    reason = "Computed: the code AWS Support uses to look up this environment's instance (Lightsail attribute reference)."
  }
}

resource "aws_lightsail_database" {
  size "bundle_id" {}
  identity "cpu_count" {
    reason = "Computed from the bundle: the database's vCPUs (aws_lightsail_database attribute reference); bundle_id is compared as a size."
  }
  identity "ram_size" {
    reason = "Computed from the bundle: the database's RAM in GB (aws_lightsail_database attribute reference); bundle_id is compared as a size."
  }
  identity "support_code" {
    reason = "Computed: the code AWS Support uses to look up this environment's database (aws_lightsail_database attribute reference)."
  }
}

resource "aws_lightsail_static_ip" {
  identity "support_code" {
    reason = "Computed: the code AWS Support uses to look up this environment's static IP (aws_lightsail_static_ip attribute reference)."
  }
}
