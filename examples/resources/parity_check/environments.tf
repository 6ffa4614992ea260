# Three environments against one production, each at its own scale. The
# settings would typically be the outputs of one module instantiated per
# environment (module.dev.settings, …); here they are spelled out.
locals {
  web = {
    production = { name = "web-production", instance_type = "t3.xlarge", instance_count = 8, connection_timeout = 30 }
    dev        = { name = "web-dev", instance_type = "t3.medium", instance_count = 2, connection_timeout = 30 }
    staging    = { name = "web-staging", instance_type = "t3.large", instance_count = 4, connection_timeout = 30 }
    perf       = { name = "web-perf", instance_type = "t3.xlarge", instance_count = 8, connection_timeout = 30 }
  }
}

resource "parity_check" "pipeline" {
  environments = {
    dev     = { value = local.web.dev, ratio = 0.25 }
    staging = { value = local.web.staging } # the resource's ratio, 0.5
    perf    = { value = local.web.perf, ratio = 1 }
  }
  production = local.web.production
  ratio      = 0.5
}

output "environments_in_parity" {
  value = { for row in parity_check.pipeline.environment_results : row.name => row.in_parity }
}
