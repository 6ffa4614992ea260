from lib import *

MAIN_TF = '''terraform {
  required_version = ">= 1.6.0"

  required_providers {
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.40" }
    datadog    = { source = "DataDog/datadog", version = "~> 3.44" }
    random     = { source = "hashicorp/random", version = "~> 3.6" }
  }

  backend "gcs" {
    bucket = "acme-tfstate"
    prefix = "tenants/%(env)s"
  }
}

locals {
  domain = "${var.env_short}.acme-shop.io"
  tags   = ["env:${var.environment}", "team:tenancy"]
}

resource "random_string" "tenant_suffix" {
  for_each = var.tenants

  length  = 6
  special = false
  upper   = false
}

module "tenant" {
  source   = "../../modules/tenant"
  for_each = var.tenants

  name      = "${each.key}-${var.environment}"
  tier      = each.value.tier
  replicas  = each.value.replicas
  db_suffix = random_string.tenant_suffix[each.key].result
}

resource "cloudflare_zone_settings_override" "shop" {
  zone_id = var.zone_id

  settings {
    always_use_https = "on"
    min_tls_version  = var.min_tls_version
    ssl              = "strict"
    tls_1_3          = "zrt"

    security_header {
      enabled            = true
      include_subdomains = true
      max_age            = 31536000
      nosniff            = true
      preload            = true
    }
  }
}

resource "cloudflare_record" "tenant" {
  for_each = var.tenants

  zone_id = var.zone_id
  name    = each.key
  content = "ingress.${local.domain}"
  type    = "CNAME"
  proxied = each.value.proxied
  ttl     = 1
}

resource "datadog_monitor" "tenant_errors" {
  for_each = var.tenants

  name    = "[${var.environment}] ${each.key} error rate"
  type    = "query alert"
  message = "Error rate of tenant ${each.key} above 5%% @pagerduty-tenancy-${var.environment}"
  query   = "sum(last_10m):sum:trace.http.request.errors{env:${var.environment},tenant:${each.key}}.as_count() / sum:trace.http.request.hits{env:${var.environment},tenant:${each.key}}.as_count() > 0.05"

  monitor_thresholds {
    critical = 0.05
    warning  = 0.02
  }

  notify_no_data    = var.notify_no_data
  no_data_timeframe = 20
  tags              = concat(local.tags, ["tenant:${each.key}"])
}
'''

VARIABLES_TF = '''variable "environment" {
  type        = string
  description = "Environment name, used in names and tags."
}

variable "env_short" {
  type        = string
  description = "Short environment name of the DNS zone (stg, prd)."
}

variable "zone_id" {
  type        = string
  description = "Cloudflare zone of the environment."
}

variable "tenants" {
  type = map(object({
    tier     = string
    replicas = number
    proxied  = bool
  }))
  description = "Tenants served by this environment, with their tier and replica count."
}

variable "min_tls_version" {
  type    = string
  default = "1.2"
}

variable "notify_no_data" {
  type    = bool
  default = true
}
'''


def tfvars(env, zone, reps, proxied=None, extra=""):
    proxied = proxied or {}
    return f'''environment = "{env['name']}"
env_short   = "{env['short']}"
zone_id     = "{zone}"

tenants = {{
  acme = {{
    tier     = "gold"
    replicas = {reps[0]}
    proxied  = {str(proxied.get("acme", True)).lower()}
  }}
  globex = {{
    tier     = "silver"
    replicas = {reps[1]}
    proxied  = {str(proxied.get("globex", True)).lower()}
  }}
}}
{extra}'''


def hcl_dir(env, zone, reps, proxied=None, extra=""):
    return [
        ("main.tf", MAIN_TF % {"env": env["name"]}),
        ("variables.tf", VARIABLES_TF),
        ("terraform.tfvars", tfvars(env, zone, reps, proxied, extra)),
    ]


def settings_gcp(env, pu, machine, max_workers, size, sched):
    p = env["project"]
    e = env["tok"]
    return {
        "project_id": p,
        "region": "europe-west1",
        "spanner": {
            "instance_id": f"orders-{e}",
            "instance_config": f"projects/{p}/instanceConfigs/regional-europe-west1",
            "processing_units": pu,
            "database_id": f"projects/{p}/instances/orders-{e}/databases/orders",
            "version_retention_period": "3d",
            "deletion_protection": True,
        },
        "dataflow": {
            "machine_type": machine,
            "max_workers": max_workers,
            "streaming_engine": True,
            "job_ids": [f"2025-0{num(env['seed']+'j1', 1, 9)}-{num(env['seed']+'j1d', 10, 28)}_0{num(env['seed']+'j1h', 1, 9)}_{num(env['seed']+'j1m', 10, 59)}_{num(env['seed']+'j1s', 10, 59)}-{digits(env['seed']+'j1id', 19)}"],
        },
        "composer": {
            "environment_size": size,
            "scheduler_count": sched,
            "airflow_uri": f"https://{hx(env['seed']+'af', 32)}-dot-europe-west1.composer.googleusercontent.com",
            "dag_bucket": f"gs://europe-west1-orchestration-{e}-{hx(env['seed']+'bk', 8)}-bucket",
            "resilience_mode": "HIGH_RESILIENCE",
            "private_endpoint": True,
        },
        "secrets": {
            "db_password": f"projects/{env['number']}/secrets/db-password",
            "rotation_period": "7776000s",
            "replication_locations": ["europe-west1", "europe-west4"],
        },
        "network": {
            "vpc_self_link": f"https://www.googleapis.com/compute/v1/projects/{p}/global/networks/data-{e}",
            "subnet_cidr": env["cidr"],
            "connector_id": f"projects/{p}/locations/europe-west1/connectors/serverless-{env['short']}",
        },
        "dns": {
            "zone_name": f"data-{e}",
            "dns_name": f"data.{e}.acme-shop.io.",
            "name_servers": [f"ns-cloud-{env['nsl']}{i}.googledomains.com." for i in range(1, 5)],
            "dnssec": "on",
        },
        "kms_key_ids": {
            "spanner": f"projects/{p}/locations/europe-west1/keyRings/spanner/cryptoKeys/orders",
            "dataflow": f"projects/{p}/locations/europe-west1/keyRings/dataflow/cryptoKeys/jobs",
        },
        "service_accounts": {
            "dataflow": f"dataflow-worker@{p}.iam.gserviceaccount.com",
            "composer": f"composer-worker@{p}.iam.gserviceaccount.com",
        },
    }


def settings_aws(env, k, drift=None):
    drift = drift or {}
    e = env["tok"]
    a = env["acct"]
    rs_host = f"analytics-{e}.c{alnum(env['seed']+'rs', 10)}.eu-west-1.redshift.amazonaws.com"
    dd_host = alnum(env["seed"] + "dd", 12)
    return {
        "redshift": {
            "cluster_identifier": f"analytics-{e}",
            "endpoint": f"{rs_host}:5439",
            "jdbc_url": f"jdbc:redshift://{rs_host}:5439/analytics",
            "node_type": "ra3.large",
            "number_of_nodes": 2 * k,
            "publicly_accessible": drift.get("public", False),
            "kms_key_arn": f"arn:aws:kms:eu-west-1:{a}:key/{uid(env['seed']+'rk')}",
        },
        "docdb": {
            "cluster_endpoint": f"catalog-{e}.cluster-{dd_host}.eu-west-1.docdb.amazonaws.com",
            "reader_endpoint": f"catalog-{e}.cluster-ro-{dd_host}.eu-west-1.docdb.amazonaws.com",
            "instance_class": {1: "db.r6g.large", 2: "db.r6g.xlarge"}[k],
            "instance_count": drift.get("docdb_count", 2 * k),
            "tls": drift.get("tls", "enabled"),
            "master_secret_arn": f"arn:aws:secretsmanager:eu-west-1:{a}:secret:rds!cluster-{uid(env['seed']+'ms')}-{alnum(env['seed']+'ms6', 6, upper=True)}",
        },
        "kinesis": {
            "stream_arn": f"arn:aws:kinesis:eu-west-1:{a}:stream/events-{e}",
            "shard_count": 2 * k,
            "retention_hours": drift.get("retention", 168),
            "firehose_name": f"events-{e}-to-s3",
            "archive_bucket": f"acme-events-archive-{e}",
        },
    }


def cases():
    s = {"name": "staging", "short": "stg", "tok": "staging", "seed": "set-s", "project": "acme-data-staging", "number": "482913775016", "cidr": "10.52.0.0/20", "nsl": "b"}
    p = {"name": "production", "short": "prd", "tok": "production", "seed": "set-p", "project": "acme-data-production", "number": "993018244570", "cidr": "10.72.0.0/20", "nsl": "d"}
    write_case(
        "mixed", "settings-gcp-data-platform-outputs",
        "The outputs of a GCP data-platform module given to parity as one settings object: Spanner, Dataflow and "
        "Composer settings with their sizes (processing units, worker machine type and maximum, environment size "
        "and scheduler count follow the ratio), secret, network, DNS, KMS and service-account identities of "
        "each project.",
        "Module outputs of a data-platform module (project_id, spanner.*, dataflow.*, composer.*, dns.*, …) "
        "passed as one object; values from the hashicorp/google resources they expose.",
        0.5, [],
        settings_gcp(s, 1000, "n2-standard-2", 10, "ENVIRONMENT_SIZE_SMALL", 1),
        settings_gcp(p, 2000, "n2-standard-4", 20, "ENVIRONMENT_SIZE_MEDIUM", 2),
    )
    s = {"name": "staging", "tok": "stg", "seed": "seta-s", "acct": "418295370612"}
    p = {"name": "production", "tok": "prod", "seed": "seta-p", "acct": "702913845266"}
    drift = {"public": True, "tls": "disabled", "retention": 24, "docdb_count": 4}
    write_case(
        "mixed", "settings-aws-data-outputs-drift",
        "Outputs of an AWS data module (Redshift, DocumentDB, Kinesis) as a settings object: sizes follow the "
        "ratio except DocumentDB's instance count, which staging left at production's 4; staging's warehouse is "
        "publicly accessible, its DocumentDB cluster has TLS disabled and its stream keeps records 24 hours "
        "instead of 168.",
        "Module outputs of a data module (redshift.*, docdb.*, kinesis.*) passed as one object; values from the "
        "hashicorp/aws resources they expose.",
        0.5,
        [
            L("config_drift", "", "redshift.publicly_accessible", "Staging's warehouse is publicly accessible; production's is not."),
            L("config_drift", "", "docdb.tls", "Staging's DocumentDB accepts connections without TLS; production requires TLS."),
            L("config_drift", "", "kinesis.retention_hours", "Staging keeps stream records 24 hours, production 168."),
            L("size_ratio", "", "docdb.instance_count", "Staging runs 4 DocumentDB instances like production; at ratio 0.5 it should run 2."),
        ],
        settings_aws(s, 1, drift),
        settings_aws(p, 2),
    )
    s = {"name": "staging", "short": "stg"}
    p = {"name": "production", "short": "prd"}
    write_case(
        "mixed", "hcl-tenants-for-each",
        "Two environment directories of .tf files read statically: a random suffix and a tenant module per "
        "tenant (for_each over a map variable), a Cloudflare zone settings override, a proxied record and a "
        "Datadog error-rate monitor per tenant. Tenant replica counts are 4 and 2 in production's tfvars, 2 and 1 "
        "in staging's; zone ids, environment names and DNS zones differ.",
        "envs/<env>/ directories of .tf files with per-environment terraform.tfvars; cloudflare/cloudflare v4, "
        "DataDog/datadog v3 and hashicorp/random argument references.",
        0.5, [],
        hcl_dir(s, hx("hcl-zone-s", 32), (2, 1)),
        hcl_dir(p, hx("hcl-zone-p", 32), (4, 2)),
    )
    write_case(
        "mixed", "hcl-tenants-tls-proxy-no-data",
        "The tenant directories of mixed/hcl-tenants-for-each where staging's tfvars lower the zone's minimum TLS "
        "version to 1.0, stop proxying globex's record through Cloudflare (its origin is exposed and unprotected "
        "by the WAF), and turn off no-data alerts of the tenant monitors.",
        "envs/<env>/ directories of .tf files with per-environment terraform.tfvars.",
        0.5,
        [
            L("config_drift", "cloudflare_zone_settings_override.shop", "settings[0].min_tls_version", "Staging's zone accepts TLS 1.0; production's requires 1.2."),
            L("config_drift", 'cloudflare_record.tenant["globex"]', "proxied", "Staging's globex record points at the origin directly (DNS only); production proxies it through Cloudflare."),
            L("config_drift", 'datadog_monitor.tenant_errors["acme"]', "notify_no_data", "Staging's acme monitor does not alert when the tenant's metrics stop; production's does."),
            L("config_drift", 'datadog_monitor.tenant_errors["globex"]', "notify_no_data", "Staging's globex monitor does not alert when the tenant's metrics stop; production's does."),
        ],
        hcl_dir(s, hx("hcl-zone-s2", 32), (2, 1), {"globex": False}, 'min_tls_version = "1.0"\nnotify_no_data  = false\n'),
        hcl_dir(p, hx("hcl-zone-p2", 32), (4, 2)),
    )


if __name__ == "__main__":
    cases()
