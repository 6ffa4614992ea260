terraform {
  required_providers {
    parity = {
      source = "envparity/parity"
    }
  }
}

variable "staging_settings" {
  type = any
  default = {
    name           = "web-staging"
    instance_type  = "t3.large"
    replicas       = 2
    log_level      = "info"
    timeout_second = 30
  }
}

variable "production_settings" {
  type = any
  default = {
    name           = "web-production"
    instance_type  = "t3.xlarge"
    replicas       = 4
    log_level      = "info"
    timeout_second = 30
  }
}

# Both hashes are equal: sizes (instance_type, replicas) are left out and the
# environment names are replaced by one placeholder.
output "staging_hash" {
  value = provider::parity::config_hash(var.staging_settings, [])
}

output "production_hash" {
  value = provider::parity::config_hash(var.production_settings, [])
}

# A module can refuse to apply when its environments drift.
resource "terraform_data" "guard" {
  lifecycle {
    precondition {
      condition = (
        provider::parity::config_hash(var.staging_settings, []) ==
        provider::parity::config_hash(var.production_settings, [])
      )
      error_message = "Staging and production settings differ beyond their sizes."
    }
  }
}
