from lib import *
from gcp_a import glabels, kms_key, sa

REGION = "europe-west1"


def dns(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    p = env["project"]
    domain = f"{e}.shop-acme.dev."
    l, eff, tl = glabels(env, {"app": "edge"})
    net = f"https://www.googleapis.com/compute/v1/projects/{p}/global/networks/shop-{e}"
    zid = digits(env["seed"] + "zid", 19)
    pzid = digits(env["seed"] + "pzid", 19)
    ns = [f"ns-cloud-{'abcde'[num(env['seed']+'nsl', 0, 4)]}{i}.googledomains.com." for i in range(1, 5)]
    rs = [
        R("google_dns_managed_zone", "public", {
            "cloud_logging_config": [{"enable_logging": drift.get("zone_logging", True)}],
            "creation_time": ts(env["seed"] + "zc", 2023, "ms"),
            "description": "Public zone of the shop",
            "dns_name": domain,
            "dnssec_config": [{"default_key_specs": [
                {"algorithm": "rsasha256", "key_length": 2048, "key_type": "keySigning", "kind": "dns#dnsKeySpec"},
                {"algorithm": "rsasha256", "key_length": 1024, "key_type": "zoneSigning", "kind": "dns#dnsKeySpec"},
            ], "kind": "dns#managedZoneDnsSecConfig", "non_existence": "nsec3", "state": drift.get("dnssec", "on")}],
            "effective_labels": eff,
            "force_destroy": False,
            "forwarding_config": [],
            "id": f"projects/{p}/managedZones/shop-{e}",
            "labels": l,
            "managed_zone_id": int(zid),
            "name": f"shop-{e}",
            "name_servers": ns,
            "peering_config": [],
            "private_visibility_config": [],
            "project": p,
            "reverse_lookup": False,
            "service_directory_config": [],
            "terraform_labels": tl,
            "timeouts": None,
            "visibility": "public",
        }),
        R("google_dns_managed_zone", "internal", {
            "cloud_logging_config": [{"enable_logging": False}],
            "creation_time": ts(env["seed"] + "pzc", 2023, "ms"),
            "description": "Private names of the shop's services",
            "dns_name": f"internal.{domain}",
            "dnssec_config": [],
            "effective_labels": eff,
            "force_destroy": False,
            "forwarding_config": [],
            "id": f"projects/{p}/managedZones/shop-internal-{e}",
            "labels": l,
            "managed_zone_id": int(pzid),
            "name": f"shop-internal-{e}",
            "name_servers": [f"ns-gcp-private.googledomains.com."],
            "peering_config": [],
            "private_visibility_config": [{"gke_clusters": [{"gke_cluster_name": f"projects/{p}/locations/{REGION}/clusters/shop-{e}"}], "networks": [{"network_url": net}]}],
            "project": p,
            "reverse_lookup": False,
            "service_directory_config": [],
            "terraform_labels": tl,
            "timeouts": None,
            "visibility": "private",
        }),
        R("google_dns_policy", "logging", {
            "alternative_name_server_config": [],
            "description": "Inbound forwarding and query logging for the shop VPC",
            "enable_inbound_forwarding": True,
            "enable_logging": drift.get("policy_logging", True),
            "id": f"projects/{p}/policies/shop-{e}",
            "name": f"shop-{e}",
            "networks": [{"network_url": net}],
            "project": p,
            "timeouts": None,
        }),
    ]
    lb_ip = ip(env["seed"] + "lb", "34.149")
    for label, name, type_, ttl, datas in (
        ("apex", domain, "A", 300, [lb_ip]),
        ("www", f"www.{domain}", "CNAME", 300, [domain]),
        ("caa", domain, "CAA", 3600, ['0 issue "pki.goog"', '0 issue "letsencrypt.org"', '0 iodef "mailto:security@shop-acme.dev"']),
        ("spf", domain, "TXT", 3600, ['"v=spf1 include:_spf.google.com -all"']),
        ("api_internal", f"api.internal.{domain}", "A", 60, [ip(env["seed"] + "ilb", "10." + env["net"])]),
    ):
        zone = f"shop-internal-{e}" if "internal" in label else f"shop-{e}"
        rs.append(R("google_dns_record_set", label, {
            "id": f"projects/{p}/managedZones/{zone}/rrsets/{name}/{type_}",
            "managed_zone": zone,
            "name": name,
            "project": p,
            "routing_policy": [],
            "rrdatas": datas,
            "ttl": ttl,
            "type": type_,
        }))
    return rs


def serverless_edge(env, machine, max_inst):
    e = env["tok"]
    p = env["project"]
    l, eff, tl = glabels(env, {"app": "storefront"})
    domain = f"{e}.storefront-acme.dev"
    auth_id = f"projects/{p}/locations/global/dnsAuthorizations/storefront-{e}"
    rs = [
        R("google_vpc_access_connector", "serverless", {
            "connected_projects": [],
            "id": f"projects/{p}/locations/{REGION}/connectors/serverless-{env['short']}",
            "ip_cidr_range": env["connector_cidr"],
            "machine_type": machine,
            "max_instances": max_inst,
            "max_throughput": max_inst * 100,
            "min_instances": 2,
            "min_throughput": 200,
            "name": f"serverless-{env['short']}",
            "network": f"storefront-{e}",
            "project": p,
            "region": REGION,
            "self_link": f"projects/{p}/locations/{REGION}/connectors/serverless-{env['short']}",
            "state": "READY",
            "subnet": [],
            "timeouts": None,
        }, unknown=["id", "self_link", "state", "connected_projects"]),
        R("google_certificate_manager_dns_authorization", "storefront", {
            "description": "Proves control of the storefront domain",
            "dns_resource_record": [{"data": f"{uid(env['seed']+'dra')}.{num(env['seed']+'drn', 1, 19)}.authorize.certificatemanager.goog.", "name": f"_acme-challenge.{domain}.", "type": "CNAME"}],
            "domain": domain,
            "effective_labels": eff,
            "id": auth_id,
            "labels": l,
            "location": "global",
            "name": f"storefront-{e}",
            "project": p,
            "terraform_labels": tl,
            "timeouts": None,
            "type": "FIXED_RECORD",
        }, unknown=["dns_resource_record", "id"]),
        R("google_certificate_manager_certificate", "storefront", {
            "description": "Wildcard certificate of the storefront",
            "effective_labels": eff,
            "id": f"projects/{p}/locations/global/certificates/storefront-{e}",
            "labels": l,
            "location": "global",
            "managed": [{"authorization_attempt_info": [{"details": "", "domain": f"*.{domain}", "failure_reason": "", "state": "AUTHORIZED"}, {"details": "", "domain": domain, "failure_reason": "", "state": "AUTHORIZED"}],
                         "dns_authorizations": [auth_id], "domains": [domain, f"*.{domain}"], "issuance_config": "", "provisioning_issue": [], "state": "ACTIVE"}],
            "name": f"storefront-{e}",
            "project": p,
            "san_dnsnames": [domain, f"*.{domain}"],
            "scope": "DEFAULT",
            "self_managed": [],
            "terraform_labels": tl,
            "timeouts": None,
        }, unknown=["id", "san_dnsnames", ("managed", 0, "authorization_attempt_info"), ("managed", 0, "provisioning_issue"), ("managed", 0, "state"), ("managed", 0, "dns_authorizations")]),
        R("google_certificate_manager_certificate_map", "storefront", {
            "create_time": ts(env["seed"] + "cmc", 2024, "ns"),
            "description": "",
            "effective_labels": eff,
            "gclb_targets": [{"ip_configs": [{"ip_address": ip(env["seed"] + "gclb", "34.117"), "ports": [443]}], "target_https_proxy": f"//compute.googleapis.com/projects/{p}/global/targetHttpsProxies/storefront-{e}", "target_ssl_proxy": ""}],
            "id": f"projects/{p}/locations/global/certificateMaps/storefront-{e}",
            "labels": l,
            "name": f"storefront-{e}",
            "project": p,
            "terraform_labels": tl,
            "timeouts": None,
            "update_time": ts(env["seed"] + "cmu", 2024, "ns"),
        }, unknown=["create_time", "gclb_targets", "id", "update_time"]),
    ]
    for label, host, matcher in (("apex", domain, ""), ("wildcard", f"*.{domain}", "")):
        rs.append(R("google_certificate_manager_certificate_map_entry", label, {
            "certificates": [f"projects/{env['number']}/locations/global/certificates/storefront-{e}"],
            "create_time": ts(env["seed"] + label + "c", 2024, "ns"),
            "description": "",
            "effective_labels": eff,
            "hostname": host,
            "id": f"projects/{p}/locations/global/certificateMaps/storefront-{e}/certificateMapEntries/{label}",
            "labels": l,
            "map": f"storefront-{e}",
            "matcher": matcher,
            "name": label,
            "project": p,
            "state": "ACTIVE",
            "terraform_labels": tl,
            "timeouts": None,
            "update_time": ts(env["seed"] + label + "u", 2024, "ns"),
        }, unknown=["certificates", "create_time", "id", "state", "update_time"]))
    for r in rs:
        if r.type == "google_certificate_manager_certificate_map_entry":
            r.refs = {"certificates": ["google_certificate_manager_certificate.storefront.id", "google_certificate_manager_certificate.storefront"],
                      "map": ["google_certificate_manager_certificate_map.storefront.name", "google_certificate_manager_certificate_map.storefront"]}
        if r.type == "google_certificate_manager_certificate":
            r.refs = {}
    return rs


def cases():
    s = {"name": "staging", "tok": "staging", "seed": "dns-s", "project": "shop-edge-staging", "net": "30.8"}
    p = {"name": "production", "tok": "production", "seed": "dns-p", "project": "shop-edge-production", "net": "50.8"}
    drift = {"dnssec": "off", "policy_logging": False, "zone_logging": False}
    write_case(
        "gcp", "cloud-dns-dnssec-logging",
        "Cloud DNS for a shop: a public zone with DNSSEC and query logging, a private zone visible to the VPC and "
        "the GKE cluster, a DNS server policy with inbound forwarding and logging, and a few record sets. "
        "Staging's public zone is not signed (DNSSEC off) and logs no queries, and its server policy logs no "
        "queries either.",
        "hashicorp/google provider documentation for google_dns_managed_zone, google_dns_policy and "
        "google_dns_record_set; `terraform show -json` of a state by Terraform 1.6.6 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "google_dns_managed_zone.public", "dnssec_config[0].state", "Staging's public zone has DNSSEC off; production signs its zone."),
            L("config_drift", "google_dns_managed_zone.public", "cloud_logging_config[0].enable_logging", "Staging's public zone logs no queries; production's does."),
            L("config_drift", "google_dns_policy.logging", "enable_logging", "Staging's DNS server policy has query logging off; production's has it on."),
        ],
        show_state(dns(s, drift), "1.0", "1.6.6"),
        show_state(dns(p), "1.0", "1.6.6"),
    )
    s2 = {"name": "staging", "tok": "staging", "seed": "sl-s", "project": "storefront-staging", "short": "stg", "number": "640019283375", "connector_cidr": "10.8.0.0/28"}
    p2 = {"name": "production", "tok": "production", "seed": "sl-p", "project": "storefront-production", "short": "prd", "number": "188273640012", "connector_cidr": "10.9.0.0/28"}
    sr = serverless_edge(s2, "e2-standard-2", 5)
    pr = serverless_edge(p2, "e2-standard-4", 10)
    write_case(
        "gcp", "vpc-connector-certificate-map-plan",
        "A Serverless VPC Access connector and a Certificate Manager certificate (DNS authorization, certificate "
        "map and entries for the apex and wildcard host). Staging's plan creates all of it (ids, DNS "
        "authorization records, certificate state and map targets unknown); production's plan changes nothing. "
        "Production's connector runs e2-standard-4 instances, 2 to 10, staging's e2-standard-2, 2 to 5 (2 is the "
        "connector minimum; max_throughput follows max_instances).",
        "hashicorp/google provider documentation for google_vpc_access_connector and the "
        "google_certificate_manager_* resources; `terraform show -json` of plans by Terraform 1.5.7 (format_version 1.1).",
        0.5, [],
        show_plan(sr, None, "1.1", "1.5.7", created={r.address for r in sr}, timestamp="2024-10-02T08:12:40Z"),
        show_plan(pr, pr, "1.1", "1.5.7", timestamp="2024-10-02T08:15:03Z"),
    )


if __name__ == "__main__":
    cases()
