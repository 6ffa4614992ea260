terraform {
  required_providers {
    parity = {
      source = "envparity/parity"
    }
  }
}

locals {
  production_instance_type = "t3.xlarge"
}

# Size staging from production instead of hard-coding both.
output "staging_instance_type" {
  value = provider::parity::scale_size(local.production_instance_type, 0.5) # "t3.large"
}

output "staging_machine_type" {
  value = provider::parity::scale_size("e2-standard-8", 0.25) # "e2-standard-2"
}

output "staging_memory" {
  value = provider::parity::scale_size("2Gi", 0.5) # "1Gi"
}

output "staging_replicas" {
  value = provider::parity::scale_size(4, 0.5) # 2
}
