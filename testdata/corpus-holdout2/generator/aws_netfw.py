from awscommon import *

SRC_NFW = ("hashicorp/aws provider documentation for aws_networkfirewall_rule_group, "
           "aws_networkfirewall_firewall_policy, aws_networkfirewall_firewall and "
           "aws_networkfirewall_logging_configuration; AWS Network Firewall strict rule order; ")

SRC_GA = ("hashicorp/aws provider v3 documentation for aws_globalaccelerator_accelerator, "
          "aws_globalaccelerator_listener and aws_globalaccelerator_endpoint_group; ")

DOMAINS = [".amazonaws.com", ".docker.io", ".github.com", ".githubusercontent.com", "api.stripe.com",
           "hooks.slack.com", "login.microsoftonline.com", ".sentry.io"]

SURICATA = "\n".join([
    'drop tls $HOME_NET any -> $EXTERNAL_NET any (msg:"TLS 1.0/1.1 outbound"; ssl_version:tls1.0,tls1.1; sid:1000001; rev:2;)',
    'drop tcp $HOME_NET any -> $EXTERNAL_NET 22 (msg:"SSH egress"; flow:to_server; sid:1000002; rev:1;)',
    'alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"Outbound plain HTTP"; flow:to_server,established; sid:1000003; rev:1;)',
    'drop dns $HOME_NET any -> any any (msg:"DNS over non-resolver"; dns.query; content:"."; sid:1000004; rev:1;)',
]) + "\n"


def nfw(env, cidr, drift=None):
    drift = drift or {}
    e = env["tok"]
    t, ta = tag_pair(env, "egress-inspection")
    dom_arn = arn(env, "network-firewall", f"stateful-rulegroup/egress-domains-{e}")
    sig_arn = arn(env, "network-firewall", f"stateful-rulegroup/egress-signatures-{e}")
    pol_arn = arn(env, "network-firewall", f"firewall-policy/egress-{e}")
    fw_arn = arn(env, "network-firewall", f"firewall/egress-{e}")
    targets = DOMAINS + drift.get("extra_domains", [])
    logs = [
        {"log_destination": {"logGroup": f"/aws/network-firewall/egress-{e}/alert"}, "log_destination_type": "CloudWatchLogs", "log_type": "ALERT"},
        {"log_destination": {"bucketName": f"acme-nfw-flow-{e}", "prefix": "flow"}, "log_destination_type": "S3", "log_type": "FLOW"},
    ]
    if drift.get("no_alert_logs"):
        logs = logs[1:]
    rs = [
        R("aws_networkfirewall_rule_group", "egress_domains", {
            "arn": dom_arn,
            "capacity": 100,
            "description": "Domains workloads may reach",
            "encryption_configuration": [],
            "id": dom_arn,
            "name": f"egress-domains-{e}",
            "rule_group": [{
                "reference_sets": [],
                "rule_variables": [{"ip_sets": [{"ip_set": [{"definition": [cidr]}], "key": "HOME_NET"}], "port_sets": []}],
                "rules_source": [{
                    "rules_source_list": [{"generated_rules_type": "ALLOWLIST", "target_types": ["HTTP_HOST", "TLS_SNI"], "targets": targets}],
                    "rules_string": "",
                    "stateful_rule": [],
                    "stateless_rules_and_custom_actions": [],
                }],
                "stateful_rule_options": [{"rule_order": "STRICT_ORDER"}],
            }],
            "rules": "",
            "tags": t, "tags_all": ta,
            "type": "STATEFUL",
            "update_token": uid(env["seed"] + "ut-dom"),
        }),
        R("aws_networkfirewall_rule_group", "egress_signatures", {
            "arn": sig_arn,
            "capacity": 200,
            "description": "Suricata rules for outbound traffic",
            "encryption_configuration": [],
            "id": sig_arn,
            "name": f"egress-signatures-{e}",
            "rule_group": [{
                "reference_sets": [],
                "rule_variables": [{"ip_sets": [{"ip_set": [{"definition": [cidr]}], "key": "HOME_NET"}], "port_sets": []}],
                "rules_source": [{"rules_source_list": [], "rules_string": SURICATA, "stateful_rule": [], "stateless_rules_and_custom_actions": []}],
                "stateful_rule_options": [{"rule_order": "STRICT_ORDER"}],
            }],
            "rules": "",
            "tags": t, "tags_all": ta,
            "type": "STATEFUL",
            "update_token": uid(env["seed"] + "ut-sig"),
        }),
        R("aws_networkfirewall_firewall_policy", "egress", {
            "arn": pol_arn,
            "description": "Egress inspection, strict order",
            "encryption_configuration": [],
            "firewall_policy": [{
                "policy_variables": [],
                "stateful_default_actions": ["aws:alert_established", "aws:drop_established"],
                "stateful_engine_options": [{"flow_timeouts": [{"tcp_idle_timeout_seconds": 350}], "rule_order": "STRICT_ORDER", "stream_exception_policy": drift.get("stream_exception", "REJECT")}],
                "stateful_rule_group_reference": [
                    {"deep_threat_inspection": "", "override": [], "priority": 100, "resource_arn": sig_arn},
                    {"deep_threat_inspection": "", "override": [], "priority": 200, "resource_arn": dom_arn},
                ],
                "stateless_custom_action": [],
                "stateless_default_actions": ["aws:forward_to_sfe"],
                "stateless_fragment_default_actions": ["aws:forward_to_sfe"],
                "stateless_rule_group_reference": [],
                "tls_inspection_configuration_arn": "",
            }],
            "id": pol_arn,
            "name": f"egress-{e}",
            "tags": t, "tags_all": ta,
            "update_token": uid(env["seed"] + "ut-pol"),
        }),
        R("aws_networkfirewall_firewall", "egress", {
            "arn": fw_arn,
            "availability_zone_change_protection": False,
            "availability_zone_mapping": [],
            "delete_protection": drift.get("delete_protection", True),
            "description": "Inspects traffic leaving the workload VPC",
            "enabled_analysis_types": [],
            "encryption_configuration": [{"key_id": "", "type": "AWS_OWNED_KMS_KEY"}],
            "firewall_policy_arn": pol_arn,
            "firewall_policy_change_protection": False,
            "firewall_status": [{
                "capacity_usage_summary": [{"cidrs": [{"available_cidr_count": 1000000, "ip_set_references": [], "utilized_cidr_count": 1}]}],
                "sync_states": [{"attachment": [{"endpoint_id": "vpce-0" + hx(env["seed"] + f"fwe{i}", 16), "status": "READY", "subnet_id": subnet(env, f"fw{i}")}], "availability_zone": f"{REGION}{'abc'[i]}"} for i in range(3)],
                "transit_gateway_attachment_sync_states": [],
            }],
            "id": fw_arn,
            "name": f"egress-{e}",
            "subnet_change_protection": True,
            "subnet_mapping": [{"ip_address_type": "IPV4", "subnet_id": subnet(env, f"fw{i}")} for i in range(3)],
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "transit_gateway_id": "",
            "transit_gateway_owner_account_id": "",
            "update_token": uid(env["seed"] + "ut-fw"),
            "vpc_id": vpc(env),
        }),
        R("aws_networkfirewall_logging_configuration", "egress", {
            "enable_monitoring_dashboard": False,
            "firewall_arn": fw_arn,
            "id": fw_arn,
            "logging_configuration": [{"log_destination_config": logs}],
        }),
    ]
    return rs


def accelerator(env, regions):
    e = env["tok"]
    t = {"Environment": env["name"], "Application": "storefront"}
    acc_id = uid(env["seed"] + "ga")
    acc_arn = f"arn:aws:globalaccelerator::{env['acct']}:accelerator/{acc_id}"
    lst_arn = f"{acc_arn}/listener/{hx(env['seed']+'lst', 8)}"
    rs = [
        R("aws_globalaccelerator_accelerator", "storefront", {
            "attributes": [{"flow_logs_enabled": True, "flow_logs_s3_bucket": f"acme-ga-flowlogs-{e}", "flow_logs_s3_prefix": "storefront/"}],
            "dns_name": f"{hx(env['seed']+'gadns', 16)}.awsglobalaccelerator.com",
            "enabled": True,
            "hosted_zone_id": "Z2BJ6XQ5FK7U4H",
            "id": acc_arn,
            "ip_address_type": "IPV4",
            "ip_sets": [{"ip_addresses": [ip(env["seed"] + "ga1", "75.2"), ip(env["seed"] + "ga2", "99.83")], "ip_family": "IPv4"}],
            "name": f"storefront-{e}",
            "tags": t,
            "tags_all": t,
            "timeouts": None,
        }),
        R("aws_globalaccelerator_listener", "https", {
            "accelerator_arn": acc_arn,
            "client_affinity": "SOURCE_IP",
            "id": lst_arn,
            "port_range": [{"from_port": 443, "to_port": 443}],
            "protocol": "TCP",
            "timeouts": None,
        }),
        R("aws_globalaccelerator_listener", "http", {
            "accelerator_arn": acc_arn,
            "client_affinity": "NONE",
            "id": f"{acc_arn}/listener/{hx(env['seed']+'lst80', 8)}",
            "port_range": [{"from_port": 80, "to_port": 80}],
            "protocol": "TCP",
            "timeouts": None,
        }),
    ]
    for reg, dial in regions:
        alb = f"arn:aws:elasticloadbalancing:{reg}:{env['acct']}:loadbalancer/app/storefront-{e}/{hx(env['seed']+reg, 16)}"
        rs.append(R("aws_globalaccelerator_endpoint_group", "storefront", {
            "arn": f"{lst_arn}/endpoint-group/{hx(env['seed']+reg+'eg', 12)}",
            "endpoint_configuration": [{"client_ip_preservation_enabled": True, "endpoint_id": alb, "weight": 100}],
            "endpoint_group_region": reg,
            "health_check_interval_seconds": 10,
            "health_check_path": "/healthz",
            "health_check_port": 443,
            "health_check_protocol": "HTTPS",
            "id": f"{lst_arn}/endpoint-group/{hx(env['seed']+reg+'eg', 12)}",
            "listener_arn": lst_arn,
            "port_override": [],
            "threshold_count": 3,
            "timeouts": None,
            "traffic_dial_percentage": dial,
        }, index=reg))
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="nfw-s")
    prd = dict(PRD, tok="production", seed="nfw-p")
    write_case(
        "aws", "network-firewall-egress",
        "Centralised egress inspection with AWS Network Firewall in strict rule order: a domain allowlist rule "
        "group, a Suricata rule group (rules as a string), the firewall policy that orders them by priority, the "
        "firewall with one endpoint per availability zone (firewall_status lists the endpoints) and its alert "
        "and flow logging. HOME_NET is each environment's own VPC range.",
        SRC_NFW + "`terraform show -json` of a state by Terraform 1.7.5 (format_version 1.0).",
        0.5, [],
        show_state(nfw(stg, "10.20.0.0/16"), "1.0", "1.7.5"),
        show_state(nfw(prd, "10.40.0.0/16"), "1.0", "1.7.5"),
    )
    stg2 = dict(STG, tok="stg", seed="nfw-s2")
    prd2 = dict(PRD, tok="prd", seed="nfw-p2")
    drift = {"extra_domains": [".ngrok.io"], "stream_exception": "CONTINUE", "no_alert_logs": True, "delete_protection": False}
    s = nfw(stg2, "10.20.0.0/16", drift)
    p = nfw(prd2, "10.40.0.0/16")
    write_case(
        "aws", "network-firewall-allowlist-logging-plan",
        "No-op plans of the egress firewall of aws/network-firewall-egress: staging's allowlist also lets "
        "workloads reach .ngrok.io tunnels, its policy lets midstream flows continue instead of rejecting them, "
        "only flow logs are written (no alert log), and the firewall can be deleted.",
        SRC_NFW + "`terraform show -json` of plans by Terraform 1.8.5 (format_version 1.2).",
        0.5,
        [
            L("config_drift", "aws_networkfirewall_rule_group.egress_domains", "rule_group[0].rules_source[0].rules_source_list[0].targets", "Staging's allowlist also admits .ngrok.io, a tunnelling service production blocks.", prefix=True),
            L("config_drift", "aws_networkfirewall_firewall_policy.egress", "firewall_policy[0].stateful_engine_options[0].stream_exception_policy", "Staging lets flows broken midstream continue (CONTINUE); production rejects them."),
            L("config_drift", "aws_networkfirewall_logging_configuration.egress", "logging_configuration[0].log_destination_config", "Staging writes no ALERT log, so blocked connections leave no trace; production sends alerts to CloudWatch Logs.", prefix=True),
            L("config_drift", "aws_networkfirewall_firewall.egress", "delete_protection", "Staging's firewall has delete protection off; production's has it on."),
        ],
        show_plan(s, s, "1.2", "1.8.5", timestamp="2025-01-20T16:02:44Z", region=REGION),
        show_plan(p, p, "1.2", "1.8.5", timestamp="2025-01-20T16:05:13Z", region=REGION),
    )
    stg3 = dict(STG, tok="staging", seed="ga-s")
    prd3 = dict(PRD, tok="production", seed="ga-p")
    write_case(
        "aws", "global-accelerator-terraform-0.15",
        "A Global Accelerator in front of the storefront's load balancers: flow logs to S3, a TCP listener for "
        "443 with source-IP affinity and one for 80, and an endpoint group per region (for_each) with HTTPS "
        "health checks. Written by the AWS provider v3 under Terraform 0.15 (format_version 0.2); DNS names, "
        "static anycast IPs and ARNs are each accelerator's own.",
        SRC_GA + "`terraform show -json` of a state by Terraform 0.15.5 (format_version 0.2).",
        0.5, [],
        show_state(accelerator(stg3, [("eu-west-1", 100), ("us-east-1", 100)]), "0.2", "0.15.5"),
        show_state(accelerator(prd3, [("eu-west-1", 100), ("us-east-1", 100)]), "0.2", "0.15.5"),
    )


if __name__ == "__main__":
    cases()
