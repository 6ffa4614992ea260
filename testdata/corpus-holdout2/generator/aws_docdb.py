from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_docdb_cluster, aws_docdb_cluster_instance, "
       "aws_docdb_cluster_parameter_group and aws_docdb_subnet_group; ")


def docdb(env, klass, count, drift=None, v3=False):
    drift = drift or {}
    ident = f"catalog-{env['tok']}"
    t, ta = tag_pair(env, "catalog")
    host_id = alnum(env["seed"] + "ddbhost", 12)
    endpoint = f"{ident}.cluster-{host_id}.{REGION}.docdb.amazonaws.com"
    members = [f"{ident}-{i}" for i in range(count)]
    params = [
        {"apply_method": "pending-reboot", "name": "tls", "value": drift.get("tls", "enabled")},
        {"apply_method": "pending-reboot", "name": "audit_logs", "value": drift.get("audit", "enabled")},
        {"apply_method": "pending-reboot", "name": "profiler", "value": "enabled"},
        {"apply_method": "pending-reboot", "name": "profiler_threshold_ms", "value": "200"},
        {"apply_method": "pending-reboot", "name": "change_stream_log_retention_duration", "value": "86400"},
    ]
    cluster = {
        "allow_major_version_upgrade": None,
        "apply_immediately": None,
        "arn": arn(env, "rds", f"cluster:{ident}"),
        "availability_zones": [f"{REGION}a", f"{REGION}b", f"{REGION}c"],
        "backup_retention_period": drift.get("retention", 14),
        "cluster_identifier": ident,
        "cluster_identifier_prefix": "",
        "cluster_members": members,
        "cluster_resource_id": "cluster-" + alnum(env["seed"] + "crid", 26, upper=True, lower=False),
        "db_cluster_parameter_group_name": f"{ident}-docdb50",
        "db_subnet_group_name": f"{ident}-subnets",
        "deletion_protection": drift.get("deletion_protection", True),
        "enabled_cloudwatch_logs_exports": drift.get("exports", ["audit", "profiler"]),
        "endpoint": endpoint,
        "engine": "docdb",
        "engine_version": "5.0.0",
        "final_snapshot_identifier": f"{ident}-final",
        "global_cluster_identifier": "",
        "hosted_zone_id": "ZMESEXB7ZGGQ3",
        "id": ident,
        "kms_key_id": kms_arn(env, "docdb"),
        "master_password": None,
        "master_username": "catalogadmin",
        "port": 27017,
        "preferred_backup_window": "01:30-02:30",
        "preferred_maintenance_window": "sun:03:00-sun:04:00",
        "reader_endpoint": f"{ident}.cluster-ro-{host_id}.{REGION}.docdb.amazonaws.com",
        "skip_final_snapshot": False,
        "snapshot_identifier": None,
        "storage_encrypted": True,
        "storage_type": "",
        "tags": t, "tags_all": ta,
        "timeouts": None,
        "vpc_security_group_ids": [sg(env, "docdb")],
    }
    if not v3:
        cluster.update({
            "allow_major_version_upgrade": None,
            "manage_master_user_password": True,
            "master_user_secret": [{
                "kms_key_id": kms_arn(env, "secrets"),
                "secret_arn": arn(env, "secretsmanager", f"secret:rds!cluster-{uid(env['seed']+'msec')}-{alnum(env['seed']+'ms6', 6, upper=True)}"),
                "secret_status": "active",
            }],
            "restore_to_point_in_time": [],
            "serverless_v2_scaling_configuration": [],
        })
    rs = [
        R("aws_docdb_subnet_group", "this", {
            "arn": arn(env, "rds", f"subgrp:{ident}-subnets"),
            "description": "Managed by Terraform",
            "id": f"{ident}-subnets",
            "name": f"{ident}-subnets",
            "name_prefix": "",
            "subnet_ids": [subnet(env, f"data{i}") for i in range(3)],
            "tags": t, "tags_all": ta,
        }),
        R("aws_docdb_cluster_parameter_group", "this", {
            "arn": arn(env, "rds", f"cluster-pg:{ident}-docdb50"),
            "description": "Catalog cluster parameters",
            "family": "docdb5.0",
            "id": f"{ident}-docdb50",
            "name": f"{ident}-docdb50",
            "name_prefix": "",
            "parameter": params,
            "tags": t, "tags_all": ta,
        }),
        R("aws_docdb_cluster", "this", cluster, sensitive=["master_password"]),
    ]
    for i in range(count):
        az = f"{REGION}{'abc'[i % 3]}"
        rs.append(R("aws_docdb_cluster_instance", "this", {
            "apply_immediately": None,
            "arn": arn(env, "rds", f"db:{ident}-{i}"),
            "auto_minor_version_upgrade": True,
            "availability_zone": az,
            "ca_cert_identifier": "rds-ca-rsa2048-g1",
            "cluster_identifier": ident,
            "copy_tags_to_snapshot": True,
            "db_subnet_group_name": f"{ident}-subnets",
            "dbi_resource_id": "db-" + alnum(env["seed"] + f"dbi{i}", 26, upper=True, lower=False),
            "enable_performance_insights": True,
            "endpoint": f"{ident}-{i}.{host_id}.{REGION}.docdb.amazonaws.com",
            "engine": "docdb",
            "engine_version": "5.0.0",
            "id": f"{ident}-{i}",
            "identifier": f"{ident}-{i}",
            "identifier_prefix": "",
            "instance_class": klass,
            "kms_key_id": kms_arn(env, "docdb"),
            "performance_insights_kms_key_id": kms_arn(env, "pi"),
            "port": 27017,
            "preferred_backup_window": "01:30-02:30",
            "preferred_maintenance_window": ["sun:04:30-sun:05:00", "mon:04:30-mon:05:00", "tue:04:30-tue:05:00", "wed:04:30-wed:05:00"][i % 4],
            "promotion_tier": 0 if i == 0 else 1,
            "publicly_accessible": False,
            "storage_encrypted": True,
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "writer": i == 0,
        }, index=i))
    return rs


def cases():
    stg = dict(STG, tok="staging")
    prd = dict(PRD, tok="production")
    before_s = docdb(stg, "db.r6g.large", 2)
    before_p = docdb(prd, "db.r6g.xlarge", 4)
    write_case(
        "aws", "docdb-catalog-plan",
        "A DocumentDB 5.0 cluster (TLS and audit logs on, secrets managed by RDS) with one instance per count "
        "index, shown as a no-op plan of each environment. Production runs four db.r6g.xlarge instances, "
        "staging two db.r6g.large; endpoints, resource ids and the maintenance windows of extra instances are "
        "each cluster's own.",
        SRC + "`terraform show -json` of plans by Terraform 1.9.8 (format_version 1.2).",
        0.5, [],
        show_plan(before_s, before_s, "1.2", "1.9.8", timestamp="2025-03-11T09:14:22Z", region=REGION),
        show_plan(before_p, before_p, "1.2", "1.9.8", timestamp="2025-03-11T09:16:05Z", region=REGION),
    )
    stg2 = dict(STG, tok="stage", seed="stg-ddb")
    prd2 = dict(PRD, tok="prod", seed="prd-ddb")
    drift = {"tls": "disabled", "audit": "disabled", "exports": ["profiler"], "retention": 1}
    write_case(
        "aws", "docdb-tls-audit-retention",
        "The DocumentDB cluster of aws/docdb-catalog-plan as Terraform 1.0 showed it (format_version 0.2, "
        "provider v3 without managed master secrets): staging's parameter group turns TLS and audit logs off "
        "and the cluster no longer exports audit logs, and keeps backups one day instead of fourteen.",
        SRC + "`terraform show -json` of a state by Terraform 1.0.11 (format_version 0.2).",
        0.5,
        [
            L("config_drift", "aws_docdb_cluster_parameter_group.this", "parameter", "Staging's cluster parameter tls is disabled, so clients connect without TLS; production enables it.", prefix=True),
            L("config_drift", "aws_docdb_cluster_parameter_group.this", "parameter", "Staging's cluster parameter audit_logs is disabled; production enables it.", prefix=True),
            L("config_drift", "aws_docdb_cluster.this", "enabled_cloudwatch_logs_exports", "Staging exports only the profiler log, production also the audit log.", prefix=True),
            L("config_drift", "aws_docdb_cluster.this", "backup_retention_period", "Staging keeps backups 1 day, production 14."),
        ],
        show_state(docdb(stg2, "db.r5.large", 1, drift, v3=True), "0.2", "1.0.11"),
        show_state(docdb(prd2, "db.r5.xlarge", 2, v3=True), "0.2", "1.0.11"),
    )


if __name__ == "__main__":
    cases()
