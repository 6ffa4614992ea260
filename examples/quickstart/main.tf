terraform {
  required_providers {
    parity = {
      source = "envparity/parity"
    }
  }
}

provider "parity" {}

module "production" {
  source = "./modules/web_cluster"

  environment        = "production"
  instance_type      = "t3.xlarge"
  instance_count     = 4
  database_instance  = "db.r6g.xlarge"
  max_connections    = 200
  connection_timeout = 30
  keepalive_timeout  = 65
  monitoring_enabled = true
}

module "staging" {
  source = "./modules/web_cluster"

  environment        = "staging"
  instance_type      = var.staging_instance_type
  instance_count     = var.staging_instance_count
  database_instance  = "db.r6g.large"
  max_connections    = 200
  connection_timeout = var.staging_connection_timeout
  keepalive_timeout  = 65
  monitoring_enabled = var.staging_monitoring_enabled
}

# Staging runs at half production's size; everything else must match.
# instance_type and instance_count are sizes the provider knows; this
# module's database_instance is declared a size here.
resource "parity_check" "web" {
  staging    = module.staging.settings
  production = module.production.settings
  ratio      = 0.5

  size {
    pattern = "database_instance"
  }
}

output "in_parity" {
  value = parity_check.web.in_parity
}

output "staging_hash" {
  value = parity_check.web.staging_hash
}
