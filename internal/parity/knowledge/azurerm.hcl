# Built-in knowledge of the azurerm provider, in the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "azurerm_linux_virtual_machine" {
  size "size" {}
  size "os_disk.disk_size_gb" {}
  identity "private_ip_address" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "private_ip_addresses" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "public_ip_address" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "public_ip_addresses" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "virtual_machine_id" {
    reason = "Assigned by Azure when the machine is created."
  }
}

resource "azurerm_windows_virtual_machine" {
  size "size" {}
  size "os_disk.disk_size_gb" {}
  identity "private_ip_address" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "private_ip_addresses" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "public_ip_address" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "public_ip_addresses" {
    reason = "Assigned by Azure when the machine is created."
  }
  identity "virtual_machine_id" {
    reason = "Assigned by Azure when the machine is created."
  }
}

resource "azurerm_linux_virtual_machine_scale_set" {
  size "sku" {}
  size "instances" {}
}

resource "azurerm_windows_virtual_machine_scale_set" {
  size "sku" {}
  size "instances" {}
}

resource "azurerm_orchestrated_virtual_machine_scale_set" {
  size "sku_name" {}
  size "instances" {}
}

resource "azurerm_kubernetes_cluster" {
  size "default_node_pool.vm_size" {}
  size "default_node_pool.node_count" {}
  size "default_node_pool.min_count" {}
  size "default_node_pool.max_count" {}
  size "default_node_pool.os_disk_size_gb" {}
  identity "fqdn" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "private_fqdn" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "portal_fqdn" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "kube_config" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "kube_config_raw" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "kube_admin_config" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "kube_admin_config_raw" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "node_resource_group_id" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "oidc_issuer_url" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "current_kubernetes_version" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
  identity "kubelet_identity" {
    reason = "Assigned by AKS when the cluster is created or upgraded."
  }
}

resource "azurerm_kubernetes_cluster_node_pool" {
  size "vm_size" {}
  size "node_count" {}
  size "min_count" {}
  size "max_count" {}
  size "os_disk_size_gb" {}
}

resource "azurerm_mssql_database" {
  size "sku_name" {}
  size "max_size_gb" {}
}

resource "azurerm_mssql_elasticpool" {
  size "sku.capacity" {}
  size "max_size_gb" {}
}

resource "azurerm_postgresql_flexible_server" {
  size "sku_name" {}
  # Flexible Server storage starts at 32 GiB (Azure Database for
  # PostgreSQL, "Storage options").
  size "storage_mb" {
    minimum = 32768
  }
  identity "fqdn" {
    reason = "Derived from the server name."
  }
}

resource "azurerm_mysql_flexible_server" {
  size "sku_name" {}
  # Storage from 20 GiB with at least 360 IOPS (Azure Database for MySQL
  # flexible server, "Storage").
  size "storage.size_gb" {
    minimum = 20
  }
  size "storage.iops" {
    minimum = 360
  }
  identity "fqdn" {
    reason = "Derived from the server name."
  }
}

resource "azurerm_redis_cache" {
  size "capacity" {}
  identity "hostname" {
    reason = "Assigned by Azure Cache for Redis."
  }
  identity "ssl_port" {
    reason = "Assigned by Azure Cache for Redis."
  }
  identity "port" {
    reason = "Assigned by Azure Cache for Redis."
  }
}

resource "azurerm_service_plan" {
  size "sku_name" {}
  size "worker_count" {}
}

resource "azurerm_managed_disk" {
  size "disk_size_gb" {}
  size "disk_iops_read_write" {}
  size "disk_mbps_read_write" {}
}

resource "azurerm_cosmosdb_sql_database" {
  # Manual throughput starts at 400 RU/s, autoscale at 1,000 RU/s maximum
  # (Azure Cosmos DB, "Provisioned throughput"); with autoscale, Cosmos DB
  # reports a throughput it computes (a tenth of the maximum).
  size "throughput" {
    minimum = 400
    when    = { autoscale_settings = null }
  }
  identity "throughput" {
    reason = "Computed by Cosmos DB from the autoscale maximum."
  }
  size "autoscale_settings.max_throughput" {
    minimum = 1000
  }
}

resource "azurerm_cosmosdb_sql_container" {
  # Manual throughput starts at 400 RU/s, autoscale at 1,000 RU/s maximum
  # (Azure Cosmos DB, "Provisioned throughput"); with autoscale, Cosmos DB
  # reports a throughput it computes (a tenth of the maximum).
  size "throughput" {
    minimum = 400
    when    = { autoscale_settings = null }
  }
  identity "throughput" {
    reason = "Computed by Cosmos DB from the autoscale maximum."
  }
  size "autoscale_settings.max_throughput" {
    minimum = 1000
  }
}

resource "azurerm_container_app" {
  size "template.min_replicas" {}
  size "template.max_replicas" {}
  # Container Apps start at 0.25 vCPU and 0.5 GiB (Azure Container Apps,
  # "Containers").
  size "template.container.cpu" {
    minimum = "0.25"
  }
  size "template.container.memory" {
    minimum = "0.5Gi"
  }
}

resource "azurerm_network_interface" {
  identity "mac_address" {
    reason = "Assigned by Azure when the interface is attached."
  }
  identity "applied_dns_servers" {
    reason = "Assigned by Azure when the interface is attached."
  }
  identity "internal_domain_name_suffix" {
    reason = "Assigned by Azure when the interface is attached."
  }
  identity "virtual_machine_id" {
    reason = "Assigned by Azure when the interface is attached."
  }
  identity "private_ip_address" {
    reason = "Assigned by Azure when the interface is attached."
  }
  identity "private_ip_addresses" {
    reason = "Assigned by Azure when the interface is attached."
  }
}

resource "azurerm_public_ip" {
  identity "ip_address" {
    reason = "Allocated by Azure."
  }
}

resource "azurerm_mssql_server" {
  identity "fully_qualified_domain_name" {
    reason = "Assigned by Azure SQL."
  }
  identity "restorable_dropped_database_ids" {
    reason = "Assigned by Azure SQL."
  }
}

resource "azurerm_linux_web_app" {
  identity "default_hostname" {
    reason = "Assigned by App Service."
  }
  identity "outbound_ip_addresses" {
    reason = "Assigned by App Service."
  }
  identity "outbound_ip_address_list" {
    reason = "Assigned by App Service."
  }
  identity "possible_outbound_ip_addresses" {
    reason = "Assigned by App Service."
  }
  identity "possible_outbound_ip_address_list" {
    reason = "Assigned by App Service."
  }
  identity "custom_domain_verification_id" {
    reason = "Assigned by App Service."
  }
}

resource "azurerm_windows_web_app" {
  identity "default_hostname" {
    reason = "Assigned by App Service."
  }
  identity "outbound_ip_addresses" {
    reason = "Assigned by App Service."
  }
  identity "outbound_ip_address_list" {
    reason = "Assigned by App Service."
  }
  identity "possible_outbound_ip_addresses" {
    reason = "Assigned by App Service."
  }
  identity "possible_outbound_ip_address_list" {
    reason = "Assigned by App Service."
  }
  identity "custom_domain_verification_id" {
    reason = "Assigned by App Service."
  }
}

resource "azurerm_storage_account" {
  identity "primary_blob_endpoint" {
    reason = "Derived from the account name."
  }
  identity "primary_blob_host" {
    reason = "Derived from the account name."
  }
  identity "primary_web_endpoint" {
    reason = "Derived from the account name."
  }
  identity "primary_web_host" {
    reason = "Derived from the account name."
  }
  identity "primary_dfs_endpoint" {
    reason = "Derived from the account name."
  }
  identity "primary_queue_endpoint" {
    reason = "Derived from the account name."
  }
  identity "primary_table_endpoint" {
    reason = "Derived from the account name."
  }
  identity "primary_file_endpoint" {
    reason = "Derived from the account name."
  }
}

# Lists whose order is or is not configuration (from the provider's schema):
# security rules carry their own priority.
resource "azurerm_network_security_group" {
  list "security_rule" {
    order = "insignificant"
    key   = ["name"]
  }
}

resource "azurerm_key_vault" {
  list "access_policy" {
    order = "insignificant"
  }
}

# Values Azure computes or counts for each environment.
resource "azurerm_key_vault_secret" {
  identity "version" {
    reason = "Assigned by Key Vault on every new version of the secret."
  }
}

resource "azurerm_key_vault_key" {
  identity "version" {
    reason = "Assigned by Key Vault on every new version of the key."
  }
}

resource "azurerm_private_dns_zone" {
  identity "number_of_record_sets" {
    reason = "Counts the records each environment's zone holds."
  }
}

resource "azurerm_dns_zone" {
  identity "number_of_record_sets" {
    reason = "Counts the records each environment's zone holds."
  }
  identity "name_servers" {
    reason = "Assigned by Azure DNS."
  }
}

resource "azurerm_virtual_network" {
  identity "guid" {
    reason = "Assigned by Azure when the network is created."
  }
}

# Subnets are the network's shape, equal in every environment.
resource "azurerm_subnet" {
  config "count" {}
}

resource "azurerm_route" {
  config "count" {}
}

resource "azurerm_subnet_route_table_association" {
  config "count" {}
}

resource "azurerm_subnet_network_security_group_association" {
  config "count" {}
}

resource "azurerm_redis_cache" {
  identity "redis_configuration.maxclients" {
    reason = "Derived by Azure Cache for Redis from the cache size."
  }
  identity "redis_configuration.maxmemory_reserved" {
    reason = "Derived by Azure Cache for Redis from the cache size."
  }
  identity "redis_configuration.maxmemory_delta" {
    reason = "Derived by Azure Cache for Redis from the cache size."
  }
  identity "redis_configuration.maxfragmentationmemory_reserved" {
    reason = "Derived by Azure Cache for Redis from the cache size."
  }
}

resource "azurerm_eventhub_namespace" {
  size "capacity" {}
  size "maximum_throughput_units" {}
}

resource "azurerm_servicebus_namespace" {
  size "capacity" {}
}

resource "azurerm_api_management" {
  size "sku_name" {}
}

resource "azurerm_synapse_sql_pool" {
  size "sku_name" {}
}

resource "azurerm_synapse_spark_pool" {
  size "node_size" {}
  # Spark pools run three nodes at least (Azure Synapse Analytics, "Apache
  # Spark pool configurations").
  size "auto_scale.min_node_count" {
    minimum = 3
  }
  size "auto_scale.max_node_count" {
    minimum = 3
  }
  size "node_count" {
    minimum = 3
  }
}

resource "azurerm_container_app" {
  size "template.container.ephemeral_storage" {}
  identity "latest_revision_name" {
    reason = "Named by Container Apps on every deployment."
  }
  identity "latest_revision_fqdn" {
    reason = "Named by Container Apps on every deployment."
  }
}

resource "azurerm_container_app_job" {
  size "template.container.cpu" {}
  size "template.container.memory" {}
  size "template.container.ephemeral_storage" {}
}

resource "azurerm_container_app_environment" {
  identity "default_domain" {
    reason = "Assigned by Container Apps to each environment."
  }
  identity "static_ip_address" {
    reason = "Assigned by Container Apps to each environment."
  }
}

resource "azurerm_firewall" {
  identity "ip_configuration.private_ip_address" {
    reason = "The private address Azure allocates the firewall in AzureFirewallSubnet: an attribute, each environment has its own."
  }
  identity "virtual_hub.private_ip_address" {
    reason = "The private address Azure allocates a hub firewall."
  }
  identity "virtual_hub.public_ip_addresses" {
    reason = "The public addresses Azure allocates a hub firewall."
  }
}

# Scale units: the capacity of gateways and Bastion hosts, which scales with
# the environment.
resource "azurerm_bastion_host" {
  # Standard and Premium Bastion hosts run 2 to 50 scale units; Basic is
  # fixed at 2 (azurerm_bastion_host: "Possible values are between 2 and
  # 50").
  size "scale_units" {
    minimum = 2
  }
}

resource "azurerm_vpn_gateway" {
  size "scale_unit" {}
}

resource "azurerm_point_to_site_vpn_gateway" {
  size "scale_unit" {}
}

resource "azurerm_express_route_gateway" {
  size "scale_units" {}
}

# An autoscale profile's instance counts follow the ratio like the scale
# set's own.
resource "azurerm_monitor_autoscale_setting" {
  size "profile.capacity.default" {}
  size "profile.capacity.minimum" {}
  size "profile.capacity.maximum" {}
}

resource "azurerm_container_registry" {
  identity "admin_username" {
    reason = "Computed: the admin account's user name, the registry's own name, set while the admin account is enabled (azurerm_container_registry attribute reference); admin_enabled is compared."
  }
  identity "login_server" {
    reason = "Computed: the registry's login host, from the registry's name (azurerm_container_registry attribute reference)."
  }
}

resource "azurerm_logic_app_workflow" {
  identity "access_endpoint" {
    reason = "Computed: the workflow's access endpoint on the Azure scale unit that hosts it (prod-NN.<region>.logic.azure.com, Azure's naming, not an environment) with the workflow's own id (azurerm_logic_app_workflow attribute reference)."
  }
}
