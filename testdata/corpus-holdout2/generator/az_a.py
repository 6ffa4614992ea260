from azcommon import *

SRC_EH = ("hashicorp/azurerm provider documentation for azurerm_eventhub_namespace, azurerm_eventhub (capture), "
          "azurerm_eventhub_consumer_group and azurerm_eventhub_authorization_rule; ")
SRC_SB = ("hashicorp/azurerm provider documentation for azurerm_servicebus_namespace, azurerm_servicebus_queue, "
          "azurerm_servicebus_topic and azurerm_servicebus_subscription; ")


def eventhubs(env, capacity, max_tu):
    app = "telemetry"
    e = env["tok"]
    ns = f"evhns-telemetry-{e}"
    nsid = rid(env, app, "Microsoft.EventHub", "namespaces", ns)
    t = aztags(env, app)
    host = f"{ns}.servicebus.windows.net"
    pk = key(env["seed"] + "nspk")
    sk = key(env["seed"] + "nssk")
    rs = [R("azurerm_eventhub_namespace", "telemetry", {
        "auto_inflate_enabled": True,
        "capacity": capacity,
        "dedicated_cluster_id": "",
        "default_primary_connection_string": f"Endpoint=sb://{host}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={pk}",
        "default_primary_connection_string_alias": "",
        "default_primary_key": pk,
        "default_secondary_connection_string": f"Endpoint=sb://{host}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sk}",
        "default_secondary_connection_string_alias": "",
        "default_secondary_key": sk,
        "id": nsid,
        "identity": [{"identity_ids": [], "principal_id": principal(env, "ehns"), "tenant_id": env["tenant"], "type": "SystemAssigned"}],
        "local_authentication_enabled": False,
        "location": LOC,
        "maximum_throughput_units": max_tu,
        "minimum_tls_version": "1.2",
        "name": ns,
        "network_rulesets": [{"default_action": "Deny", "ip_rule": [], "public_network_access_enabled": False, "trusted_service_access_enabled": True,
                              "virtual_network_rule": [{"ignore_missing_virtual_network_service_endpoint": False, "subnet_id": rid(env, "network", "Microsoft.Network", "virtualNetworks", f"vnet-{e}", "subnets", "snet-ingest")}]}],
        "public_network_access_enabled": False,
        "resource_group_name": rg(env, app),
        "sku": "Standard",
        "tags": t,
        "timeouts": None,
    }, sensitive=["default_primary_connection_string", "default_primary_connection_string_alias", "default_primary_key",
                  "default_secondary_connection_string", "default_secondary_connection_string_alias", "default_secondary_key"])]
    for hub, retention in (("device-events", 7), ("device-metrics", 3)):
        hid = f"{nsid}/eventhubs/{hub}"
        rs.append(R("azurerm_eventhub", hub.replace("-", "_"), {
            "capture_description": [{
                "destination": [{"archive_name_format": "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}",
                                 "blob_container_name": "capture", "name": "EventHubArchive.AzureBlockBlob",
                                 "storage_account_id": rid(env, app, "Microsoft.Storage", "storageAccounts", f"sttelemetry{env['short']}{hx(env['seed']+'st', 6)}")}],
                "enabled": True, "encoding": "Avro", "interval_in_seconds": 300, "size_limit_in_bytes": 314572800, "skip_empty_archives": True,
            }],
            "id": hid,
            "message_retention": retention,
            "name": hub,
            "namespace_id": nsid,
            "namespace_name": ns,
            "partition_count": 8,
            "partition_ids": [str(i) for i in range(8)],
            "resource_group_name": rg(env, app),
            "status": "Active",
            "timeouts": None,
        }))
        for cg in ("stream-analytics", "archive-replay"):
            rs.append(R("azurerm_eventhub_consumer_group", f"{hub.replace('-', '_')}_{cg.replace('-', '_')}", {
                "eventhub_name": hub,
                "id": f"{hid}/consumerGroups/{cg}",
                "name": cg,
                "namespace_name": ns,
                "resource_group_name": rg(env, app),
                "timeouts": None,
                "user_metadata": "",
            }))
    apk = key(env["seed"] + "arpk")
    ask = key(env["seed"] + "arsk")
    rs.append(R("azurerm_eventhub_authorization_rule", "ingest_send", {
        "eventhub_name": "device-events",
        "id": f"{nsid}/eventhubs/device-events/authorizationRules/ingest-send",
        "listen": False,
        "manage": False,
        "name": "ingest-send",
        "namespace_name": ns,
        "primary_connection_string": f"Endpoint=sb://{host}/;SharedAccessKeyName=ingest-send;SharedAccessKey={apk};EntityPath=device-events",
        "primary_connection_string_alias": "",
        "primary_key": apk,
        "resource_group_name": rg(env, app),
        "secondary_connection_string": f"Endpoint=sb://{host}/;SharedAccessKeyName=ingest-send;SharedAccessKey={ask};EntityPath=device-events",
        "secondary_connection_string_alias": "",
        "secondary_key": ask,
        "send": True,
        "timeouts": None,
    }, sensitive=["primary_connection_string", "primary_connection_string_alias", "primary_key", "secondary_connection_string", "secondary_connection_string_alias", "secondary_key"]))
    return rs


def servicebus(env, capacity, drift=None):
    drift = drift or {}
    app = "orders"
    e = env["tok"]
    ns = f"sb-orders-{e}"
    nsid = rid(env, app, "Microsoft.ServiceBus", "namespaces", ns)
    t = aztags(env, app)
    host = f"{ns}.servicebus.windows.net"
    pk = key(env["seed"] + "sbpk")
    sk = key(env["seed"] + "sbsk")
    rs = [R("azurerm_servicebus_namespace", "orders", {
        "capacity": capacity,
        "customer_managed_key": [],
        "default_primary_connection_string": f"Endpoint=sb://{host}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={pk}",
        "default_primary_key": pk,
        "default_secondary_connection_string": f"Endpoint=sb://{host}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sk}",
        "default_secondary_key": sk,
        "endpoint": f"https://{host}:443/",
        "id": nsid,
        "identity": [],
        "local_auth_enabled": drift.get("local_auth", False),
        "location": LOC,
        "minimum_tls_version": drift.get("tls", "1.2"),
        "name": ns,
        "network_rule_set": [{"default_action": "Deny", "ip_rules": [], "network_rules": [{"ignore_missing_vnet_service_endpoint": False, "subnet_id": rid(env, "network", "Microsoft.Network", "virtualNetworks", f"vnet-{e}", "subnets", "snet-app")}], "public_network_access_enabled": False, "trusted_services_allowed": True}],
        "premium_messaging_partitions": 1,
        "public_network_access_enabled": False,
        "resource_group_name": rg(env, app),
        "sku": "Premium",
        "tags": t,
        "timeouts": None,
    }, sensitive=["default_primary_connection_string", "default_primary_key", "default_secondary_connection_string", "default_secondary_key"])]
    q = {
        "auto_delete_on_idle": "P10675199DT2H48M5.4775807S",
        "batched_operations_enabled": True,
        "dead_lettering_on_message_expiration": drift.get("dlq_expiry", True),
        "default_message_ttl": "P14D",
        "duplicate_detection_history_time_window": "PT10M",
        "express_enabled": False,
        "forward_dead_lettered_messages_to": "",
        "forward_to": "",
        "lock_duration": "PT1M",
        "max_delivery_count": 10,
        "max_message_size_in_kilobytes": 1024,
        "max_size_in_megabytes": 81920,
        "namespace_id": nsid,
        "partitioning_enabled": False,
        "requires_duplicate_detection": True,
        "requires_session": False,
        "status": "Active",
        "timeouts": None,
    }
    rs.append(R("azurerm_servicebus_queue", "payments", dict(q, id=f"{nsid}/queues/payments", name="payments")))
    rs.append(R("azurerm_servicebus_topic", "order_events", {
        "auto_delete_on_idle": "P10675199DT2H48M5.4775807S",
        "batched_operations_enabled": True,
        "default_message_ttl": "P7D",
        "duplicate_detection_history_time_window": "PT10M",
        "express_enabled": False,
        "id": f"{nsid}/topics/order-events",
        "max_message_size_in_kilobytes": 1024,
        "max_size_in_megabytes": 81920,
        "name": "order-events",
        "namespace_id": nsid,
        "partitioning_enabled": False,
        "requires_duplicate_detection": True,
        "status": "Active",
        "support_ordering": True,
        "timeouts": None,
    }))
    for sub_name in ("billing", "shipping"):
        rs.append(R("azurerm_servicebus_subscription", sub_name, {
            "auto_delete_on_idle": "P10675199DT2H48M5.4775807S",
            "batched_operations_enabled": True,
            "client_scoped_subscription": [],
            "client_scoped_subscription_enabled": False,
            "dead_lettering_on_filter_evaluation_error": True,
            "dead_lettering_on_message_expiration": True,
            "default_message_ttl": "P7D",
            "forward_dead_lettered_messages_to": "",
            "forward_to": "",
            "id": f"{nsid}/topics/order-events/subscriptions/{sub_name}",
            "lock_duration": "PT1M",
            "max_delivery_count": 10,
            "name": sub_name,
            "requires_session": False,
            "status": "Active",
            "timeouts": None,
            "topic_id": f"{nsid}/topics/order-events",
        }))
    return rs


def cases():
    write_case(
        "azure", "event-hubs-capture",
        "An Event Hubs Standard namespace (private, TLS 1.2, local SAS auth off, auto-inflate) with two hubs that "
        "capture to blob storage as Avro, two consumer groups each and a send-only authorization rule (keys and "
        "connection strings sensitive). Production's namespace has 2 throughput units and may inflate to 10, "
        "staging's 1 and 5; partition counts are equal (fixed at creation).",
        SRC_EH + "`terraform show -json` of a state by Terraform 1.7.5 (format_version 1.0).",
        0.5, [],
        show_state(eventhubs(AS, 1, 5), "1.0", "1.7.5"),
        show_state(eventhubs(AP, 2, 10), "1.0", "1.7.5"),
    )
    s = dict(AS, tok="stg", seed="sb-s")
    p = dict(AP, tok="prd", seed="sb-p")
    drift = {"tls": "1.0", "local_auth": True, "dlq_expiry": False}
    sd = servicebus(s, 1, drift)
    pd = servicebus(p, 2)
    write_case(
        "azure", "service-bus-tls-sas-deadletter-plan",
        "A Service Bus Premium namespace with a payments queue and an order-events topic with two subscriptions, "
        "in no-op plans. Production has 2 messaging units, staging 1. Staging's namespace accepts TLS 1.0 and "
        "shared access keys (local auth), and its payments queue drops expired messages instead of "
        "dead-lettering them.",
        SRC_SB + "`terraform show -json` of plans by Terraform 1.5.7 (format_version 1.1).",
        0.5,
        [
            L("config_drift", "azurerm_servicebus_namespace.orders", "minimum_tls_version", "Staging accepts TLS 1.0; production requires 1.2."),
            L("config_drift", "azurerm_servicebus_namespace.orders", "local_auth_enabled", "Staging accepts SAS keys (local auth); production allows Entra ID only."),
            L("config_drift", "azurerm_servicebus_queue.payments", "dead_lettering_on_message_expiration", "Staging's payments queue discards expired messages; production dead-letters them."),
        ],
        show_plan(sd, sd, "1.1", "1.5.7", timestamp="2024-09-17T10:02:11Z"),
        show_plan(pd, pd, "1.1", "1.5.7", timestamp="2024-09-17T10:04:40Z"),
    )


if __name__ == "__main__":
    cases()
