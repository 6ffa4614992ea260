from azcommon import *

SRC_CA = ("hashicorp/azurerm provider documentation for azurerm_container_app_environment, azurerm_container_app "
          "(ingress, Dapr, Key Vault secrets, probes, HTTP scale rule) and azurerm_container_app_job; ")
SRC_REDIS = "hashicorp/azurerm provider documentation for azurerm_redis_cache (Premium, clustering, RDB persistence); "


def probe(path, failures=3, initial=5):
    return [{"failure_count_threshold": failures, "header": [], "host": "", "initial_delay": initial, "interval_seconds": 10,
             "path": path, "port": 8080, "termination_grace_period_seconds": 0, "timeout": 2, "transport": "HTTP"}]


def container_apps(env, k, min_r, max_r, drift=None):
    drift = drift or {}
    app = "apps"
    e = env["tok"]
    t = aztags(env, "orders")
    cae = f"cae-shop-{e}"
    cae_id = rid(env, app, "Microsoft.App", "managedEnvironments", cae)
    dom = f"{alnum(env['seed']+'dom1', 8)}-{hx(env['seed']+'dom2', 8)}.{LOC}.azurecontainerapps.io"
    uai = rid(env, app, "Microsoft.ManagedIdentity", "userAssignedIdentities", f"id-orders-{e}")
    cpu = 0.5 * k
    mem = f"{k}Gi"
    out_ips = [ip(env["seed"] + f"out{i}", "20.105") for i in range(2)]
    rev = f"ca-orders-api-{e}--{alnum(env['seed']+'rev', 7)}"
    rs = [
        R("azurerm_container_app_environment", "shop", {
            "custom_domain_verification_id": hx(env["seed"] + "cdv", 64).upper(),
            "dapr_application_insights_connection_string": None,
            "default_domain": dom,
            "docker_bridge_cidr": "",
            "id": cae_id,
            "infrastructure_resource_group_name": f"ME_{cae}_{rg(env, app)}_{LOC}",
            "infrastructure_subnet_id": rid(env, "network", "Microsoft.Network", "virtualNetworks", f"vnet-{e}", "subnets", "snet-apps"),
            "internal_load_balancer_enabled": True,
            "location": LOC,
            "log_analytics_workspace_id": rid(env, "monitoring", "Microsoft.OperationalInsights", "workspaces", f"log-shop-{e}"),
            "logs_destination": "log-analytics",
            "mutual_tls_enabled": False,
            "name": cae,
            "platform_reserved_cidr": "",
            "platform_reserved_dns_ip_address": "",
            "resource_group_name": rg(env, app),
            "static_ip_address": ip(env["seed"] + "caeip", "10." + env["net"] + ".8"),
            "tags": t,
            "timeouts": None,
            "workload_profile": [{"maximum_count": 0, "minimum_count": 0, "name": "Consumption", "workload_profile_type": "Consumption"}],
            "zone_redundancy_enabled": True,
        }, sensitive=["dapr_application_insights_connection_string"]),
        R("azurerm_container_app", "orders_api", {
            "container_app_environment_id": cae_id,
            "custom_domain_verification_id": hx(env["seed"] + "cdv", 64).upper(),
            "dapr": [{"app_id": "orders-api", "app_port": 8080, "app_protocol": "http"}],
            "id": rid(env, app, "Microsoft.App", "containerApps", f"ca-orders-api-{e}"),
            "identity": [{"identity_ids": [uai], "principal_id": "", "tenant_id": "", "type": "UserAssigned"}],
            "ingress": [{
                "allow_insecure_connections": drift.get("insecure", False),
                "client_certificate_mode": "ignore",
                "cors": [],
                "custom_domain": [],
                "exposed_port": 0,
                "external_enabled": drift.get("external", False),
                "fqdn": f"ca-orders-api-{e}.internal.{dom}",
                "ip_security_restriction": [],
                "target_port": 8080,
                "traffic_weight": [{"label": "", "latest_revision": True, "percentage": 100, "revision_suffix": ""}],
                "transport": "auto",
            }],
            "latest_revision_fqdn": f"{rev}.internal.{dom}",
            "latest_revision_name": rev,
            "location": LOC,
            "max_inactive_revisions": 5,
            "name": f"ca-orders-api-{e}",
            "outbound_ip_addresses": out_ips,
            "registry": [{"identity": uai, "password_secret_name": "", "server": "acmeretail.azurecr.io", "username": ""}],
            "resource_group_name": rg(env, app),
            "revision_mode": "Single",
            "secret": [{"identity": uai, "key_vault_secret_id": f"https://kv-shop-{env['short']}.vault.azure.net/secrets/orders-db", "name": "orders-db", "value": None}],
            "tags": t,
            "template": [{
                "azure_queue_scale_rule": [],
                "container": [{
                    "args": [],
                    "command": [],
                    "cpu": cpu,
                    "env": [
                        {"name": "APP_ENV", "secret_name": "", "value": env["name"]},
                        {"name": "ASPNETCORE_URLS", "secret_name": "", "value": "http://+:8080"},
                        {"name": "ConnectionStrings__Orders", "secret_name": "orders-db", "value": ""},
                    ],
                    "ephemeral_storage": f"{2 * k}Gi",
                    "image": "acmeretail.azurecr.io/orders-api:2.14.1",
                    "liveness_probe": probe("/healthz/live", drift.get("liveness_failures", 3)),
                    "memory": mem,
                    "name": "api",
                    "readiness_probe": [{"failure_count_threshold": 3, "header": [], "host": "", "initial_delay": 0, "interval_seconds": 5, "path": "/healthz/ready", "port": 8080, "success_count_threshold": 1, "timeout": 2, "transport": "HTTP"}],
                    "startup_probe": [],
                    "volume_mounts": [],
                }],
                "custom_scale_rule": [],
                "http_scale_rule": [{"authentication": [], "concurrent_requests": "50", "name": "http"}],
                "init_container": [],
                "max_replicas": max_r,
                "min_replicas": min_r,
                "revision_suffix": "",
                "tcp_scale_rule": [],
                "termination_grace_period_seconds": 30,
                "volume": [],
            }],
            "timeouts": None,
            "workload_profile_name": "Consumption",
        }, sensitive=[("secret",)]),
        R("azurerm_container_app_job", "reconcile", {
            "container_app_environment_id": cae_id,
            "event_trigger_config": [],
            "id": rid(env, app, "Microsoft.App", "jobs", f"caj-reconcile-{e}"),
            "identity": [{"identity_ids": [uai], "principal_id": "", "tenant_id": "", "type": "UserAssigned"}],
            "location": LOC,
            "manual_trigger_config": [],
            "name": f"caj-reconcile-{e}",
            "outbound_ip_addresses": out_ips,
            "registry": [{"identity": uai, "password_secret_name": "", "server": "acmeretail.azurecr.io", "username": ""}],
            "replica_retry_limit": 1,
            "replica_timeout_in_seconds": 1800,
            "resource_group_name": rg(env, app),
            "schedule_trigger_config": [{"cron_expression": "*/30 * * * *", "parallelism": 1, "replica_completion_count": 1}],
            "secret": [],
            "tags": t,
            "template": [{"container": [{
                "args": ["reconcile", "--since=35m"], "command": [], "cpu": 0.25 * k, "env": [{"name": "APP_ENV", "secret_name": "", "value": env["name"]}],
                "ephemeral_storage": f"{k}Gi", "image": "acmeretail.azurecr.io/orders-api:2.14.1", "liveness_probe": [], "memory": f"{0.5 * k:g}Gi",
                "name": "reconcile", "readiness_probe": [], "startup_probe": [], "volume_mounts": [],
            }], "init_container": [], "volume": []}],
            "timeouts": None,
            "workload_profile_name": "Consumption",
        }),
    ]
    return rs


def redis(env, capacity, shards, drift=None):
    drift = drift or {}
    app = "cache"
    e = env["tok"]
    name = f"redis-sessions-{e}"
    host = f"{name}.redis.cache.windows.net"
    pk = key(env["seed"] + "rpk")
    sk = key(env["seed"] + "rsk")
    reserved = {1: 642, 2: 1330}[capacity]
    clients = {1: 7500, 2: 15000}[capacity]
    stconn = f"DefaultEndpointsProtocol=https;BlobEndpoint=https://stredis{env['short']}.blob.core.windows.net/;AccountName=stredis{env['short']};AccountKey={key(env['seed']+'stk', 88)}"
    return [R("azurerm_redis_cache", "sessions", {
        "access_keys_authentication_enabled": True,
        "capacity": capacity,
        "family": "P",
        "hostname": host,
        "id": rid(env, app, "Microsoft.Cache", "redis", name),
        "identity": [],
        "location": LOC,
        "minimum_tls_version": drift.get("tls", "1.2"),
        "name": name,
        "non_ssl_port_enabled": drift.get("non_ssl", False),
        "patch_schedule": [{"day_of_week": "Sunday", "maintenance_window": "PT5H", "start_hour_utc": 2}],
        "port": 6379,
        "primary_access_key": pk,
        "primary_connection_string": f"{host}:6380,password={pk},ssl=True,abortConnect=False",
        "private_static_ip_address": "",
        "public_network_access_enabled": False,
        "redis_configuration": [{
            "active_directory_authentication_enabled": True,
            "aof_backup_enabled": False,
            "aof_storage_connection_string_0": "",
            "aof_storage_connection_string_1": "",
            "authentication_enabled": True,
            "data_persistence_authentication_method": "",
            "maxclients": clients,
            "maxfragmentationmemory_reserved": reserved,
            "maxmemory_delta": reserved,
            "maxmemory_policy": drift.get("policy", "volatile-lru"),
            "maxmemory_reserved": reserved,
            "notify_keyspace_events": "",
            "rdb_backup_enabled": True,
            "rdb_backup_frequency": 60,
            "rdb_backup_max_snapshot_count": 1,
            "rdb_storage_connection_string": stconn,
            "storage_account_subscription_id": "",
        }],
        "redis_version": "6.0",
        "replicas_per_master": 1,
        "replicas_per_primary": 1,
        "resource_group_name": rg(env, app),
        "secondary_access_key": sk,
        "secondary_connection_string": f"{host}:6380,password={sk},ssl=True,abortConnect=False",
        "shard_count": shards,
        "sku_name": "Premium",
        "ssl_port": 6380,
        "subnet_id": rid(env, "network", "Microsoft.Network", "virtualNetworks", f"vnet-{e}", "subnets", "snet-redis"),
        "tags": aztags(env, "sessions"),
        "tenant_settings": {},
        "timeouts": None,
        "zones": ["1", "2", "3"],
    }, sensitive=["primary_access_key", "primary_connection_string", "secondary_access_key", "secondary_connection_string",
                  ("redis_configuration", 0, "aof_storage_connection_string_0"), ("redis_configuration", 0, "aof_storage_connection_string_1"),
                  ("redis_configuration", 0, "rdb_storage_connection_string")])]


def cases():
    s = dict(AS, seed="ca-s", net="32")
    p = dict(AP, seed="ca-p", net="52")
    write_case(
        "azure", "container-apps-orders",
        "A Container Apps environment (internal, zone redundant), the orders API app (internal ingress, Dapr, "
        "Key Vault secret through a user-assigned identity, liveness and readiness probes, HTTP scale rule) and "
        "a scheduled reconciliation job. Production's API containers have 1 CPU, 2Gi memory and 4Gi ephemeral "
        "storage with 4 to 20 replicas, staging's half of each with 2 to 10; the job's container is halved too. "
        "Default domains, revision names and outbound IPs are each environment's own.",
        SRC_CA + "`terraform show -json` of a state by Terraform 1.9.8 (format_version 1.0).",
        0.5, [],
        show_state(container_apps(s, 1, 2, 10), "1.0", "1.9.8"),
        show_state(container_apps(p, 2, 4, 20), "1.0", "1.9.8"),
    )
    s = dict(AS, tok="stg", seed="ca-s2", net="32")
    p = dict(AP, tok="prod", seed="ca-p2", net="52")
    drift = {"external": True, "insecure": True, "liveness_failures": 10}
    write_case(
        "azure", "container-apps-ingress-probe-scale",
        "The orders API of azure/container-apps-orders shown by Terraform 1.8.5: staging's ingress is external "
        "and accepts plain HTTP, its liveness probe tolerates ten failures instead of three, and its replica "
        "maximum was left at production's 20.",
        SRC_CA + "`terraform show -json` of a state by Terraform 1.8.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "azurerm_container_app.orders_api", "ingress[0].external_enabled", "Staging's API is reachable from outside the environment's VNet; production's ingress is internal."),
            L("config_drift", "azurerm_container_app.orders_api", "ingress[0].allow_insecure_connections", "Staging's ingress accepts plain HTTP; production redirects to HTTPS."),
            L("config_drift", "azurerm_container_app.orders_api", "template[0].container[0].liveness_probe[0].failure_count_threshold", "Staging restarts a hung container after 10 failed probes, production after 3."),
            L("size_ratio", "azurerm_container_app.orders_api", "template[0].max_replicas", "Staging may scale to 20 replicas like production; at ratio 0.5 it should stop at 10."),
        ],
        show_state(container_apps(s, 1, 2, 20, drift), "1.0", "1.8.5"),
        show_state(container_apps(p, 2, 4, 20), "1.0", "1.8.5"),
    )
    s = dict(AS, tok="stg", seed="rd-s")
    p = dict(AP, tok="prod", seed="rd-p")
    drift = {"non_ssl": True, "tls": "1.0", "policy": "noeviction"}
    write_case(
        "azure", "redis-premium-tls-eviction",
        "A zone-redundant Premium Azure Cache for Redis with clustering and hourly RDB backups in a VNet. "
        "Production is P2 with two shards, staging P1 with one (maxclients and the reserved memory the service "
        "derives from the size follow). Staging opens the non-TLS port 6379, accepts TLS 1.0, and no longer evicts "
        "keys when memory is full (noeviction: writes fail instead).",
        SRC_REDIS + "raw state (version 4) written by Terraform 1.8.5.",
        0.5,
        [
            L("config_drift", "azurerm_redis_cache.sessions", "non_ssl_port_enabled", "Staging opens the unencrypted port 6379; production allows TLS only."),
            L("config_drift", "azurerm_redis_cache.sessions", "minimum_tls_version", "Staging accepts TLS 1.0; production requires 1.2."),
            L("config_drift", "azurerm_redis_cache.sessions", "redis_configuration[0].maxmemory_policy", "Staging uses noeviction, so session writes fail when memory is full; production evicts volatile keys (volatile-lru)."),
        ],
        raw_state(redis(s, 1, 1, drift), "1.8.5", 12, "rd-s"),
        raw_state(redis(p, 2, 2), "1.8.5", 17, "rd-p"),
        ext="tfstate",
    )


if __name__ == "__main__":
    cases()
