from lib import *

SRC_CF = ("cloudflare/cloudflare provider v4 documentation for cloudflare_zone, cloudflare_zone_settings_override, "
          "cloudflare_record and cloudflare_ruleset (custom firewall, rate limiting and managed rulesets phases); ")
SRC_DD = ("DataDog/datadog provider v3 documentation for datadog_monitor, datadog_synthetics_test and "
          "datadog_service_level_objective; ")


def cf_settings(drift):
    s = {
        "always_online": "off", "always_use_https": "on", "automatic_https_rewrites": "on", "binary_ast": "off",
        "brotli": "on", "browser_cache_ttl": 14400, "browser_check": "on", "cache_level": "aggressive",
        "challenge_ttl": 1800, "ciphers": ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384"],
        "cname_flattening": "flatten_at_root", "development_mode": "off", "early_hints": "on", "email_obfuscation": "on",
        "filter_logs_to_cloudflare": "off", "fonts": "off", "h2_prioritization": "on", "hotlink_protection": "off",
        "http2": "on", "http3": "on", "image_resizing": "off", "ip_geolocation": "on", "ipv6": "on",
        "log_to_cloudflare": "on", "max_upload": 100, "min_tls_version": drift.get("min_tls", "1.2"), "minify": [],
        "mirage": "off", "mobile_redirect": [], "nel": [{"enabled": False}], "opportunistic_encryption": "on",
        "opportunistic_onion": "on", "orange_to_orange": "off", "origin_error_page_pass_thru": "off",
        "origin_max_http_version": "2", "polish": "lossless", "prefetch_preload": "off", "privacy_pass": "on",
        "proxy_read_timeout": "100", "pseudo_ipv4": "off", "replace_insecure_js": "on", "response_buffering": "off",
        "rocket_loader": "off", "security_header": [{"enabled": True, "include_subdomains": True, "max_age": 31536000, "nosniff": True, "preload": True}],
        "security_level": "medium", "server_side_exclude": "on", "sort_query_string_for_cache": "off",
        "ssl": drift.get("ssl", "strict"), "tls_1_2_only": "off", "tls_1_3": "zrt", "tls_client_auth": "off",
        "true_client_ip_header": "off", "universal_ssl": "on", "visitor_ip": "on", "waf": "off", "webp": "on",
        "websockets": "on", "zero_rtt": "off",
    }
    return [s]


def cloudflare(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    zone = f"{e}.acme-shop.io"
    zid = hx(env["seed"] + "zone", 32)
    acct = hx("cf-account", 32)
    rs = [
        R("cloudflare_zone", "shop", {
            "account_id": acct,
            "id": zid,
            "jump_start": False,
            "meta": {"phishing_detected": False, "wildcard_proxiable": True},
            "name_servers": [f"{n}.ns.cloudflare.com" for n in (["dina", "kai"] if e.startswith("s") else ["amy", "rob"])],
            "paused": False,
            "plan": "enterprise",
            "status": "active",
            "type": "full",
            "vanity_name_servers": [],
            "verification_key": "",
            "zone": zone,
        }),
        R("cloudflare_zone_settings_override", "shop", {
            "id": zid,
            "initial_settings": cf_settings({"min_tls": "1.0", "ssl": "full"}),
            "initial_settings_read_at": ts(env["seed"] + "isra", 2024, "ns"),
            "readonly_settings": ["advanced_ddos", "cname_flattening", "max_upload", "mirage", "polish", "prefetch_preload", "webp"],
            "settings": cf_settings(drift),
            "zone_id": zid,
            "zone_status": "active",
            "zone_type": "full",
        }),
    ]
    origin = f"k8s-ingress-{hx(env['seed']+'alb', 10)}-{digits(env['seed']+'albn', 10)}.eu-west-1.elb.amazonaws.com"
    for label, name, typ, content, proxied, ttl in (
        ("apex", "@", "CNAME", origin, True, 1),
        ("www", "www", "CNAME", zone, True, 1),
        ("api", "api", "CNAME", origin, True, 1),
        ("status", "status", "CNAME", "acme.statuspage.io", False, 3600),
    ):
        rs.append(R("cloudflare_record", label, {
            "allow_overwrite": False,
            "comment": "",
            "content": content,
            "created_on": ts(env["seed"] + label + "c", 2024, "ns"),
            "data": [],
            "hostname": zone if name == "@" else f"{name}.{zone}",
            "id": hx(env["seed"] + label + "id", 32),
            "metadata": {"auto_added": "false", "managed_by_apps": "false", "managed_by_argo_tunnel": "false"},
            "modified_on": ts(env["seed"] + label + "m", 2025, "ns"),
            "name": zone if name == "@" else f"{name}.{zone}",
            "priority": None,
            "proxiable": True,
            "proxied": proxied,
            "tags": [],
            "timeouts": None,
            "ttl": ttl,
            "type": typ,
            "value": content,
            "zone_id": zid,
        }, schema_version=3))

    def rule(action, desc, expr, enabled=True, params=None, ratelimit=None):
        return {"action": action, "action_parameters": params or [], "description": desc, "enabled": enabled,
                "exposed_credential_check": [], "expression": expr, "id": hx(env["seed"] + desc, 32),
                "logging": [], "ratelimit": ratelimit or [], "ref": hx("ref" + desc, 32)}
    custom = [
        rule("block", "Block admin paths outside the VPN", '(starts_with(http.request.uri.path, "/admin") and not ip.src in $corporate_vpn)', enabled=not drift.get("admin_rule_off")),
        rule("managed_challenge", "Challenge high threat scores", "(cf.threat_score gt 20)"),
        rule("block", "Block countries under sanction", '(ip.src.country in {"KP" "IR" "SY" "CU"})'),
    ]
    rs.append(R("cloudflare_ruleset", "custom_waf", {
        "account_id": None, "description": "Custom firewall rules of the shop", "id": hx(env["seed"] + "rs1", 32),
        "kind": "zone", "name": "default", "phase": "http_request_firewall_custom", "rules": custom, "zone_id": zid,
    }, schema_version=1))
    rs.append(R("cloudflare_ruleset", "rate_limit", {
        "account_id": None, "description": "", "id": hx(env["seed"] + "rs2", 32), "kind": "zone", "name": "default",
        "phase": "http_ratelimit",
        "rules": [rule("block", "Login attempts per IP", '(http.request.uri.path eq "/api/login" and http.request.method eq "POST")',
                       ratelimit=[{"characteristics": ["cf.colo.id", "ip.src"], "counting_expression": "", "mitigation_timeout": 600, "period": 60,
                                   "requests_per_period": 10, "requests_to_origin": False, "score_per_period": 0, "score_response_header_name": ""}])],
        "zone_id": zid,
    }, schema_version=1))
    rs.append(R("cloudflare_ruleset", "managed_waf", {
        "account_id": None, "description": "", "id": hx(env["seed"] + "rs3", 32), "kind": "zone", "name": "default",
        "phase": "http_request_firewall_managed",
        "rules": [
            rule("execute", "Cloudflare Managed Ruleset", "true", params=[{"id": "efb7b8c949ac4650a09736fc376e9aee", "overrides": [], "version": "latest"}]),
            rule("execute", "OWASP Core Ruleset", "true", params=[{"id": "4814384a9e5d4991b9815dcfc25d2f1f", "overrides": [{"action": "block", "categories": [], "enabled": True, "rules": [{"action": "", "enabled": True, "id": "6179ae15870a4bb7b2d480d4843b323c", "score_threshold": 40, "sensitivity_level": ""}], "sensitivity_level": ""}], "version": "latest"}]),
        ],
        "zone_id": zid,
    }, schema_version=1))
    return rs


def monitor(env, name, query, crit, warn, priority, notify_no_data=True, extra_tags=()):
    e = env["tok"]
    return {
        "enable_logs_sample": None, "enable_samples": None, "escalation_message": "", "evaluation_delay": 0,
        "force_delete": None, "group_retention_duration": "", "groupby_simple_monitor": False,
        "id": str(num(env["seed"] + name, 10000000, 99999999)), "include_tags": True, "locked": None,
        "message": f"{{{{#is_alert}}}}{name} in {env['name']} @pagerduty-shop-{e}{{{{/is_alert}}}}\nRunbook: https://runbooks.acme.dev/shop/{name.lower().replace(' ', '-')}",
        "monitor_threshold_windows": [],
        "monitor_thresholds": [{"critical": crit, "critical_recovery": "", "ok": "", "unknown": "", "warning": warn, "warning_recovery": ""}],
        "name": f"[{e}] {name}", "new_group_delay": 60, "new_host_delay": 300, "no_data_timeframe": 10,
        "notification_preset_name": "", "notify_audit": False, "notify_by": [], "notify_no_data": notify_no_data,
        "on_missing_data": "", "priority": priority, "query": query, "renotify_interval": 30, "renotify_occurrences": 0,
        "renotify_statuses": [], "require_full_window": False, "restricted_roles": [], "scheduling_options": [],
        "tags": sorted([f"env:{e}", "service:orders-api", "team:shop"] + list(extra_tags)), "timeout_h": 0,
        "type": "query alert", "validate": None, "variables": [],
    }


def datadog(env, latency="1.2", drift=None):
    drift = drift or {}
    e = env["tok"]
    f = f"env:{e},service:orders-api"
    rs = [
        R("datadog_monitor", "error_rate", monitor(env, "Orders API error rate",
          f"sum(last_5m):sum:trace.http.request.errors{{{f}}}.as_count() / sum:trace.http.request.hits{{{f}}}.as_count() > 0.02",
          "0.02", "0.01", "1", notify_no_data=drift.get("notify_no_data", True))),
        R("datadog_monitor", "latency", monitor(env, "Orders API p99 latency",
          f"percentile(last_10m):p99:trace.http.request{{{f}}} > {latency}", latency, "1", "2")),
        R("datadog_monitor", "dlq", monitor(env, "Orders dead-letter queue not empty",
          f"max(last_5m):max:aws.sqs.approximate_number_of_messages_visible{{queuename:orders-dlq-{e}}} > 0", "0", None, "2")),
    ]
    locs = ["aws:eu-central-1", "aws:eu-west-1", "aws:us-east-1"]
    if drift.get("one_location"):
        locs = ["aws:eu-central-1", "aws:eu-west-1"]
    rs.append(R("datadog_synthetics_test", "checkout_health", {
        "api_step": [],
        "assertion": [
            {"operator": "is", "property": "", "target": "200", "targetjsonpath": [], "targetjsonschema": [], "targetxpath": [], "timings_scope": "", "type": "statusCode"},
            {"operator": "lessThan", "property": "", "target": "1500", "targetjsonpath": [], "targetjsonschema": [], "targetxpath": [], "timings_scope": "all", "type": "responseTime"},
            {"operator": "is", "property": "content-type", "target": "application/json", "targetjsonpath": [], "targetjsonschema": [], "targetxpath": [], "timings_scope": "", "type": "header"},
        ],
        "browser_step": [], "browser_variable": [], "config_initial_application_arguments": {}, "config_variable": [],
        "device_ids": [], "force_delete_dependencies": False,
        "id": f"{alnum(env['seed']+'st1', 3)}-{alnum(env['seed']+'st2', 3)}-{alnum(env['seed']+'st3', 3)}",
        "locations": locs,
        "message": f"Checkout API health check failed in {env['name']} @pagerduty-shop-{e}",
        "monitor_id": num(env["seed"] + "stmon", 100000000, 999999999),
        "name": f"[{e}] Checkout API health",
        "options_list": [{
            "accept_self_signed": False, "allow_insecure": False, "check_certificate_revocation": False, "ci": [],
            "disable_cors": False, "disable_csp": False, "follow_redirects": True, "http_version": "any",
            "ignore_server_certificate_error": False, "initial_navigation_timeout": 0, "min_failure_duration": 120,
            "min_location_failed": 1, "monitor_name": "", "monitor_options": [{"escalation_message": "", "renotify_interval": 60, "renotify_occurrences": 0}],
            "monitor_priority": 1, "no_screenshot": False, "restricted_roles": [], "retry": [{"count": 2, "interval": 300}],
            "rum_settings": [], "scheduling": [], "tick_every": 60,
        }],
        "request_basicauth": [], "request_client_certificate": [],
        "request_definition": [{"body": "", "body_type": "", "call_type": "", "certificate_domains": [], "dns_server": "", "dns_server_port": "",
                                "host": "", "http_version": "", "message": "", "method": "GET", "no_saving_response_body": False,
                                "number_of_packets": 0, "persist_cookies": False, "plain_proto_file": "", "port": "", "proto_json_descriptor": "",
                                "servername": "", "service": "", "should_track_hops": False, "timeout": 0,
                                "url": f"https://api.{e}.acme-shop.io/checkout/health"}],
        "request_file": [], "request_headers": {"Accept": "application/json"}, "request_metadata": {}, "request_proxy": [],
        "request_query": {}, "set_cookie": "", "status": drift.get("status", "live"), "subtype": "http",
        "tags": [f"env:{e}", "team:shop"], "type": "api", "variables_from_script": "",
    }))
    rs.append(R("datadog_service_level_objective", "checkout_availability", {
        "description": "Share of checkout requests served without a server error",
        "force_delete": None, "groups": [], "id": hx(env["seed"] + "slo", 32), "monitor_ids": [],
        "name": f"[{e}] Checkout availability",
        "query": [{"denominator": f"sum:trace.http.request.hits{{env:{e},service:checkout}}.as_count()",
                   "numerator": f"sum:trace.http.request.hits{{env:{e},service:checkout}}.as_count() - sum:trace.http.request.errors{{env:{e},service:checkout}}.as_count()"}],
        "sli_specification": [], "tags": [f"env:{e}", "team:shop"], "target_threshold": 99.9,
        "thresholds": [{"target": 99.9, "target_display": "99.900", "timeframe": "30d", "warning": 99.95, "warning_display": "99.950"},
                       {"target": 99.9, "target_display": "99.900", "timeframe": "7d", "warning": 99.95, "warning_display": "99.950"}],
        "timeframe": "30d", "type": "metric", "validate": None, "warning_threshold": 99.95,
    }))
    return rs


def cases():
    s = {"name": "staging", "tok": "stg", "seed": "cf-s"}
    p = {"name": "production", "tok": "prd", "seed": "cf-p"}
    write_case(
        "mixed", "cloudflare-zone-waf",
        "A Cloudflare enterprise zone per environment (stg.acme-shop.io, prd.acme-shop.io): zone settings "
        "(strict SSL, TLS 1.2 minimum, HSTS, HTTP/3), proxied CNAME records to the origin load balancer, and "
        "rulesets for custom firewall rules, login rate limiting and the managed WAF rulesets. Zone, record and "
        "rule ids, name servers and the origin host name are each zone's own; initial_settings are what the zone "
        "had before Terraform took it over.",
        SRC_CF + "`terraform show -json` of a state by Terraform 1.8.5 (format_version 1.0).",
        0.5, [],
        show_state(cloudflare(s), "1.0", "1.8.5"),
        show_state(cloudflare(p), "1.0", "1.8.5"),
    )
    s = {"name": "staging", "tok": "staging", "seed": "cf-s2"}
    p = {"name": "production", "tok": "production", "seed": "cf-p2"}
    drift = {"min_tls": "1.0", "ssl": "flexible", "admin_rule_off": True}
    write_case(
        "mixed", "cloudflare-tls-ssl-admin-rule",
        "The Cloudflare zone of mixed/cloudflare-zone-waf shown by Terraform 1.9.5: staging's zone accepts TLS 1.0, "
        "talks to the origin over plain HTTP (SSL flexible), and its rule blocking admin paths outside the VPN is "
        "disabled.",
        SRC_CF + "`terraform show -json` of a state by Terraform 1.9.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "cloudflare_zone_settings_override.shop", "settings[0].min_tls_version", "Staging's edge accepts TLS 1.0; production requires 1.2."),
            L("config_drift", "cloudflare_zone_settings_override.shop", "settings[0].ssl", "Staging connects to its origin without TLS (flexible); production verifies the origin certificate (strict)."),
            L("config_drift", "cloudflare_ruleset.custom_waf", "rules", "Staging's 'Block admin paths outside the VPN' rule is disabled; production's is enabled.", prefix=True),
        ],
        show_state(cloudflare(s, drift), "1.0", "1.9.5"),
        show_state(cloudflare(p), "1.0", "1.9.5"),
    )
    s = {"name": "staging", "tok": "staging", "seed": "dd-s"}
    p = {"name": "production", "tok": "production", "seed": "dd-p"}
    lat = "datadog_monitor.latency"
    write_case(
        "mixed", "datadog-monitors-slo-plan",
        "Datadog monitors (error rate, p99 latency, dead-letter queue), an HTTP synthetics test from three "
        "locations and a metric SLO for a shop's orders API, scoped by env tag. Both plans lower the latency "
        "monitor's threshold from 1.5 s to 1.2 s in place. Monitor, test and SLO ids, the PagerDuty handle and the "
        "env tags are each environment's own.",
        SRC_DD + "`terraform show -json` of plans by Terraform 1.10.5 (format_version 1.2).",
        0.5, [],
        show_plan(datadog(s), datadog(s, "1.5"), "1.2", "1.10.5", actions={lat: ["update"]}, timestamp="2025-07-01T06:45:12Z"),
        show_plan(datadog(p), datadog(p, "1.5"), "1.2", "1.10.5", actions={lat: ["update"]}, timestamp="2025-07-01T06:47:30Z"),
    )
    s = {"name": "staging", "tok": "stg", "seed": "dd-s2"}
    p = {"name": "production", "tok": "prod", "seed": "dd-p2"}
    drift = {"notify_no_data": False, "status": "paused", "one_location": True}
    write_case(
        "mixed", "datadog-no-data-paused-locations",
        "The Datadog objects of mixed/datadog-monitors-slo-plan as raw states: staging's error-rate monitor stays "
        "silent when the API stops reporting (notify_no_data off), its synthetics test is paused, and it no longer "
        "probes from us-east-1.",
        SRC_DD + "raw state (version 4) written by Terraform 1.9.8.",
        0.5,
        [
            L("config_drift", "datadog_monitor.error_rate", "notify_no_data", "Staging's error-rate monitor does not alert on missing data; production's does."),
            L("config_drift", "datadog_synthetics_test.checkout_health", "status", "Staging's health check is paused; production's is live."),
            L("config_drift", "datadog_synthetics_test.checkout_health", "locations", "Staging no longer probes from us-east-1, so an outage seen from America goes unnoticed; production probes from three regions.", prefix=True),
        ],
        raw_state(datadog(s, drift=drift), "1.9.8", 27, "dd-s2"),
        raw_state(datadog(p), "1.9.8", 35, "dd-p2"),
        ext="tfstate",
    )


if __name__ == "__main__":
    cases()
