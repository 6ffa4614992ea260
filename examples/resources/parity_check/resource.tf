# Compare the settings of two environments: typically the outputs of one
# module instantiated twice (module.staging.settings), here spelled out.
locals {
  production = {
    name               = "web-production"
    instance_type      = "t3.xlarge"
    instance_count     = 4
    database_instance  = "db.r6g.xlarge"
    max_connections    = 200
    connection_timeout = 30
    keepalive_timeout  = 65
    monitoring_enabled = true
    alert_endpoints    = ["pagerduty-prod"]
  }
  staging = {
    name               = "web-staging"
    instance_type      = "t3.large"
    instance_count     = 2
    database_instance  = "db.r6g.large"
    max_connections    = 200
    connection_timeout = 30
    keepalive_timeout  = 65
    monitoring_enabled = true
    alert_endpoints    = ["slack-staging"]
  }
}

resource "parity_check" "web" {
  staging    = local.staging
  production = local.production
  ratio      = 0.5

  # database_instance is this module's own name for a size.
  size {
    pattern = "database_instance"
  }

  # Counts of 3 at 0.5 would accept 1 or 2; insist on rounding up.
  size {
    pattern  = "instance_count"
    rounding = "up"
  }

  ignore {
    pattern = "alert_endpoints"
    reason  = "each environment pages its own team"
  }
}

# Or compare two `terraform show -json` documents resource by resource, with
# the rules kept in a file the `parity check` CLI reads too.
resource "parity_check" "platform" {
  staging    = jsondecode(file("${path.module}/staging.json"))
  production = jsondecode(file("${path.module}/production.json"))
  rules_file = "${path.module}/parity.hcl"
}

output "web_in_parity" {
  value = parity_check.web.in_parity
}
