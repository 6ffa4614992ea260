# Parity rules for the example infrastructure: staging runs at half the
# production size, storage at a quarter.
ratio = 0.5

size "instance_count" {
  rounding = "up"
}

size "aws_db_instance.*.allocated_storage" {
  ratio   = 0.25
  minimum = "20"
}

size "settings.pools[*].max_connections" {
  rounding = "down"
  minimum  = 5
}

ignore "alert_endpoints" {
  reason = "each environment pages its own team"
}

ignore "tags[\"cost-center\"]" {
  reason = "finance tracks the environments separately"
}

# The knowledge base ignores ARNs; compare this one (environment tokens are
# replaced before comparing).
config "aws_sns_topic.*.arn" {}

secret "db_password" {
  compare = "digest"
}

environment_tokens {
  staging    = ["staging", "stg"]
  production = ["production", "prod"]
}

module_pair "module.staging_infrastructure" {
  production = "module.production_infrastructure"
}

builtin_rules = true
