from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_transfer_server (VPC endpoint, structured logging, "
       "security policies), aws_transfer_user (logical home directories, session policy) and "
       "aws_transfer_ssh_key; ")

PARTNER_KEYS = {
    "acme-logistics": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFh2Jr0bPqk4cW9bq8o7kF0dZ2v3r1yq0bN3sQmWc2Lx sftp@acme-logistics",
    "northwind": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDKx7T1m2yq9Xl4cV0sJ8Fz3H2Wq1p6Rr0tYb5nA9vE4kL8uQ3gZ7sD1fP0hN6jB2mC5xR9aT4wK3eV8yU1oI7pL2qS6dF0gH5jK9zX3cV7bN1mQ4wE8rT2yU6iO0pA3sD5fG7hJ9kL1zX4cV6bN8mQ2wE0rT5yU3iO7pA9sD1fG3hJ5kL7zX0cV2bN4mQ6wE8rT0yU2iO4pA6sD8fG0hJ2kL4zX6cV8bN0mQ2wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mQ8wE0rT2yU4iO6pA8sD0fG2hJ4kL6zX8= edi@northwind",
}


def session_policy(drift):
    actions = ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectACL", "s3:PutObjectACL"]
    if drift:
        actions = actions + ["s3:DeleteObject"]
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AllowListingOfUserFolder", "Effect": "Allow", "Action": ["s3:ListBucket"],
             "Resource": "arn:aws:s3:::${transfer:HomeBucket}",
             "Condition": {"StringLike": {"s3:prefix": ["${transfer:HomeFolder}/*", "${transfer:HomeFolder}"]}}},
            {"Sid": "HomeDirObjectAccess", "Effect": "Allow", "Action": actions,
             "Resource": "arn:aws:s3:::${transfer:HomeDirectory}/*"},
        ],
    }, indent=2)


def sftp(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    t, ta = tag_pair(env, "partner-sftp")
    sid = "s-" + hx(env["seed"] + "srv", 17)
    rs = [
        R("aws_transfer_server", "sftp", {
            "arn": arn(env, "transfer", f"server/{sid}"),
            "certificate": "",
            "directory_id": "",
            "domain": "S3",
            "endpoint": f"{sid}.server.transfer.{REGION}.amazonaws.com",
            "endpoint_details": [{
                "address_allocation_ids": ["eipalloc-0" + hx(env["seed"] + f"eip{i}", 16) for i in range(2)],
                "security_group_ids": [sg(env, "sftp")],
                "subnet_ids": [subnet(env, f"pub{i}") for i in range(2)],
                "vpc_endpoint_id": "vpce-0" + hx(env["seed"] + "vpce", 16),
                "vpc_id": vpc(env),
            }],
            "endpoint_type": "VPC",
            "force_destroy": False,
            "function": "",
            "host_key": None,
            "host_key_fingerprint": "SHA256:" + base64.b64encode(bytes.fromhex(hx(env["seed"] + "hk", 64))).decode().rstrip("="),
            "id": sid,
            "identity_provider_type": "SERVICE_MANAGED",
            "invocation_role": "",
            "logging_role": role_arn(env, f"transfer-logging-{e}"),
            "post_authentication_login_banner": "",
            "pre_authentication_login_banner": "Authorized use only. Activity is logged.",
            "protocol_details": [{"as2_transports": [], "passive_ip": "", "set_stat_option": "ENABLE_NO_OP", "tls_session_resumption_mode": "ENFORCED"}],
            "protocols": ["SFTP"],
            "s3_storage_options": [{"directory_listing_optimization": "ENABLED"}],
            "security_policy_name": drift.get("policy", "TransferSecurityPolicy-2024-01"),
            "sftp_authentication_methods": "PUBLIC_KEY",
            "structured_log_destinations": drift.get("logs", [arn(env, "logs", f"log-group:/aws/transfer/partners-{e}:*")]),
            "tags": t, "tags_all": ta,
            "url": "",
            "workflow_details": [],
        }, sensitive=["host_key"]),
    ]
    for p, key in PARTNER_KEYS.items():
        keyid = "key-" + hx(env["seed"] + p + "k", 17)
        rs.append(R("aws_transfer_user", "partner", {
            "arn": arn(env, "transfer", f"user/{sid}/{p}"),
            "home_directory": "",
            "home_directory_mappings": [{"entry": "/", "target": f"/acme-partner-files-{e}/{p}"}],
            "home_directory_type": "LOGICAL",
            "id": f"{sid}/{p}",
            "policy": session_policy(drift.get("delete") == p),
            "posix_profile": [],
            "role": role_arn(env, f"transfer-partner-{e}"),
            "server_id": sid,
            "tags": dict(t, Partner=p), "tags_all": dict(ta, Partner=p),
            "timeouts": None,
            "user_name": p,
        }, index=p))
        rs.append(R("aws_transfer_ssh_key", "partner", {
            "body": key,
            "id": f"{sid}/{p}/{keyid}",
            "server_id": sid,
            "ssh_key_id": keyid,
            "user_name": p,
        }, index=p))
    rs.append(R("aws_cloudwatch_log_group", "transfer", {
        "arn": arn(env, "logs", f"log-group:/aws/transfer/partners-{e}"),
        "id": f"/aws/transfer/partners-{e}",
        "kms_key_id": "",
        "log_group_class": "STANDARD",
        "name": f"/aws/transfer/partners-{e}",
        "name_prefix": "",
        "retention_in_days": 365,
        "skip_destroy": False,
        "tags": t, "tags_all": ta,
    }))
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="tr-s")
    prd = dict(PRD, tok="production", seed="tr-p")
    drift = {"policy": "TransferSecurityPolicy-2018-11", "logs": [], "delete": "northwind"}
    write_case(
        "aws", "transfer-sftp-partners",
        "A Transfer Family SFTP server in a VPC with two partner users (logical home directories, a session "
        "policy as JSON) and their SSH keys. Staging's server still uses the 2018-11 security policy (SHA-1 MACs "
        "and CBC ciphers), writes no structured logs, and the northwind user's session policy also allows "
        "deleting objects.",
        SRC + "`terraform show -json` of a state by Terraform 1.9.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "aws_transfer_server.sftp", "security_policy_name", "Staging's server accepts the algorithms of TransferSecurityPolicy-2018-11; production requires the 2024-01 policy."),
            L("config_drift", "aws_transfer_server.sftp", "structured_log_destinations", "Staging's server sends no structured logs to CloudWatch; production logs every session.", prefix=True),
            L("config_drift", 'aws_transfer_user.partner["northwind"]', "policy", "Staging's session policy lets northwind delete objects (s3:DeleteObject); production's does not.", prefix=True),
        ],
        show_state(sftp(stg, drift), "1.0", "1.9.5"),
        show_state(sftp(prd), "1.0", "1.9.5"),
    )


if __name__ == "__main__":
    cases()
