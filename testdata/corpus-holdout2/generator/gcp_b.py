from lib import *
from gcp_a import glabels, kms_key, sa

REGION = "europe-west1"

DDL = [
    "CREATE TABLE Customers (CustomerId STRING(36) NOT NULL, Email STRING(320) NOT NULL, CreatedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp=true)) PRIMARY KEY (CustomerId)",
    "CREATE TABLE Orders (CustomerId STRING(36) NOT NULL, OrderId STRING(36) NOT NULL, Status STRING(16) NOT NULL, TotalMicros INT64 NOT NULL, CreatedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp=true)) PRIMARY KEY (CustomerId, OrderId), INTERLEAVE IN PARENT Customers ON DELETE CASCADE",
    "CREATE UNIQUE INDEX CustomersByEmail ON Customers(Email)",
    "CREATE INDEX OrdersByStatus ON Orders(Status, CreatedAt DESC), INTERLEAVE IN Customers",
    "CREATE CHANGE STREAM OrdersStream FOR Orders OPTIONS (retention_period = '3d', value_capture_type = 'NEW_ROW')",
]


def spanner(env, pu, drift=None, v4=False):
    drift = drift or {}
    e = env["tok"]
    p = env["project"]
    l, eff, tl = glabels(env, {"app": "orders"})
    inst = f"orders-{e}"
    ddl = [d for d in DDL if d not in drift.get("ddl_removed", [])]
    instance = {
        "autoscaling_config": [],
        "config": f"projects/{p}/instanceConfigs/regional-{REGION}",
        "default_backup_schedule_type": "AUTOMATIC",
        "display_name": f"Orders ({env['name']})",
        "edition": "ENTERPRISE",
        "effective_labels": eff,
        "force_destroy": False,
        "id": f"{p}/{inst}",
        "instance_type": "PROVISIONED",
        "labels": l,
        "name": inst,
        "num_nodes": pu // 1000,
        "processing_units": pu,
        "project": p,
        "state": "READY",
        "terraform_labels": tl,
        "timeouts": None,
    }
    database = {
        "database_dialect": "GOOGLE_STANDARD_SQL",
        "ddl": ddl,
        "default_time_zone": "",
        "deletion_protection": drift.get("deletion_protection", True),
        "enable_drop_protection": drift.get("drop_protection", True),
        "encryption_config": [{"kms_key_name": kms_key(env, "spanner", "orders"), "kms_key_names": []}],
        "id": f"{inst}/orders",
        "instance": inst,
        "name": "orders",
        "project": p,
        "state": "READY",
        "timeouts": None,
        "version_retention_period": drift.get("retention", "3d"),
    }
    if v4:
        for k in ("default_backup_schedule_type", "edition", "effective_labels", "terraform_labels", "instance_type", "default_time_zone"):
            instance.pop(k, None)
            database.pop(k, None)
        database["encryption_config"] = [{"kms_key_name": kms_key(env, "spanner", "orders")}]
        database.pop("enable_drop_protection")
    rs = [
        R("google_spanner_instance", "orders", instance),
        R("google_spanner_database", "orders", database),
    ]
    for role, member in (("roles/spanner.databaseUser", f"serviceAccount:{sa(env, 'orders-api')}"),
                         ("roles/spanner.databaseReader", f"serviceAccount:{sa(env, 'reporting')}")):
        key = role.split(".")[-1]
        rs.append(R("google_spanner_database_iam_member", key, {
            "condition": [],
            "database": "orders",
            "etag": "BwY" + alnum(env["seed"] + key, 9, upper=True) + "=",
            "id": f"{p}/{inst}/orders/{role}/{member}",
            "instance": inst,
            "member": member,
            "project": p,
            "role": role,
        }))
    if not v4:
        rs.append(R("google_spanner_backup_schedule", "daily", {
            "database": "orders",
            "encryption_config": [{"encryption_type": "USE_DATABASE_ENCRYPTION", "kms_key_name": ""}],
            "full_backup_spec": [{}],
            "id": f"projects/{p}/instances/{inst}/databases/orders/backupSchedules/daily",
            "incremental_backup_spec": [],
            "instance": inst,
            "name": "daily",
            "project": p,
            "retention_duration": "1209600s",
            "spec": [{"cron_spec": [{"text": "0 2 * * *"}]}],
            "timeouts": None,
        }))
    return rs


def filestore(env, basic_tb, hdd_gb, drift=None):
    e = env["tok"]
    p = env["project"]
    l, eff, tl = glabels(env, {"app": "render-farm"})
    rs = []
    for name, tier, cap, zone, cidr in (("assets", "BASIC_SSD", basic_tb, f"{REGION}-b", env["cidr1"]),
                                        ("scratch", "BASIC_HDD", hdd_gb, f"{REGION}-c", env["cidr2"])):
        rs.append(R("google_filestore_instance", name, {
            "create_time": ts(env["seed"] + name, 2024, "ns"),
            "deletion_protection_enabled": False,
            "deletion_protection_reason": "",
            "description": f"{name} share of the render farm",
            "effective_labels": eff,
            "etag": "",
            "file_shares": [{
                "capacity_gb": cap,
                "name": name,
                "nfs_export_options": [{"access_mode": "READ_WRITE", "anon_gid": 0, "anon_uid": 0, "ip_ranges": [f"10.{ '52' if e == 'staging' else '72'}.0.0/20"], "network": "", "squash_mode": "ROOT_SQUASH"}],
                "source_backup": "",
            }],
            "id": f"projects/{p}/locations/{zone}/instances/render-{name}-{e}",
            "kms_key_name": "",
            "labels": l,
            "location": zone,
            "name": f"render-{name}-{e}",
            "networks": [{"connect_mode": "PRIVATE_SERVICE_ACCESS", "ip_addresses": [ip(env["seed"] + name, cidr.rsplit(".", 1)[0])], "modes": ["MODE_IPV4"], "network": f"projects/{p}/global/networks/render-{e}", "reserved_ip_range": cidr}],
            "performance_config": [],
            "project": p,
            "protocol": "NFS_V3",
            "tags": {},
            "terraform_labels": tl,
            "tier": tier,
            "timeouts": None,
            "zone": zone,
        }, provider="google"))
    return rs


def cases():
    s = {"name": "staging", "tok": "staging", "seed": "sp-s", "project": "acme-orders-staging", "number": "311847620093"}
    p = {"name": "production", "tok": "production", "seed": "sp-p", "project": "acme-orders-production", "number": "905182274631"}
    write_case(
        "gcp", "spanner-orders",
        "A regional Spanner instance and its orders database (DDL with an interleaved table, indexes and a change "
        "stream; CMEK; drop protection), IAM members for the API and reporting service accounts and a daily "
        "backup schedule. Production has 2000 processing units (num_nodes 2), staging 1000 (num_nodes 1).",
        "hashicorp/google provider documentation for google_spanner_instance, google_spanner_database, "
        "google_spanner_database_iam_member and google_spanner_backup_schedule; raw state (version 4) written by "
        "Terraform 1.6.6.",
        0.5, [],
        raw_state(spanner(s, 1000), "1.6.6", 23, "sp-s"),
        raw_state(spanner(p, 2000), "1.6.6", 40, "sp-p"),
        ext="tfstate",
    )
    s2 = dict(s, tok="stg", seed="sp-s2", project="acme-orders-stg")
    p2 = dict(p, tok="prod", seed="sp-p2", project="acme-orders-prod")
    drift = {"retention": "1h", "deletion_protection": False, "ddl_removed": [DDL[3]]}
    write_case(
        "gcp", "spanner-retention-index-terraform-1.0",
        "The Spanner database of gcp/spanner-orders as the google provider v4 wrote it under Terraform 1.0 "
        "(format_version 0.2): staging keeps old row versions one hour instead of three days (no point-in-time "
        "recovery beyond that), Terraform may destroy the database, and the OrdersByStatus index is missing from "
        "its DDL.",
        "hashicorp/google provider v4 documentation for google_spanner_instance, google_spanner_database and "
        "google_spanner_database_iam_member; `terraform show -json` of a state by Terraform 1.0.11 (format_version 0.2).",
        0.5,
        [
            L("config_drift", "google_spanner_database.orders", "version_retention_period", "Staging keeps versions 1h, production 3d; point-in-time recovery in staging reaches back one hour only."),
            L("config_drift", "google_spanner_database.orders", "deletion_protection", "Staging's database has Terraform deletion protection off; production's has it on."),
            L("config_drift", "google_spanner_database.orders", "ddl", "Staging's DDL lacks CREATE INDEX OrdersByStatus, so status queries scan the table only in staging.", prefix=True),
        ],
        show_state(spanner(s2, 1000, drift, v4=True), "0.2", "1.0.11"),
        show_state(spanner(p2, 2000, v4=True), "0.2", "1.0.11"),
    )
    fs = {"name": "staging", "tok": "staging", "seed": "fs-s", "project": "acme-render-staging", "cidr1": "10.200.16.0/29", "cidr2": "10.200.16.8/29"}
    fp = {"name": "production", "tok": "production", "seed": "fs-p", "project": "acme-render-production", "cidr1": "10.210.16.0/29", "cidr2": "10.210.16.8/29"}
    write_case(
        "gcp", "filestore-shares-floors",
        "Two Filestore instances of a render farm over private service access. The BASIC_SSD assets share is "
        "5120 GiB in production and 2560 GiB in staging; the BASIC_HDD scratch share is 1024 GiB in both, "
        "because 1024 GiB is the smallest BASIC_HDD share (and 2560 GiB the smallest BASIC_SSD one), so staging "
        "cannot go below production there. Reserved ranges and IPs are each network's own.",
        "hashicorp/google provider documentation for google_filestore_instance; Filestore service tiers and "
        "capacity minimums (Basic HDD 1 TiB, Basic SSD 2.5 TiB); `terraform show -json` of a state by "
        "Terraform 1.9.5 (format_version 1.0).",
        0.5, [],
        show_state(filestore(fs, 2560, 1024), "1.0", "1.9.5"),
        show_state(filestore(fp, 5120, 1024), "1.0", "1.9.5"),
    )


if __name__ == "__main__":
    cases()
