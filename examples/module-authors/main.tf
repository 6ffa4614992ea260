# A root that compares the staging and production instances of two
# modules, with the parity rules each module exports.

terraform {
  required_providers {
    parity = {
      source = "envparity/parity"
    }
  }
}

module "web_production" {
  source = "./modules/web"

  environment     = "production"
  instance_type   = "t3.xlarge"
  instance_count  = 4
  cache_nodes     = 3
  alert_endpoints = ["pagerduty-web"]
}

module "web_staging" {
  source = "./modules/web"

  environment     = "staging"
  instance_type   = "t3.large"
  instance_count  = 2
  cache_nodes     = 2
  alert_endpoints = ["slack-web-staging"]
}

module "queue_production" {
  source = "./modules/queue"

  environment       = "production"
  consumers         = 8
  dead_letter_queue = true
}

module "queue_staging" {
  source = "./modules/queue"

  environment       = "staging"
  consumers         = 2
  dead_letter_queue = false
}

resource "parity_check" "platform" {
  staging = {
    web   = module.web_staging.settings
    queue = module.queue_staging.settings
  }
  production = {
    web   = module.web_production.settings
    queue = module.queue_production.settings
  }
  ratio = 0.5

  # The modules' rules, laid over the provider's defaults in this order;
  # this resource's own arguments and blocks are laid over them all.
  rules = [
    module.web_production.parity_rules,
    module.queue_production.parity_rules,
  ]

  # A decision of this root, not of the queue module.
  ignore {
    pattern = "queue.dead_letter_queue"
    reason  = "staging drops failed messages; production keeps them for replay"
  }
}

output "in_parity" {
  value = parity_check.platform.in_parity
}
