from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_route53_zone, aws_route53_record, "
       "aws_sesv2_email_identity, aws_sesv2_email_identity_mail_from_attributes, aws_sesv2_configuration_set "
       "and aws_sesv2_configuration_set_event_destination; ")


def rec(env, zone_id, name, type_, records, ttl, label, index=None):
    return R("aws_route53_record", label, {
        "alias": [],
        "allow_overwrite": None,
        "cidr_routing_policy": [],
        "failover_routing_policy": [],
        "fqdn": name,
        "geolocation_routing_policy": [],
        "geoproximity_routing_policy": [],
        "health_check_id": "",
        "id": f"{zone_id}_{name}_{type_}",
        "latency_routing_policy": [],
        "multivalue_answer_routing_policy": None,
        "name": name,
        "records": records,
        "set_identifier": "",
        "timeouts": None,
        "ttl": ttl,
        "type": type_,
        "weighted_routing_policy": [],
        "zone_id": zone_id,
    }, index=index, schema_version=2)


def mail(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    domain = f"notify.{e}.acme-corp.net"
    t, ta = tag_pair(env, "notifications")
    zone_id = "Z0" + alnum(env["seed"] + "zone", 19, upper=True, lower=False)
    cs = f"transactional-{e}"
    tokens = [alnum(env["seed"] + f"dkim{i}", 32) for i in range(3)]
    ns = [f"ns-{num(env['seed']+'ns1', 1, 511)}.awsdns-{num(env['seed']+'ns1d', 10, 63)}.com.",
          f"ns-{num(env['seed']+'ns2', 512, 1023)}.awsdns-{num(env['seed']+'ns2d', 10, 63)}.net.",
          f"ns-{num(env['seed']+'ns3', 1024, 1535)}.awsdns-{num(env['seed']+'ns3d', 10, 63)}.org.",
          f"ns-{num(env['seed']+'ns4', 1536, 2047)}.awsdns-{num(env['seed']+'ns4d', 10, 63)}.co.uk."]
    rs = [
        R("aws_route53_zone", "notify", {
            "arn": f"arn:aws:route53:::hostedzone/{zone_id}",
            "comment": "Sending domain of transactional mail",
            "delegation_set_id": "",
            "force_destroy": False,
            "id": zone_id,
            "name": domain,
            "name_servers": ns,
            "primary_name_server": ns[0].rstrip("."),
            "tags": t, "tags_all": ta,
            "vpc": [],
        }),
        R("aws_sesv2_configuration_set", "transactional", {
            "arn": arn(env, "ses", f"configuration-set/{cs}"),
            "configuration_set_name": cs,
            "delivery_options": [{"max_delivery_seconds": 0, "sending_pool_name": "", "tls_policy": drift.get("tls", "REQUIRE")}],
            "id": cs,
            "reputation_options": [{"last_fresh_start": "", "reputation_metrics_enabled": True}],
            "sending_options": [{"sending_enabled": True}],
            "suppression_options": [{"suppressed_reasons": drift.get("suppressed", ["BOUNCE", "COMPLAINT"])}],
            "tags": t, "tags_all": ta,
            "tracking_options": [],
            "vdm_options": [{"dashboard_options": [{"engagement_metrics": "ENABLED"}], "guardian_options": [{"optimized_shared_delivery": "ENABLED"}]}],
        }),
        R("aws_sesv2_configuration_set_event_destination", "bounces", {
            "configuration_set_name": cs,
            "event_destination": [{
                "cloud_watch_destination": [],
                "enabled": True,
                "event_bridge_destination": [],
                "kinesis_firehose_destination": [],
                "matching_event_types": ["BOUNCE", "COMPLAINT", "DELIVERY_DELAY", "REJECT"],
                "pinpoint_destination": [],
                "sns_destination": [{"topic_arn": arn(env, "sns", f"ses-bounces-{e}")}],
            }],
            "event_destination_name": "bounces-to-sns",
            "id": f"{cs}|bounces-to-sns",
        }),
        R("aws_sesv2_email_identity", "notify", {
            "arn": arn(env, "ses", f"identity/{domain}"),
            "configuration_set_name": cs,
            "dkim_signing_attributes": [{
                "current_signing_key_length": "RSA_2048_BIT",
                "domain_signing_private_key": None,
                "domain_signing_selector": "",
                "last_key_generation_timestamp": ts(env["seed"] + "dkimts", 2023, "ms"),
                "next_signing_key_length": "RSA_2048_BIT",
                "signing_attributes_origin": "AWS_SES",
                "status": "SUCCESS",
                "tokens": tokens,
            }],
            "email_identity": domain,
            "id": domain,
            "identity_type": "DOMAIN",
            "tags": t, "tags_all": ta,
            "verified_for_sending_status": True,
        }, sensitive=[("dkim_signing_attributes", 0, "domain_signing_private_key")]),
        R("aws_sesv2_email_identity_mail_from_attributes", "notify", {
            "behavior_on_mx_failure": "REJECT_MESSAGE",
            "email_identity": domain,
            "id": domain,
            "mail_from_domain": f"bounce.{domain}",
        }),
    ]
    for i, tok in enumerate(tokens):
        rs.append(rec(env, zone_id, f"{tok}._domainkey.{domain}", "CNAME", [f"{tok}.dkim.amazonses.com"], 600, "dkim", i))
    rs.append(rec(env, zone_id, f"bounce.{domain}", "MX", [f"10 feedback-smtp.{REGION}.amazonses.com"], 600, "mail_from_mx"))
    rs.append(rec(env, zone_id, f"bounce.{domain}", "TXT", ["v=spf1 include:amazonses.com -all"], 600, "mail_from_spf"))
    rs.append(rec(env, zone_id, f"_dmarc.{domain}", "TXT", [f"v=DMARC1; p={drift.get('dmarc', 'reject')}; rua=mailto:dmarc-reports@acme-corp.net; adkim=s; aspf=s; pct=100"], 3600, "dmarc"))
    return rs


def cases():
    stg = dict(STG, tok="stg", seed="ses-s")
    prd = dict(PRD, tok="prod", seed="ses-p")
    write_case(
        "aws", "ses-sending-domain",
        "A transactional-mail sending domain: its Route 53 hosted zone, the SES v2 domain identity with Easy "
        "DKIM (three CNAME records, one per token, by count), a custom MAIL FROM domain with its MX and SPF "
        "records, a DMARC record, and a configuration set that requires TLS, suppresses bounces and complaints "
        "and sends events to SNS. DKIM tokens, name servers and zone ids are each domain's own.",
        SRC + "raw state (version 4) written by Terraform 1.4.6.",
        0.5, [],
        raw_state(mail(stg), "1.4.6", 16, "ses-s"),
        raw_state(mail(prd), "1.4.6", 21, "ses-p"),
        ext="tfstate",
    )
    stg2 = dict(STG, tok="staging", seed="ses-s2")
    prd2 = dict(PRD, tok="production", seed="ses-p2")
    drift = {"tls": "OPTIONAL", "suppressed": ["BOUNCE"], "dmarc": "none"}
    write_case(
        "aws", "ses-tls-suppression-dmarc",
        "The sending domain of aws/ses-sending-domain shown by Terraform 1.5.7: staging's configuration set "
        "delivers over plain SMTP when the receiver offers no TLS, no longer suppresses addresses that "
        "complained, and its DMARC policy only monitors (p=none) instead of rejecting spoofed mail.",
        SRC + "`terraform show -json` of a state by Terraform 1.5.7 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "aws_sesv2_configuration_set.transactional", "delivery_options[0].tls_policy", "Staging's tls_policy is OPTIONAL; production REQUIREs TLS for delivery."),
            L("config_drift", "aws_sesv2_configuration_set.transactional", "suppression_options[0].suppressed_reasons", "Staging suppresses only bounces; production also suppresses complaints.", prefix=True),
            L("config_drift", "aws_route53_record.dmarc", "records", "Staging's DMARC record says p=none; production's says p=reject.", prefix=True),
        ],
        show_state(mail(stg2, drift), "1.0", "1.5.7"),
        show_state(mail(prd2), "1.0", "1.5.7"),
    )


if __name__ == "__main__":
    cases()
