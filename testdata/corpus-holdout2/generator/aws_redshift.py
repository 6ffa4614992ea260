from awscommon import *

SRC = ("hashicorp/aws provider v5 documentation for aws_redshift_cluster, aws_redshift_parameter_group, "
       "aws_redshift_subnet_group, aws_redshift_logging and the snapshot schedule resources; ")


def redshift(env, nodes, drift=None):
    drift = drift or {}
    e = env["name"]
    ident = f"analytics-{env['tok']}"
    t, ta = tag_pair(env, "analytics")
    subnets = [subnet(env, f"db{i}") for i in range(3)]
    wlm = [
        {"query_group": [], "query_group_wild_card": 0, "user_group": ["etl"], "user_group_wild_card": 0,
         "query_concurrency": 5, "memory_percent_to_use": 40, "auto_wlm": False},
        {"query_group": ["dashboards"], "user_group": [], "query_concurrency": 10, "memory_percent_to_use": 35},
        {"short_query_queue": True},
    ]
    params = [
        {"name": "enable_user_activity_logging", "value": "true"},
        {"name": "require_ssl", "value": drift.get("require_ssl", "true")},
        {"name": "max_concurrency_scaling_clusters", "value": "1"},
        {"name": "statement_timeout", "value": "1800000"},
        {"name": "wlm_json_configuration", "value": cj(wlm)},
    ]
    nodes_list = [{"node_role": "LEADER", "private_ip_address": ip(env["seed"] + "leader", "10.40.12"), "public_ip_address": ""}]
    for i in range(nodes):
        nodes_list.append({"node_role": f"COMPUTE-{i}", "private_ip_address": ip(env["seed"] + f"c{i}", "10.40.12"), "public_ip_address": ""})
    host = f"{ident}.c{alnum(env['seed']+'rshost', 10)}.{REGION}.redshift.amazonaws.com"
    cluster = {
        "allow_version_upgrade": True,
        "apply_immediately": False,
        "aqua_configuration_status": "auto",
        "arn": arn(env, "redshift", f"cluster:{ident}"),
        "automated_snapshot_retention_period": drift.get("retention", 7),
        "availability_zone": f"{REGION}a",
        "availability_zone_relocation_enabled": True,
        "cluster_identifier": ident,
        "cluster_namespace_arn": arn(env, "redshift", "namespace:" + uid(env["seed"] + "ns")),
        "cluster_nodes": nodes_list,
        "cluster_parameter_group_name": f"{ident}-params",
        "cluster_public_key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC" + alnum(env["seed"] + "pk", 60, upper=True) + " Amazon-Redshift\n",
        "cluster_revision_number": "74821",
        "cluster_subnet_group_name": f"{ident}-subnets",
        "cluster_type": "multi-node",
        "cluster_version": "1.0",
        "database_name": "analytics",
        "default_iam_role_arn": role_arn(env, f"{ident}-redshift"),
        "dns_name": host,
        "elastic_ip": None,
        "encrypted": drift.get("encrypted", True),
        "endpoint": host + ":5439",
        "enhanced_vpc_routing": True,
        "final_snapshot_identifier": f"{ident}-final",
        "iam_roles": [role_arn(env, f"{ident}-redshift"), role_arn(env, f"{ident}-spectrum")],
        "id": ident,
        "kms_key_id": kms_arn(env, "redshift") if drift.get("encrypted", True) else "",
        "logging": [],
        "maintenance_track_name": "current",
        "manage_master_password": True,
        "manual_snapshot_retention_period": -1,
        "master_password": None,
        "master_password_secret_arn": arn(env, "secretsmanager", f"secret:redshift!{ident}-awsuser-{alnum(env['seed']+'sec', 6, upper=True)}"),
        "master_password_secret_kms_key_id": kms_arn(env, "secrets"),
        "master_password_wo": None,
        "master_password_wo_version": None,
        "master_username": "awsuser",
        "multi_az": False,
        "node_type": "ra3.large",
        "number_of_nodes": nodes,
        "owner_account": None,
        "port": 5439,
        "preferred_maintenance_window": "sun:02:00-sun:02:30",
        "publicly_accessible": drift.get("public", False),
        "skip_final_snapshot": False,
        "snapshot_arn": None,
        "snapshot_cluster_identifier": None,
        "snapshot_copy": [],
        "snapshot_identifier": None,
        "tags": t,
        "tags_all": ta,
        "timeouts": None,
        "vpc_security_group_ids": [sg(env, "redshift")],
    }
    rs = [
        R("aws_redshift_subnet_group", "this", {
            "arn": arn(env, "redshift", f"subnetgroup:{ident}-subnets"),
            "description": "Redshift subnets of the analytics cluster",
            "id": f"{ident}-subnets",
            "name": f"{ident}-subnets",
            "subnet_ids": subnets,
            "tags": t, "tags_all": ta,
        }),
        R("aws_redshift_parameter_group", "this", {
            "arn": arn(env, "redshift", f"parametergroup:{ident}-params"),
            "description": "Managed by Terraform",
            "family": "redshift-1.0",
            "id": f"{ident}-params",
            "name": f"{ident}-params",
            "parameter": params,
            "tags": t, "tags_all": ta,
        }),
        R("aws_redshift_cluster", "this", cluster, sensitive=["master_password", "master_password_wo"]),
        R("aws_redshift_logging", "this", {
            "bucket_name": None,
            "cluster_identifier": ident,
            "id": ident,
            "log_destination_type": "cloudwatch",
            "log_exports": drift.get("log_exports", ["connectionlog", "useractivitylog", "userlog"]),
            "s3_key_prefix": None,
        }),
        R("aws_redshift_snapshot_schedule", "daily", {
            "arn": arn(env, "redshift", f"snapshotschedule:{ident}-snapshots"),
            "definitions": ["rate(12 hours)"],
            "description": "Twice-daily snapshots of the analytics warehouse",
            "force_destroy": False,
            "id": f"{ident}-snapshots",
            "identifier": f"{ident}-snapshots",
            "identifier_prefix": "",
            "tags": t, "tags_all": ta,
        }),
        R("aws_redshift_snapshot_schedule_association", "daily", {
            "cluster_identifier": ident,
            "id": f"{ident}/{ident}-snapshots",
            "schedule_identifier": f"{ident}-snapshots",
        }),
        R("aws_redshift_usage_limit", "concurrency", {
            "amount": 60,
            "arn": arn(env, "redshift", f"usagelimit:{ident}/" + "lmt-" + alnum(env["seed"] + "ul", 16)),
            "breach_action": "emit-metric",
            "cluster_identifier": ident,
            "feature_type": "concurrency-scaling",
            "id": "lmt-" + alnum(env["seed"] + "ul", 16),
            "limit_type": "time",
            "period": "daily",
            "tags": {}, "tags_all": {"CostCenter": "cc-4410", "Terraform": "true"},
        }),
    ]
    return rs


def cases():
    stg = dict(STG, tok="staging")
    prd = dict(PRD, tok="production")
    write_case(
        "aws", "redshift-analytics",
        "A provisioned Redshift RA3 warehouse with its subnet and parameter groups (WLM queues as JSON), "
        "CloudWatch audit logging, a snapshot schedule and a concurrency-scaling usage limit. Production runs "
        "four ra3.large nodes, staging two (ra3.large is the smallest RA3 node type, so the node type stays); the cluster_nodes list (one leader plus one entry per compute "
        "node, with private IPs) follows from that.",
        SRC + "`terraform show -json` of a state written by Terraform 1.6.6 (format_version 1.0).",
        0.5, [],
        show_state(redshift(stg, 2), "1.0", "1.6.6"),
        show_state(redshift(prd, 4), "1.0", "1.6.6"),
    )
    stg2 = dict(STG, tok="stg", seed="stg2", acct="551029384716")
    prd2 = dict(PRD, tok="prod", seed="prd2", acct="662190473825")
    drift = {"require_ssl": "false", "public": True, "retention": 1, "log_exports": ["connectionlog", "userlog"]}
    write_case(
        "aws", "redshift-ssl-public-audit",
        "The Redshift warehouse of aws/redshift-analytics as raw states: staging's parameter group no longer "
        "requires SSL, its cluster is publicly accessible, keeps automated snapshots one day instead of seven, "
        "and its audit logging no longer exports the user activity log.",
        SRC + "raw state (version 4) written by Terraform 1.5.7.",
        0.5,
        [
            L("config_drift", "aws_redshift_parameter_group.this", "parameter", "Staging sets require_ssl to false, so clients may connect to the warehouse without TLS; production requires it.", prefix=True),
            L("config_drift", "aws_redshift_cluster.this", "publicly_accessible", "Staging's cluster is publicly accessible; production's is not."),
            L("config_drift", "aws_redshift_cluster.this", "automated_snapshot_retention_period", "Staging keeps automated snapshots for 1 day, production for 7."),
            L("config_drift", "aws_redshift_logging.this", "log_exports", "Staging's audit logging drops the useractivitylog export that production keeps.", prefix=True),
        ],
        raw_state(redshift(stg2, 2, drift), "1.5.7", 41, "rs-stg"),
        raw_state(redshift(prd2, 4), "1.5.7", 63, "rs-prd"),
        ext="tfstate",
    )


if __name__ == "__main__":
    cases()
