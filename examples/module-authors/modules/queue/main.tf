# A queue module whose rules are written as blocks only, without a file.

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

variable "consumers" {
  description = "Number of consumer tasks."
  type        = number
}

variable "dead_letter_queue" {
  description = "Whether failed messages go to a dead-letter queue (production keeps one)."
  type        = bool
}

output "settings" {
  description = "The queue's settings, for parity checks."
  value = {
    queue_name         = "orders-${var.environment}"
    consumers          = var.consumers
    visibility_timeout = 30
    dead_letter_queue  = var.dead_letter_queue
  }
}

data "parity_rules" "queue" {
  # Consumers scale with traffic, a quarter in staging whatever the
  # check's own ratio.
  size {
    pattern = "consumers"
    ratio   = 0.25
  }
}

output "parity_rules" {
  description = "Parity rules of this module, for parity_check.rules."
  value       = data.parity_rules.queue.rules
}
