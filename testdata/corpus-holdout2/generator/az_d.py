from azcommon import *

SRC_SYN = ("hashicorp/azurerm provider v2.99 documentation for azurerm_synapse_workspace, azurerm_synapse_sql_pool, "
           "azurerm_synapse_spark_pool, azurerm_synapse_firewall_rule, azurerm_synapse_managed_private_endpoint and "
           "azurerm_synapse_role_assignment; ")
SRC_MON = ("hashicorp/azurerm provider documentation for azurerm_monitor_action_group, azurerm_monitor_metric_alert, "
           "azurerm_monitor_activity_log_alert and azurerm_monitor_scheduled_query_rules_alert_v2; ")
SRC_FW = ("hashicorp/azurerm provider documentation for azurerm_firewall_policy, "
          "azurerm_firewall_policy_rule_collection_group and azurerm_firewall; ")


def synapse(env, dw, node_size, max_nodes):
    app = "lake"
    e = env["tok"]
    name = f"syn-lake-{e}"
    wid = rid(env, app, "Microsoft.Synapse", "workspaces", name)
    t = aztags(env, "lake")
    st = f"stlake{env['short']}{hx(env['seed']+'st', 4)}"
    return [
        R("azurerm_synapse_workspace", "lake", {
            "aad_admin": [{"login": "sql-admins", "object_id": principal(env, "sqladm"), "tenant_id": env["tenant"]}],
            "azure_devops_repo": [],
            "compute_subnet_id": "",
            "connectivity_endpoints": {
                "dev": f"https://{name}.dev.azuresynapse.net",
                "sql": f"{name}.sql.azuresynapse.net",
                "sqlOnDemand": f"{name}-ondemand.sql.azuresynapse.net",
                "web": f"https://web.azuresynapse.net?workspace=%2fsubscriptions%2f{env['sub']}%2fresourceGroups%2f{rg(env, app)}%2fproviders%2fMicrosoft.Synapse%2fworkspaces%2f{name}",
            },
            "customer_managed_key": [],
            "data_exfiltration_protection_enabled": True,
            "github_repo": [],
            "id": wid,
            "identity": [{"principal_id": principal(env, "syn"), "tenant_id": env["tenant"], "type": "SystemAssigned"}],
            "linking_allowed_for_aad_tenant_ids": [],
            "location": LOC,
            "managed_resource_group_name": f"synapseworkspace-managedrg-{uid(env['seed']+'mrg')}",
            "managed_virtual_network_enabled": True,
            "name": name,
            "public_network_access_enabled": False,
            "purview_id": "",
            "resource_group_name": rg(env, app),
            "sql_administrator_login": "sqladminuser",
            "sql_administrator_login_password": None,
            "sql_identity_control_enabled": False,
            "storage_data_lake_gen2_filesystem_id": f"https://{st}.dfs.core.windows.net/synapse",
            "tags": t,
            "timeouts": None,
        }, sensitive=["sql_administrator_login_password"]),
        R("azurerm_synapse_sql_pool", "dw", {
            "collation": "SQL_Latin1_General_CP1_CI_AS",
            "create_mode": "Default",
            "data_encrypted": True,
            "id": f"{wid}/sqlPools/dw",
            "name": "dw",
            "recovery_database_id": None,
            "restore": [],
            "sku_name": dw,
            "synapse_workspace_id": wid,
            "tags": t,
            "timeouts": None,
        }),
        R("azurerm_synapse_spark_pool", "etl", {
            "auto_pause": [{"delay_in_minutes": 15}],
            "auto_scale": [{"max_node_count": max_nodes, "min_node_count": 3}],
            "cache_size": 0,
            "compute_isolation_enabled": False,
            "dynamic_executor_allocation_enabled": False,
            "id": f"{wid}/bigDataPools/etl",
            "library_requirement": [{"content": "delta-spark==2.2.0\ngreat-expectations==0.15.50\npyspark==3.3.1\n", "filename": "requirements.txt"}],
            "name": "etl",
            "node_count": 0,
            "node_size": node_size,
            "node_size_family": "MemoryOptimized",
            "session_level_packages_enabled": False,
            "spark_config": [],
            "spark_events_folder": "/events",
            "spark_log_folder": "/logs",
            "spark_version": "3.3",
            "synapse_workspace_id": wid,
            "tags": t,
            "timeouts": None,
        }),
        R("azurerm_synapse_firewall_rule", "corporate_vpn", {
            "end_ip_address": "198.51.100.255",
            "id": f"{wid}/firewallRules/corporate-vpn",
            "name": "corporate-vpn",
            "start_ip_address": "198.51.100.0",
            "synapse_workspace_id": wid,
            "timeouts": None,
        }),
        R("azurerm_synapse_managed_private_endpoint", "lake_dfs", {
            "id": f"{wid}/managedVirtualNetworks/default/managedPrivateEndpoints/pe-lake-dfs",
            "name": "pe-lake-dfs",
            "subresource_name": "dfs",
            "synapse_workspace_id": wid,
            "target_resource_id": rid(env, app, "Microsoft.Storage", "storageAccounts", st),
            "timeouts": None,
        }),
        R("azurerm_synapse_role_assignment", "admins", {
            "id": f"{wid}|{uid(env['seed']+'ra')}",
            "principal_id": principal(env, "dataeng"),
            "role_name": "Synapse Administrator",
            "synapse_spark_pool_id": None,
            "synapse_workspace_id": wid,
            "timeouts": None,
        }),
    ]


def monitor(env, drift=None):
    drift = drift or {}
    app = "monitoring"
    e = env["tok"]
    t = aztags(env, "shop")
    ag = rid(env, app, "Microsoft.Insights", "actionGroups", f"ag-oncall-{e}")
    appi = rid(env, "apps", "Microsoft.Insights", "components", f"appi-shop-{e}")
    law = rid(env, app, "Microsoft.OperationalInsights", "workspaces", f"log-shop-{e}")
    empty = {k: [] for k in ("arm_role_receiver", "automation_runbook_receiver", "azure_app_push_receiver", "azure_function_receiver",
                             "event_hub_receiver", "itsm_receiver", "logic_app_receiver", "sms_receiver", "voice_receiver")}
    events = ["Incident", "Maintenance", "Security"]
    if drift.get("no_incidents"):
        events = ["Maintenance", "Security"]
    return [
        R("azurerm_monitor_action_group", "oncall", dict(empty, **{
            "email_receiver": [{"email_address": "oncall@acme-retail.eu", "name": "oncall-mail", "use_common_alert_schema": True}],
            "enabled": True,
            "id": ag,
            "location": "global",
            "name": f"ag-oncall-{e}",
            "resource_group_name": rg(env, app),
            "short_name": "oncall",
            "tags": t,
            "timeouts": None,
            "webhook_receiver": [{"aad_auth": [], "name": "pagerduty", "service_uri": f"https://events.pagerduty.com/integration/{hx(env['seed']+'pd', 32)}/enqueue", "use_common_alert_schema": True}],
        })),
        R("azurerm_monitor_metric_alert", "cpu", {
            "action": [{"action_group_id": ag, "webhook_properties": {}}],
            "application_insights_web_test_location_availability_criteria": [],
            "auto_mitigate": True,
            "criteria": [{"aggregation": "Average", "dimension": [], "metric_name": "CpuPercentage", "metric_namespace": "Microsoft.Web/serverfarms", "operator": "GreaterThan", "skip_metric_validation": False, "threshold": 85}],
            "description": "App Service plan CPU above 85% for 15 minutes",
            "dynamic_criteria": [],
            "enabled": drift.get("cpu_enabled", True),
            "frequency": "PT5M",
            "id": rid(env, app, "Microsoft.Insights", "metricAlerts", f"alert-cpu-{e}"),
            "name": f"alert-cpu-{e}",
            "resource_group_name": rg(env, app),
            "scopes": [rid(env, "apps", "Microsoft.Web", "serverFarms", f"asp-shop-{e}")],
            "severity": 2,
            "tags": t,
            "target_resource_location": "",
            "target_resource_type": "",
            "timeouts": None,
            "window_size": "PT15M",
        }),
        R("azurerm_monitor_metric_alert", "failed_requests", {
            "action": [{"action_group_id": ag, "webhook_properties": {}}],
            "application_insights_web_test_location_availability_criteria": [],
            "auto_mitigate": True,
            "criteria": [],
            "description": "Failed requests above the learned baseline",
            "dynamic_criteria": [{"aggregation": "Count", "alert_sensitivity": "Medium", "dimension": [], "evaluation_failure_count": 4, "evaluation_total_count": 4, "ignore_data_before": "", "metric_name": "requests/failed", "metric_namespace": "microsoft.insights/components", "operator": "GreaterThan", "skip_metric_validation": False}],
            "enabled": True,
            "frequency": "PT5M",
            "id": rid(env, app, "Microsoft.Insights", "metricAlerts", f"alert-failed-requests-{e}"),
            "name": f"alert-failed-requests-{e}",
            "resource_group_name": rg(env, app),
            "scopes": [appi],
            "severity": 1,
            "tags": t,
            "target_resource_location": "",
            "target_resource_type": "",
            "timeouts": None,
            "window_size": "PT5M",
        }),
        R("azurerm_monitor_activity_log_alert", "service_health", {
            "action": [{"action_group_id": ag, "webhook_properties": {}}],
            "criteria": [{"caller": "", "category": "ServiceHealth", "level": "", "levels": [], "operation_name": "", "recommendation_category": "", "recommendation_impact": "", "recommendation_type": "", "resource_group": "", "resource_groups": [], "resource_health": [], "resource_id": "", "resource_ids": [], "resource_provider": "", "resource_providers": [], "resource_type": "", "resource_types": [],
                          "service_health": [{"events": events, "locations": ["Global", "West Europe"], "services": ["App Service", "Azure Cache for Redis", "SQL Database"]}], "status": "", "statuses": [], "sub_status": "", "sub_statuses": []}],
            "description": "Azure service incidents affecting the shop",
            "enabled": True,
            "id": rid(env, app, "Microsoft.Insights", "activityLogAlerts", f"alert-service-health-{e}"),
            "location": "global",
            "name": f"alert-service-health-{e}",
            "resource_group_name": rg(env, app),
            "scopes": [f"/subscriptions/{env['sub']}"],
            "tags": t,
            "timeouts": None,
        }),
        R("azurerm_monitor_scheduled_query_rules_alert_v2", "payment_errors", {
            "action": [] if drift.get("silent_query") else [{"action_groups": [ag], "custom_properties": {"runbook": "https://wiki.acme-retail.eu/runbooks/payments"}}],
            "auto_mitigation_enabled": True,
            "created_with_api_version": "2023-03-15-preview",
            "criteria": [{"dimension": [], "failing_periods": [{"minimum_failing_periods_to_trigger_alert": 1, "number_of_evaluation_periods": 1}], "metric_measure_column": "",
                          "operator": "GreaterThan", "query": "AppExceptions\n| where ProblemId has \"PaymentGateway\"\n| summarize failures = count() by bin(TimeGenerated, 5m)\n",
                          "resource_id_column": "", "threshold": 0, "time_aggregation_method": "Count"}],
            "description": "Any exception from the payment gateway client",
            "display_name": f"Payment gateway errors ({env['name']})",
            "enabled": True,
            "evaluation_frequency": "PT5M",
            "id": rid(env, app, "Microsoft.Insights", "scheduledQueryRules", f"alert-payment-errors-{e}"),
            "identity": [],
            "is_a_legacy_log_analytics_rule": False,
            "is_workspace_alerts_storage_configured": False,
            "location": LOC,
            "mute_actions_after_alert_duration": "",
            "name": f"alert-payment-errors-{e}",
            "query_time_range_override": "",
            "resource_group_name": rg(env, app),
            "scopes": [law],
            "severity": 1,
            "skip_query_validation": False,
            "tags": t,
            "target_resource_types": [],
            "timeouts": None,
            "window_duration": "PT5M",
            "workspace_alerts_storage_enabled": False,
        }),
    ]


def firewall(env, cidr, drift=None):
    drift = drift or {}
    app = "hub"
    e = env["tok"]
    t = aztags(env, "hub-network")
    pol = rid(env, app, "Microsoft.Network", "firewallPolicies", f"afwp-hub-{e}")
    fw = rid(env, app, "Microsoft.Network", "azureFirewalls", f"afw-hub-{e}")
    rcg = f"{pol}/ruleCollectionGroups/platform"
    net_cols = [
        {"action": "Deny", "name": "deny-smb-rdp", "priority": 300, "rule": [
            {"description": "", "destination_addresses": ["*"], "destination_fqdns": [], "destination_ip_groups": [], "destination_ports": ["139", "445", "3389"], "name": "smb-rdp-out", "protocols": ["TCP"], "source_addresses": [cidr], "source_ip_groups": []}]},
        {"action": "Allow", "name": "allow-infra", "priority": 400, "rule": [
            {"description": "", "destination_addresses": ["AzureMonitor"], "destination_fqdns": [], "destination_ip_groups": [], "destination_ports": ["443"], "name": "azure-monitor", "protocols": ["TCP"], "source_addresses": [cidr], "source_ip_groups": []},
            {"description": "", "destination_addresses": ["168.63.129.16"], "destination_fqdns": [], "destination_ip_groups": [], "destination_ports": ["53"], "name": "azure-dns", "protocols": ["TCP", "UDP"], "source_addresses": [cidr], "source_ip_groups": []},
            {"description": "", "destination_addresses": [], "destination_fqdns": ["time.windows.com"], "destination_ip_groups": [], "destination_ports": ["123"], "name": "ntp", "protocols": ["UDP"], "source_addresses": [cidr], "source_ip_groups": []},
        ]},
    ]
    if drift.get("any_out"):
        net_cols.append({"action": "Allow", "name": "allow-any-debug", "priority": 900, "rule": [
            {"description": "temporary: debugging vendor connectivity", "destination_addresses": ["*"], "destination_fqdns": [], "destination_ip_groups": [], "destination_ports": ["*"], "name": "any", "protocols": ["Any"], "source_addresses": [cidr], "source_ip_groups": []}]})
    app_rule = lambda name, fqdns: {"description": "", "destination_addresses": [], "destination_fqdn_tags": [], "destination_fqdns": fqdns, "destination_urls": [], "http_headers": [], "name": name,
                                    "protocols": [{"port": 443, "type": "Https"}], "source_addresses": [cidr], "source_ip_groups": [], "terminate_tls": False, "web_categories": []}
    return [
        R("azurerm_firewall_policy", "hub", {
            "auto_learn_private_ranges_enabled": False,
            "base_policy_id": None,
            "child_policies": [],
            "dns": [{"proxy_enabled": True, "servers": []}],
            "explicit_proxy": [],
            "firewalls": [fw],
            "id": pol,
            "identity": [],
            "insights": [],
            "intrusion_detection": [{"mode": drift.get("idps", "Deny"), "private_ranges": [], "signature_overrides": [], "traffic_bypass": []}],
            "location": LOC,
            "name": f"afwp-hub-{e}",
            "private_ip_ranges": [],
            "resource_group_name": rg(env, app),
            "rule_collection_groups": [rcg],
            "sku": "Premium",
            "sql_redirect_allowed": False,
            "tags": t,
            "threat_intelligence_allowlist": [],
            "threat_intelligence_mode": drift.get("ti", "Deny"),
            "timeouts": None,
            "tls_certificate": [],
        }, unknown=["id", "firewalls", "rule_collection_groups", "child_policies"]),
        R("azurerm_firewall_policy_rule_collection_group", "platform", {
            "application_rule_collection": [{"action": "Allow", "name": "allow-web", "priority": 500, "rule": [
                app_rule("os-updates", ["*.ubuntu.com", "packages.microsoft.com"]),
                app_rule("container-registries", ["acmeretail.azurecr.io", "*.data.azurecr.io", "mcr.microsoft.com", "*.data.mcr.microsoft.com"]),
            ]}],
            "firewall_policy_id": pol,
            "id": rcg,
            "name": "platform",
            "nat_rule_collection": [],
            "network_rule_collection": net_cols,
            "priority": 200,
            "timeouts": None,
        }, unknown=["id", "firewall_policy_id"]),
        R("azurerm_firewall", "hub", {
            "dns_proxy_enabled": None,
            "dns_servers": None,
            "firewall_policy_id": pol,
            "id": fw,
            "ip_configuration": [{"name": "ipconfig", "private_ip_address": cidr.split("/")[0][:-1] + "4", "public_ip_address_id": rid(env, app, "Microsoft.Network", "publicIPAddresses", f"pip-afw-hub-{e}"), "subnet_id": rid(env, app, "Microsoft.Network", "virtualNetworks", f"vnet-hub-{e}", "subnets", "AzureFirewallSubnet")}],
            "location": LOC,
            "management_ip_configuration": [],
            "name": f"afw-hub-{e}",
            "private_ip_ranges": None,
            "resource_group_name": rg(env, app),
            "sku_name": "AZFW_VNet",
            "sku_tier": "Premium",
            "tags": t,
            "threat_intel_mode": "",
            "timeouts": None,
            "virtual_hub": [],
            "zones": ["1", "2", "3"],
        }, unknown=["id", "firewall_policy_id", ("ip_configuration", 0, "private_ip_address")]),
    ]


def cases():
    s = dict(AS, seed="syn-s")
    p = dict(AP, seed="syn-p")
    write_case(
        "azure", "synapse-workspace-azurerm-2",
        "A Synapse workspace with a managed VNet and exfiltration protection, a dedicated SQL pool, an "
        "autoscaling Spark pool with library requirements, a firewall rule for the corporate VPN, a managed "
        "private endpoint to the lake and an administrator role assignment, as azurerm 2.99 wrote them under "
        "Terraform 1.0 (format_version 0.2). Production's SQL pool is DW400c and its Spark nodes are Large (16 "
        "vCores) scaling to 10; staging's are DW200c and Medium (8 vCores) scaling to 5; both keep 3 nodes at "
        "least, the Spark pool minimum.",
        SRC_SYN + "`terraform show -json` of a state by Terraform 1.0.11 (format_version 0.2).",
        0.5, [],
        show_state(synapse(s, "DW200c", "Medium", 5), "0.2", "1.0.11"),
        show_state(synapse(p, "DW400c", "Large", 10), "0.2", "1.0.11"),
    )
    s = dict(AS, tok="stg", seed="mon-s")
    p = dict(AP, tok="prd", seed="mon-p")
    drift = {"cpu_enabled": False, "no_incidents": True, "silent_query": True}
    write_case(
        "azure", "monitor-alerts-silenced",
        "Alerting of a shop: an on-call action group (mail and a PagerDuty webhook whose integration key is each "
        "environment's own), a static CPU alert, a dynamic-threshold failed-requests alert, a Service Health "
        "activity-log alert and a log query alert on payment errors. In staging the CPU alert is disabled, "
        "Service Health no longer alerts on incidents, and the payment-errors query alert has no action group, "
        "so it fires silently.",
        SRC_MON + "`terraform show -json` of a state by Terraform 1.6.6 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "azurerm_monitor_metric_alert.cpu", "enabled", "Staging's CPU alert is disabled; production's is enabled."),
            L("config_drift", "azurerm_monitor_activity_log_alert.service_health", "criteria[0].service_health[0].events", "Staging's Service Health alert ignores Incident events; production alerts on them.", prefix=True),
            L("config_drift", "azurerm_monitor_scheduled_query_rules_alert_v2.payment_errors", "action", "Staging's payment-errors alert notifies no action group; production pages on-call.", prefix=True),
        ],
        show_state(monitor(s, drift), "1.0", "1.6.6"),
        show_state(monitor(p), "1.0", "1.6.6"),
    )
    s = dict(AS, seed="fw-s")
    p = dict(AP, seed="fw-p")
    sr = firewall(s, "10.40.0.0/16")
    pr = firewall(p, "10.60.0.0/16")
    write_case(
        "azure", "firewall-policy-create-plan",
        "A Premium Azure Firewall in the hub with its policy (threat intelligence and IDPS in deny mode, DNS "
        "proxy) and a rule collection group with a deny collection, an infrastructure allow collection and an "
        "application collection, each at its priority. Staging's plan creates them (ids, the firewall's private "
        "IP and policy back-references unknown); production's plan changes nothing. Source ranges are each "
        "spoke network's own.",
        SRC_FW + "`terraform show -json` of plans by Terraform 1.4.6 (format_version 1.1).",
        0.5, [],
        show_plan(sr, None, "1.1", "1.4.6", created={r.address for r in sr}),
        show_plan(pr, pr, "1.1", "1.4.6"),
    )
    s = dict(AS, tok="stg", seed="fw-s2")
    p = dict(AP, tok="prod", seed="fw-p2")
    drift = {"ti": "Alert", "idps": "Alert", "any_out": True}
    write_case(
        "azure", "firewall-policy-alert-any-outbound",
        "The hub firewall of azure/firewall-policy-create-plan as Terraform 1.9.5 showed it: staging's policy "
        "only alerts on threat-intelligence matches and IDPS signatures instead of denying them, and a "
        "'temporary' network rule collection allows any traffic out.",
        SRC_FW + "`terraform show -json` of a state by Terraform 1.9.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "azurerm_firewall_policy.hub", "threat_intelligence_mode", "Staging only alerts on traffic to known-malicious addresses; production denies it."),
            L("config_drift", "azurerm_firewall_policy.hub", "intrusion_detection[0].mode", "Staging's IDPS only alerts; production's denies."),
            L("config_drift", "azurerm_firewall_policy_rule_collection_group.platform", "network_rule_collection", "Staging has an allow-any-debug collection that lets any traffic out; production has none.", prefix=True),
        ],
        show_state(firewall(s, "10.40.0.0/16", drift), "1.0", "1.9.5"),
        show_state(firewall(p, "10.60.0.0/16"), "1.0", "1.9.5"),
    )


if __name__ == "__main__":
    cases()
