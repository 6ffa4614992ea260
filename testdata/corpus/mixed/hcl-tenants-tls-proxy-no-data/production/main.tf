terraform {
  required_version = ">= 1.6.0"

  required_providers {
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.40" }
    datadog    = { source = "DataDog/datadog", version = "~> 3.44" }
    random     = { source = "hashicorp/random", version = "~> 3.6" }
  }

  backend "gcs" {
    bucket = "acme-tfstate"
    prefix = "tenants/production"
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
  message = "Error rate of tenant ${each.key} above 5% @pagerduty-tenancy-${var.environment}"
  query   = "sum(last_10m):sum:trace.http.request.errors{env:${var.environment},tenant:${each.key}}.as_count() / sum:trace.http.request.hits{env:${var.environment},tenant:${each.key}}.as_count() > 0.05"

  monitor_thresholds {
    critical = 0.05
    warning  = 0.02
  }

  notify_no_data    = var.notify_no_data
  no_data_timeframe = 20
  tags              = concat(local.tags, ["tenant:${each.key}"])
}
