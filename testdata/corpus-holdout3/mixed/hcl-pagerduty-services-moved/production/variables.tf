variable "environment" {
  description = "Environment name used in PagerDuty object names."
  type        = string
}

variable "escalation_manager_id" {
  description = "PagerDuty user id of the engineering manager who is paged second."
  type        = string
}

variable "services" {
  description = "Services of the payments domain, keyed by service name."
  type = map(object({
    description             = string
    acknowledgement_timeout = number
    auto_resolve_timeout    = number
    urgency                 = string
  }))
}
