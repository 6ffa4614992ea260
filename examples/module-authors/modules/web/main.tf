# A web tier as a platform team ships it: the module knows which of its
# settings are sizes and which may differ between environments, and exports
# those rules next to the settings, so every root that compares two
# instances of it applies them.

terraform {
  required_providers {
    parity = {
      source = "envparity/parity"
    }
  }
}

variable "environment" {
  description = "Environment name: staging or production."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type of the web servers."
  type        = string
}

variable "instance_count" {
  description = "Number of web servers."
  type        = number
}

variable "cache_nodes" {
  description = "Nodes of the session cache."
  type        = number
}

variable "alert_endpoints" {
  description = "Where this environment's alerts go."
  type        = list(string)
}

output "settings" {
  description = "The web tier's settings, for parity checks."
  value = {
    name            = "web-${var.environment}"
    instance_type   = var.instance_type
    instance_count  = var.instance_count
    session_cache   = { nodes = var.cache_nodes, engine = "redis" }
    alert_endpoints = var.alert_endpoints
  }
}

# The module's rules: its own parity.hcl, plus a block written here.
data "parity_rules" "web" {
  file = "${path.module}/parity.hcl"

  ignore {
    pattern = "alert_endpoints"
    reason  = "each environment pages its own team"
  }
}

output "parity_rules" {
  description = "Parity rules of this module, for parity_check.rules."
  value       = data.parity_rules.web.rules
}
