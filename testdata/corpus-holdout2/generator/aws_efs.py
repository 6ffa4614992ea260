from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_efs_file_system, aws_efs_mount_target, "
       "aws_efs_access_point, aws_efs_backup_policy and aws_efs_file_system_policy; ")

AZ_IDS = ["euw1-az1", "euw1-az2", "euw1-az3"]


def fs_policy(env, fs_arn, secure=True):
    st = [
        {"Sid": "AppMount", "Effect": "Allow",
         "Principal": {"AWS": role_arn(env, f"media-{env['tok']}-task")},
         "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
         "Resource": fs_arn,
         "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}},
    ]
    if secure:
        st.insert(0, {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": {"AWS": "*"},
                      "Action": "*", "Resource": fs_arn,
                      "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    return cj({"Version": "2012-10-17", "Id": "media-efs-policy", "Statement": st})


def efs(env, throughput, v5=False, drift=None):
    drift = drift or {}
    e = env["tok"]
    t = {"Name": f"media-{e}", "Environment": env["name"], "Application": "media"}
    fsid = "fs-0" + hx(env["seed"] + "fs", 16)
    fs_arn = arn(env, "elasticfilesystem", f"file-system/{fsid}")
    used = num(env["seed"] + "used", 10**9, 9 * 10**11)
    ia = used // num(env["seed"] + "iaf", 3, 9)
    fs = {
        "arn": fs_arn,
        "availability_zone_id": "",
        "availability_zone_name": "",
        "creation_token": "terraform-" + ts(env["seed"] + "ct", 2021, "z").replace("-", "").replace(":", "").replace("T", "").rstrip("Z") + digits(env["seed"] + "ctd", 10),
        "dns_name": f"{fsid}.efs.{REGION}.amazonaws.com",
        "encrypted": True,
        "id": fsid,
        "kms_key_id": kms_arn(env, "efs"),
        "lifecycle_policy": [{"transition_to_ia": "AFTER_30_DAYS"}],
        "number_of_mount_targets": 3,
        "owner_id": env["acct"],
        "performance_mode": "generalPurpose",
        "provisioned_throughput_in_mibps": throughput,
        "size_in_bytes": [{"value": used, "value_in_ia": ia, "value_in_standard": used - ia}],
        "tags": t,
        "tags_all": t,
        "throughput_mode": "provisioned",
    }
    if v5:
        fs.update({
            "lifecycle_policy": [
                {"transition_to_archive": "", "transition_to_ia": "AFTER_30_DAYS", "transition_to_primary_storage_class": ""},
                {"transition_to_archive": "", "transition_to_ia": "", "transition_to_primary_storage_class": "AFTER_1_ACCESS"},
            ],
            "name": f"media-{e}",
            "protection": [{"replication_overwrite": "ENABLED"}],
            "size_in_bytes": [{"value": used, "value_in_archive": 0, "value_in_ia": ia, "value_in_standard": used - ia}],
        })
    rs = [R("aws_efs_file_system", "media", fs)]
    for i in range(3):
        mt = "fsmt-0" + hx(env["seed"] + f"mt{i}", 16)
        az = f"{REGION}{'abc'[i]}"
        rs.append(R("aws_efs_mount_target", "media", {
            "availability_zone_id": AZ_IDS[i],
            "availability_zone_name": az,
            "dns_name": f"{fsid}.efs.{REGION}.amazonaws.com",
            "file_system_arn": fs_arn,
            "file_system_id": fsid,
            "id": mt,
            "ip_address": ip(env["seed"] + f"mtip{i}", f"10.30.{10+i}"),
            **({"ip_address_type": "IPV4_ONLY", "ipv6_address": ""} if v5 else {}),
            "mount_target_dns_name": f"{az}.{fsid}.efs.{REGION}.amazonaws.com",
            "network_interface_id": "eni-0" + hx(env["seed"] + f"eni{i}", 16),
            "owner_id": env["acct"],
            "security_groups": [sg(env, "efs")],
            "subnet_id": subnet(env, f"app{i}"),
            **({"timeouts": None} if v5 else {}),
        }, index=i))
    for ap, uid_, perms in (("uploads", 1000, "0755"), ("thumbnails", 1001, "0750")):
        if drift.get("perm_ap") == ap:
            perms = drift["perm"]
        apid = "fsap-0" + hx(env["seed"] + ap, 16)
        rs.append(R("aws_efs_access_point", "this", {
            "arn": arn(env, "elasticfilesystem", f"access-point/{apid}"),
            "file_system_arn": fs_arn,
            "file_system_id": fsid,
            "id": apid,
            "owner_id": env["acct"],
            "posix_user": [{"gid": uid_, "secondary_gids": [], "uid": uid_}],
            "root_directory": [{"creation_info": [{"owner_gid": uid_, "owner_uid": uid_, "permissions": perms}], "path": f"/{ap}"}],
            "tags": {"Name": f"media-{e}-{ap}"},
            "tags_all": {"Name": f"media-{e}-{ap}"},
        }, index=ap))
    rs.append(R("aws_efs_backup_policy", "media", {
        "backup_policy": [{"status": drift.get("backup", "ENABLED")}],
        "file_system_id": fsid,
        "id": fsid,
    }))
    rs.append(R("aws_efs_file_system_policy", "media", {
        "bypass_policy_lockout_safety_check": False,
        "file_system_id": fsid,
        "id": fsid,
        "policy": fs_policy(env, fs_arn, drift.get("secure", True)),
    }))
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="efs-s")
    prd = dict(PRD, tok="production", seed="efs-p")
    write_case(
        "aws", "efs-media-terraform-0.14",
        "An encrypted EFS file system with provisioned throughput, a mount target per availability zone, two "
        "access points (for_each) with POSIX users, automatic backups and a file system policy (JSON) that "
        "denies unencrypted transport, as the AWS provider v3 wrote them under Terraform 0.14 (format_version "
        "0.1, no sensitive_values). Production provisions 128 MiB/s, staging 64; sizes in bytes, creation tokens "
        "generated by the provider, mount target IPs and interface ids are each file system's own.",
        SRC + "`terraform show -json` of a state by Terraform 0.14.11 (format_version 0.1).",
        0.5, [],
        show_state(efs(stg, 64), "0.1", "0.14.11"),
        show_state(efs(prd, 128), "0.1", "0.14.11"),
    )
    stg2 = dict(STG, tok="stg", seed="efs-s2")
    prd2 = dict(PRD, tok="prod", seed="efs-p2")
    drift = {"secure": False, "backup": "DISABLED", "perm_ap": "uploads", "perm": "0777"}
    write_case(
        "aws", "efs-transport-backup-permissions",
        "The EFS file system of aws/efs-media-terraform-0.14 with AWS provider v5 shapes (two lifecycle "
        "policies, replication protection): staging's file system policy no longer denies unencrypted NFS "
        "transport, its automatic backups are disabled, and its uploads access point creates its root directory "
        "world-writable.",
        SRC + "`terraform show -json` of a state by Terraform 1.6.6 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "aws_efs_file_system_policy.media", "policy", "Staging's policy lacks the statement that denies access when aws:SecureTransport is false; production's denies unencrypted transport.", prefix=True),
            L("config_drift", "aws_efs_backup_policy.media", "backup_policy[0].status", "Staging's automatic backups are DISABLED; production's are ENABLED."),
            L("config_drift", 'aws_efs_access_point.this["uploads"]', "root_directory[0].creation_info[0].permissions", "Staging's uploads root directory is created 0777, production's 0755."),
        ],
        show_state(efs(stg2, 64, True, drift), "1.0", "1.6.6"),
        show_state(efs(prd2, 128, True), "1.0", "1.6.6"),
    )


if __name__ == "__main__":
    cases()
