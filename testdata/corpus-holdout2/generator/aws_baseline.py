from awscommon import *

SRC = ("hashicorp/aws provider v5 documentation for the GuardDuty, Security Hub, AWS Config, CloudTrail, "
       "IAM account, EBS default encryption, S3 account public access block, Macie, Inspector, SSM patch "
       "baseline, CloudWatch dashboard, Route 53 and ACM resources; module layout of a landing-zone account "
       "baseline; ")

FEATURES = {
    "S3_DATA_EVENTS": [],
    "EKS_AUDIT_LOGS": [],
    "EBS_MALWARE_PROTECTION": [],
    "RDS_LOGIN_EVENTS": [],
    "LAMBDA_NETWORK_LOGS": [],
    "RUNTIME_MONITORING": ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"],
}

RULES = {
    "s3-bucket-public-read-prohibited": ("S3_BUCKET_PUBLIC_READ_PROHIBITED", "", ["AWS::S3::Bucket"]),
    "s3-bucket-ssl-requests-only": ("S3_BUCKET_SSL_REQUESTS_ONLY", "", ["AWS::S3::Bucket"]),
    "encrypted-volumes": ("ENCRYPTED_VOLUMES", "", ["AWS::EC2::Volume"]),
    "rds-storage-encrypted": ("RDS_STORAGE_ENCRYPTED", "", ["AWS::RDS::DBInstance"]),
    "rds-instance-deletion-protection-enabled": ("RDS_INSTANCE_DELETION_PROTECTION_ENABLED", "", ["AWS::RDS::DBInstance"]),
    "root-account-mfa-enabled": ("ROOT_ACCOUNT_MFA_ENABLED", "", None),
    "iam-password-policy": ("IAM_PASSWORD_POLICY", pj({"MinimumPasswordLength": "14", "PasswordReusePrevention": "24", "RequireLowercaseCharacters": "true", "RequireNumbers": "true", "RequireSymbols": "true", "RequireUppercaseCharacters": "true"}), None),
    "access-keys-rotated": ("ACCESS_KEYS_ROTATED", pj({"maxAccessKeyAge": "90"}), None),
    "cloudtrail-enabled": ("CLOUD_TRAIL_ENABLED", "", None),
    "vpc-flow-logs-enabled": ("VPC_FLOW_LOGS_ENABLED", pj({"trafficType": "ALL"}), None),
    "restricted-ssh": ("INCOMING_SSH_DISABLED", "", ["AWS::EC2::SecurityGroup"]),
    "ec2-imdsv2-check": ("EC2_IMDSV2_CHECK", "", ["AWS::EC2::Instance"]),
    "guardduty-enabled-centralized": ("GUARDDUTY_ENABLED_CENTRALIZED", "", None),
    "dynamodb-pitr-enabled": ("DYNAMODB_PITR_ENABLED", "", ["AWS::DynamoDB::Table"]),
    "eks-cluster-logging-enabled": ("EKS_CLUSTER_LOG_ENABLED", pj({"logTypes": "api,audit,authenticator"}), ["AWS::EKS::Cluster"]),
    "ecr-private-image-scanning-enabled": ("ECR_PRIVATE_IMAGE_SCANNING_ENABLED", "", ["AWS::ECR::Repository"]),
}

DISABLED_CONTROLS = {
    "CloudTrail.5": "Trails are delivered to the organization's central log archive, not to CloudWatch Logs.",
    "EC2.10": "Interface endpoints for EC2 are not used; workloads call EC2 through the NAT egress.",
    "IAM.6": "The root user has a hardware MFA device held by the security team.",
    "S3.11": "Event notifications are not used for buckets of this account.",
}

CONFORMANCE = """Parameters:
  MaxAccessKeyAge:
    Default: '90'
    Type: String
Resources:
  IamUserUnusedCredentials:
    Properties:
      ConfigRuleName: iam-user-unused-credentials-check
      InputParameters:
        maxCredentialUsageAge: '90'
      Source:
        Owner: AWS
        SourceIdentifier: IAM_USER_UNUSED_CREDENTIALS_CHECK
    Type: AWS::Config::ConfigRule
  MfaEnabledForIamConsoleAccess:
    Properties:
      ConfigRuleName: mfa-enabled-for-iam-console-access
      Source:
        Owner: AWS
        SourceIdentifier: MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS
    Type: AWS::Config::ConfigRule
"""


def baseline(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    acct = env["acct"]
    domain = f"{e}.acme-corp.net"
    t, ta = tag_pair(env, "account-baseline", default={"Terraform": "true", "Owner": "platform-security"})
    det = hx(env["seed"] + "det", 32)
    rs = []
    gd = "module.guardduty"
    rs.append(R("aws_guardduty_detector", "this", {
        "account_id": acct,
        "arn": arn(env, "guardduty", f"detector/{det}"),
        "datasources": [{"kubernetes": [{"audit_logs": [{"enable": True}]}], "malware_protection": [{"scan_ec2_instance_with_findings": [{"ebs_volumes": [{"enable": True}]}]}], "s3_logs": [{"enable": True}]}],
        "enable": True,
        "finding_publishing_frequency": "FIFTEEN_MINUTES",
        "id": det,
        "tags": t, "tags_all": ta,
    }, module=gd))
    for f, addl in FEATURES.items():
        status = "DISABLED" if drift.get("feature_off") == f else "ENABLED"
        rs.append(R("aws_guardduty_detector_feature", "this", {
            "additional_configuration": [{"name": a, "status": "ENABLED"} for a in addl],
            "detector_id": det,
            "id": f"{det}/{f}",
            "name": f,
            "status": status,
        }, module=gd, index=f))
    rs.append(R("aws_guardduty_publishing_destination", "s3", {
        "destination_arn": f"arn:aws:s3:::acme-guardduty-findings-{acct}",
        "destination_type": "S3",
        "detector_id": det,
        "id": f"{det}:{hx(env['seed']+'pd', 32)}",
        "kms_key_arn": kms_arn(env, "findings"),
    }, module=gd))
    for fname, rank, crit in (("known-scanners", 1, {"type": ["Recon:EC2/PortProbeUnprotectedPort"], "resource.instanceDetails.tags.value": ["bastion"]}),
                              ("low-severity-ssm", 2, {"severity": None, "type": ["Policy:IAMUser/RootCredentialUsage"]})):
        criterion = []
        for field, vals in crit.items():
            if vals is None:
                criterion.append({"equals": [], "field": "severity", "greater_than": "", "greater_than_or_equal": "", "less_than": "4", "less_than_or_equal": "", "not_equals": []})
            else:
                criterion.append({"equals": vals, "field": field, "greater_than": "", "greater_than_or_equal": "", "less_than": "", "less_than_or_equal": "", "not_equals": []})
        rs.append(R("aws_guardduty_filter", fname.replace("-", "_"), {
            "action": "ARCHIVE",
            "arn": arn(env, "guardduty", f"detector/{det}/filter/{fname}"),
            "description": "Archive findings the security team has triaged as expected",
            "detector_id": det,
            "finding_criteria": [{"criterion": criterion}],
            "id": f"{det}_{fname}",
            "name": fname,
            "rank": rank,
            "tags": t, "tags_all": ta,
        }, module=gd))

    sh = "module.securityhub"
    rs.append(R("aws_securityhub_account", "this", {
        "arn": arn(env, "securityhub", "hub/default"),
        "auto_enable_controls": True,
        "control_finding_generator": "SECURITY_CONTROL",
        "enable_default_standards": False,
        "id": acct,
    }, module=sh))
    for k, std in (("aws-foundational", "aws-foundational-security-best-practices/v/1.0.0"), ("cis", "cis-aws-foundations-benchmark/v/3.0.0")):
        rs.append(R("aws_securityhub_standards_subscription", "this", {
            "id": arn(env, "securityhub", f"subscription/{std}"),
            "standards_arn": f"arn:aws:securityhub:{REGION}::standards/{std}",
        }, module=sh, index=k))
    for ctl, reason in DISABLED_CONTROLS.items():
        rs.append(R("aws_securityhub_standards_control", "disabled", {
            "control_id": ctl,
            "control_status": "DISABLED",
            "control_status_updated_at": ts(env["seed"] + ctl, 2024),
            "description": f"Control {ctl} of the AWS Foundational Security Best Practices standard.",
            "disabled_reason": reason,
            "id": arn(env, "securityhub", f"control/aws-foundational-security-best-practices/v/1.0.0/{ctl}"),
            "related_requirements": [],
            "remediation_url": f"https://docs.aws.amazon.com/console/securityhub/{ctl}/remediation",
            "severity_rating": "MEDIUM",
            "standards_control_arn": arn(env, "securityhub", f"control/aws-foundational-security-best-practices/v/1.0.0/{ctl}"),
            "title": f"Security Hub control {ctl}",
        }, module=sh, index=ctl))

    cf = "module.config"
    rs.append(R("aws_config_configuration_recorder", "this", {
        "id": "default",
        "name": "default",
        "recording_group": [{"all_supported": True, "exclusion_by_resource_types": [], "include_global_resource_types": REGION == "eu-west-1", "recording_strategy": [{"use_only": "ALL_SUPPORTED_RESOURCE_TYPES"}], "resource_types": []}],
        "recording_mode": [{"recording_frequency": "CONTINUOUS", "recording_mode_override": []}],
        "role_arn": f"arn:aws:iam::{acct}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    }, module=cf))
    rs.append(R("aws_config_configuration_recorder_status", "this", {"id": "default", "is_enabled": True, "name": "default"}, module=cf))
    rs.append(R("aws_config_delivery_channel", "this", {
        "id": "default",
        "name": "default",
        "s3_bucket_name": f"acme-config-history-{acct}",
        "s3_key_prefix": "",
        "s3_kms_key_arn": kms_arn(env, "config"),
        "snapshot_delivery_properties": [{"delivery_frequency": "TwentyFour_Hours"}],
        "sns_topic_arn": "",
    }, module=cf))
    for name, (ident, params, scope) in RULES.items():
        if name in drift.get("rules_removed", []):
            continue
        rs.append(R("aws_config_config_rule", "managed", {
            "arn": arn(env, "config", f"config-rule/config-rule-{alnum(env['seed']+name, 6)}"),
            "description": "",
            "evaluation_mode": [{"mode": "DETECTIVE"}],
            "id": name,
            "input_parameters": params,
            "maximum_execution_frequency": "TwentyFour_Hours" if scope is None else "",
            "name": name,
            "rule_id": f"config-rule-{alnum(env['seed']+name, 6)}",
            "scope": [] if scope is None else [{"compliance_resource_id": "", "compliance_resource_types": scope, "tag_key": "", "tag_value": ""}],
            "source": [{"custom_policy_details": [], "owner": "AWS", "source_detail": [], "source_identifier": ident}],
            "tags": t, "tags_all": ta,
        }, module=cf, index=name))
    rs.append(R("aws_config_conformance_pack", "iam", {
        "arn": arn(env, "config", f"conformance-pack/iam-hygiene/conformance-pack-{alnum(env['seed']+'cp', 9)}"),
        "delivery_s3_bucket": "",
        "delivery_s3_key_prefix": "",
        "id": "iam-hygiene",
        "input_parameter": [{"parameter_name": "MaxAccessKeyAge", "parameter_value": "90"}],
        "name": "iam-hygiene",
        "template_body": CONFORMANCE,
        "template_s3_uri": "",
    }, module=cf))

    ct = "module.cloudtrail"
    trail = f"acme-{e}-trail"
    rs.append(R("aws_cloudtrail", "this", {
        "advanced_event_selector": [],
        "arn": arn(env, "cloudtrail", f"trail/{trail}"),
        "cloud_watch_logs_group_arn": arn(env, "logs", f"log-group:/aws/cloudtrail/{trail}:*"),
        "cloud_watch_logs_role_arn": role_arn(env, f"{trail}-cloudwatch"),
        "enable_log_file_validation": drift.get("log_validation", True),
        "enable_logging": True,
        "event_selector": [{"data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}], "exclude_management_event_sources": [], "include_management_events": True, "read_write_type": "All"}],
        "home_region": REGION,
        "id": arn(env, "cloudtrail", f"trail/{trail}"),
        "include_global_service_events": True,
        "insight_selector": [{"insight_type": "ApiCallRateInsight"}, {"insight_type": "ApiErrorRateInsight"}],
        "is_multi_region_trail": True,
        "is_organization_trail": False,
        "kms_key_id": kms_arn(env, "cloudtrail"),
        "name": trail,
        "s3_bucket_name": f"acme-cloudtrail-{acct}",
        "s3_key_prefix": "",
        "sns_topic_arn": "",
        "sns_topic_name": "",
        "tags": t, "tags_all": ta,
    }, module=ct))

    ib = "module.iam_baseline"
    rs += [
        R("aws_iam_account_password_policy", "strict", {
            "allow_users_to_change_password": True,
            "expire_passwords": False,
            "hard_expiry": False,
            "id": "iam-account-password-policy",
            "max_password_age": 0,
            "minimum_password_length": drift.get("min_password", 14),
            "password_reuse_prevention": 24,
            "require_lowercase_characters": True,
            "require_numbers": True,
            "require_symbols": True,
            "require_uppercase_characters": True,
        }, module=ib),
        R("aws_iam_account_alias", "this", {"account_alias": f"acme-{e}", "id": f"acme-{e}"}, module=ib),
        R("aws_accessanalyzer_analyzer", "account", {
            "analyzer_name": "account-analyzer",
            "arn": arn(env, "access-analyzer", "analyzer/account-analyzer"),
            "configuration": [],
            "id": "account-analyzer",
            "tags": t, "tags_all": ta,
            "type": "ACCOUNT",
        }, module=ib),
        R("aws_ebs_encryption_by_default", "this", {"enabled": True, "id": "terraform-" + digits(env["seed"] + "ebsid", 26)}, module=ib),
        R("aws_ebs_default_kms_key", "this", {"id": kms_arn(env, "ebs"), "key_arn": kms_arn(env, "ebs")}, module=ib),
        R("aws_s3_account_public_access_block", "this", {
            "account_id": acct, "block_public_acls": True, "block_public_policy": True, "id": acct,
            "ignore_public_acls": True, "restrict_public_buckets": True,
        }, module=ib),
        R("aws_macie2_account", "this", {
            "created_at": ts(env["seed"] + "macie", 2023),
            "finding_publishing_frequency": "SIX_HOURS",
            "id": acct,
            "service_role": f"arn:aws:iam::{acct}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie",
            "status": "ENABLED",
            "updated_at": ts(env["seed"] + "macieu", 2024),
        }, module=ib),
        R("aws_inspector2_enabler", "this", {
            "account_ids": [acct],
            "id": f"{acct}-EC2:ECR:LAMBDA",
            "resource_types": ["EC2", "ECR", "LAMBDA"],
            "timeouts": None,
        }, module=ib),
        R("aws_ssm_patch_baseline", "al2023", {
            "approval_rule": [{"approve_after_days": 7, "approve_until_date": "", "compliance_level": "CRITICAL", "enable_non_security": False,
                               "patch_filter": [{"key": "CLASSIFICATION", "values": ["Security", "Bugfix"]}, {"key": "SEVERITY", "values": ["Critical", "Important"]}]}],
            "approved_patches": [],
            "approved_patches_compliance_level": "UNSPECIFIED",
            "approved_patches_enable_non_security": False,
            "arn": arn(env, "ssm", "patchbaseline/pb-0" + hx(env["seed"] + "pb", 16)),
            "available_security_updates_compliance_status": "",
            "description": "Security and bug fixes seven days after release",
            "global_filter": [],
            "id": "pb-0" + hx(env["seed"] + "pb", 16),
            "json": pj({"ApprovalRules": {"PatchRules": [{"ApproveAfterDays": 7, "ComplianceLevel": "CRITICAL", "EnableNonSecurity": False, "PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Security", "Bugfix"]}, {"Key": "SEVERITY", "Values": ["Critical", "Important"]}]}}]}, "ApprovedPatches": [], "ApprovedPatchesComplianceLevel": "UNSPECIFIED", "ApprovedPatchesEnableNonSecurity": False, "GlobalFilters": {"PatchFilters": []}, "OperatingSystem": "AMAZON_LINUX_2023", "RejectedPatches": [], "RejectedPatchesAction": "ALLOW_AS_DEPENDENCY", "Sources": []}),
            "name": f"al2023-{e}",
            "operating_system": "AMAZON_LINUX_2023",
            "rejected_patches": [],
            "rejected_patches_action": "ALLOW_AS_DEPENDENCY",
            "source": [],
            "tags": t, "tags_all": ta,
        }, module=ib),
    ]

    dn = "module.dns"
    zone_id = "Z0" + alnum(env["seed"] + "pz", 19, upper=True, lower=False)
    ns = [f"ns-{num(env['seed']+f'n{i}', 1, 2047)}.awsdns-{num(env['seed']+f'nd{i}', 10, 63)}.{tld}." for i, tld in enumerate(["com", "net", "org", "co.uk"])]
    rs.append(R("aws_route53_zone", "public", {
        "arn": f"arn:aws:route53:::hostedzone/{zone_id}",
        "comment": "Managed by Terraform",
        "delegation_set_id": "",
        "force_destroy": False,
        "id": zone_id,
        "name": domain,
        "name_servers": ns,
        "primary_name_server": ns[0].rstrip("."),
        "tags": t, "tags_all": ta,
        "vpc": [],
    }, module=dn))
    rs.append(R("aws_route53_query_log", "public", {
        "arn": arn(env, "route53", f"queryloggingconfig/{uid(env['seed']+'ql')}", region="", acct=""),
        "cloudwatch_log_group_arn": arn(env, "logs", f"log-group:/aws/route53/{domain}", region="us-east-1"),
        "id": uid(env["seed"] + "ql"),
        "zone_id": zone_id,
    }, module=dn))
    rs.append(R("aws_cloudwatch_log_resource_policy", "route53", {
        "id": "route53-query-logging",
        "policy_document": cj({"Version": "2012-10-17", "Statement": [{"Sid": "Route53LogsToCloudWatchLogs", "Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": f"arn:aws:logs:us-east-1:{acct}:log-group:/aws/route53/*"}]}),
        "policy_name": "route53-query-logging",
    }, module=dn))
    cert_arn = arn(env, "acm", f"certificate/{uid(env['seed']+'cert')}")
    vname = f"_{hx(env['seed']+'v', 32)}.{domain}."
    vval = f"_{hx(env['seed']+'vv', 32)}.{alnum(env['seed']+'vvv', 10)}.acm-validations.aws."
    rs.append(R("aws_acm_certificate", "wildcard", {
        "arn": cert_arn,
        "certificate_authority_arn": "",
        "certificate_body": None,
        "certificate_chain": None,
        "domain_name": domain,
        "domain_validation_options": [
            {"domain_name": f"*.{domain}", "resource_record_name": vname, "resource_record_type": "CNAME", "resource_record_value": vval},
            {"domain_name": domain, "resource_record_name": vname, "resource_record_type": "CNAME", "resource_record_value": vval},
        ],
        "early_renewal_duration": "",
        "id": cert_arn,
        "key_algorithm": "RSA_2048",
        "not_after": ts(env["seed"] + "na", 2025),
        "not_before": ts(env["seed"] + "nb", 2024),
        "options": [{"certificate_transparency_logging_preference": "ENABLED"}],
        "pending_renewal": False,
        "private_key": None,
        "renewal_eligibility": "ELIGIBLE",
        "renewal_summary": [],
        "status": "ISSUED",
        "subject_alternative_names": [f"*.{domain}", domain],
        "tags": t, "tags_all": ta,
        "type": "AMAZON_ISSUED",
        "validation_emails": [],
        "validation_method": "DNS",
        "validation_option": [],
    }, module=dn, sensitive=["private_key"]))
    for key in (f"*.{domain}", domain):
        rs.append(R("aws_route53_record", "validation", {
            "alias": [], "allow_overwrite": True, "cidr_routing_policy": [], "failover_routing_policy": [],
            "fqdn": vname.rstrip("."), "geolocation_routing_policy": [], "geoproximity_routing_policy": [],
            "health_check_id": "", "id": f"{zone_id}_{vname}_CNAME", "latency_routing_policy": [],
            "multivalue_answer_routing_policy": None, "name": vname, "records": [vval], "set_identifier": "",
            "timeouts": None, "ttl": 60, "type": "CNAME", "weighted_routing_policy": [], "zone_id": zone_id,
        }, module=dn, index=key, schema_version=2))
    rs.append(R("aws_acm_certificate_validation", "wildcard", {
        "certificate_arn": cert_arn,
        "id": ts(env["seed"] + "cv", 2024).replace("T", " ").replace("Z", " +0000 UTC"),
        "timeouts": None,
        "validation_record_fqdns": [vname.rstrip(".")],
    }, module=dn))
    alb_dns = f"dualstack.k8s-ingress-{hx(env['seed']+'alb', 10)}-{digits(env['seed']+'albn', 10)}.{REGION}.elb.amazonaws.com"
    for label, name, type_, records, alias in (
        ("api", f"api.{domain}", "A", None, alb_dns),
        ("app", f"app.{domain}", "A", None, alb_dns),
        ("status", f"status.{domain}", "CNAME", ["acme.statuspage.io"], None),
        ("www", f"www.{domain}", "CNAME", [f"app.{domain}"], None),
        ("caa", domain, "CAA", ['0 iodef "mailto:security@acme-corp.net"', '0 issue "amazon.com"', '0 issuewild "amazon.com"'], None),
        ("mta_sts", f"_mta-sts.{domain}", "TXT", [f"v=STSv1; id={digits(env['seed']+'mta', 14)}"], None),
    ):
        rs.append(R("aws_route53_record", label, {
            "alias": [{"evaluate_target_health": True, "name": alias, "zone_id": "Z32O12XQLNTSW2"}] if alias else [],
            "allow_overwrite": None, "cidr_routing_policy": [], "failover_routing_policy": [],
            "fqdn": name, "geolocation_routing_policy": [], "geoproximity_routing_policy": [],
            "health_check_id": "", "id": f"{zone_id}_{name}_{type_}", "latency_routing_policy": [],
            "multivalue_answer_routing_policy": None, "name": name, "records": records,
            "set_identifier": "", "timeouts": None, "ttl": None if alias else 300, "type": type_,
            "weighted_routing_policy": [], "zone_id": zone_id,
        }, module=dn, schema_version=2))
    rs.append(R("aws_route53_health_check", "api", {
        "arn": f"arn:aws:route53:::healthcheck/{uid(env['seed']+'hc')}",
        "child_health_threshold": 0, "child_healthchecks": [], "cloudwatch_alarm_name": None,
        "cloudwatch_alarm_region": None, "disabled": False, "enable_sni": True, "failure_threshold": 3,
        "fqdn": f"api.{domain}", "id": uid(env["seed"] + "hc"), "insufficient_data_health_status": "",
        "invert_healthcheck": False, "ip_address": "", "measure_latency": True, "port": 443,
        "reference_name": None, "regions": ["eu-west-1", "us-east-1", "us-west-2"], "request_interval": 30,
        "resource_path": "/healthz", "routing_control_arn": "", "search_string": "", "tags": t, "tags_all": ta,
        "triggers": None, "type": "HTTPS",
    }, module=dn))

    rs.append(R("aws_cloudwatch_dashboard", "security", {
        "dashboard_arn": f"arn:aws:cloudwatch::{acct}:dashboard/security-{e}",
        "dashboard_body": cj({"widgets": [
            {"height": 6, "properties": {"metrics": [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", uid(env["seed"] + "hc")]], "period": 60, "region": "us-east-1", "stat": "Minimum", "title": "API health", "view": "timeSeries"}, "type": "metric", "width": 12, "x": 0, "y": 0},
            {"height": 6, "properties": {"query": f"SOURCE '/aws/cloudtrail/{trail}' | filter errorCode like /AccessDenied|UnauthorizedOperation/ | stats count(*) by userIdentity.arn | sort count(*) desc | limit 20", "region": REGION, "title": "Denied API calls", "view": "table"}, "type": "log", "width": 12, "x": 12, "y": 0},
            {"height": 6, "properties": {"markdown": f"## Account baseline ({env['name']})\nGuardDuty detector `{det}`"}, "type": "text", "width": 24, "x": 0, "y": 6},
        ]}),
        "dashboard_name": f"security-{e}",
        "id": f"security-{e}",
    }))
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="bl-s")
    prd = dict(PRD, tok="production", seed="bl-p")
    s = baseline(stg)
    assert len(s) >= 60, len(s)
    write_case(
        "aws", "account-baseline-estate",
        f"The security baseline of one workload account, in modules: GuardDuty with its detector features "
        "(for_each), a publishing destination and archive filters; Security Hub with two standards and four "
        "controls disabled with reasons; AWS Config recorder, delivery channel, sixteen managed rules (for_each, "
        "JSON input parameters) and a conformance pack (YAML); a multi-region CloudTrail; IAM password policy, "
        "account alias, Access Analyzer, EBS default encryption, the S3 account public access block, Macie, "
        "Inspector and an SSM patch baseline (its JSON computed); and the account's public zone with an ACM "
        f"wildcard certificate, validation records keyed by domain name, application records and a health check, "
        f"plus a CloudWatch dashboard (JSON). {len(s)} resources per side; bucket names carry the account id.",
        SRC + "`terraform show -json` of a state by Terraform 1.8.2 (format_version 1.0).",
        0.5, [],
        show_state(s, "1.0", "1.8.2"),
        show_state(baseline(prd), "1.0", "1.8.2"),
    )
    stg2 = dict(STG, tok="stg", seed="bl-s2", acct="390178452206")
    prd2 = dict(PRD, tok="prod", seed="bl-p2", acct="815264093371")
    drift = {"feature_off": "EBS_MALWARE_PROTECTION", "log_validation": False, "min_password": 8, "rules_removed": ["restricted-ssh"]}
    write_case(
        "aws", "account-baseline-estate-drift",
        "The account baseline of aws/account-baseline-estate for another pair of accounts: staging's GuardDuty "
        "no longer scans EBS volumes for malware, its trail's log file validation is off, its password policy "
        "accepts 8-character passwords, and the restricted-ssh Config rule is gone.",
        SRC + "`terraform show -json` of a state by Terraform 1.8.2 (format_version 1.0).",
        0.5,
        [
            L("config_drift", 'module.guardduty.aws_guardduty_detector_feature.this["EBS_MALWARE_PROTECTION"]', "status", "Staging's EBS malware protection is DISABLED; production's is ENABLED."),
            L("config_drift", "module.cloudtrail.aws_cloudtrail.this", "enable_log_file_validation", "Staging's trail does not write digest files, so log tampering goes unnoticed; production validates log files."),
            L("config_drift", "module.iam_baseline.aws_iam_account_password_policy.strict", "minimum_password_length", "Staging accepts 8-character passwords, production requires 14."),
            L("only_in_production", 'module.config.aws_config_config_rule.managed["restricted-ssh"]', "", "Production evaluates security groups for SSH open to the world; staging has no such rule."),
        ],
        show_state(baseline(stg2, drift), "1.0", "1.8.2"),
        show_state(baseline(prd2), "1.0", "1.8.2"),
    )


if __name__ == "__main__":
    cases()
