terraform {
  required_version = ">= 1.6.0"

  required_providers {
    pagerduty = {
      source  = "PagerDuty/pagerduty"
      version = "~> 3.15"
    }
  }

  backend "s3" {
    bucket = "lumen-terraform-state"
    key    = "pagerduty/production/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "pagerduty" {}

data "pagerduty_team" "payments" {
  name = "Payments"
}

data "pagerduty_schedule" "primary" {
  name = "Payments primary (${var.environment})"
}

data "pagerduty_vendor" "datadog" {
  name = "Datadog"
}

locals {
  service_names = { for key, service in var.services : key => "${key}-${var.environment}" }
}

resource "pagerduty_escalation_policy" "payments" {
  name      = "payments-${var.environment}"
  num_loops = 2
  teams     = [data.pagerduty_team.payments.id]

  rule {
    escalation_delay_in_minutes = 10

    target {
      type = "schedule_reference"
      id   = data.pagerduty_schedule.primary.id
    }
  }

  rule {
    escalation_delay_in_minutes = 20

    target {
      type = "user_reference"
      id   = var.escalation_manager_id
    }
  }
}

resource "pagerduty_service" "this" {
  for_each = var.services

  name                    = local.service_names[each.key]
  description             = each.value.description
  escalation_policy       = pagerduty_escalation_policy.payments.id
  alert_creation          = "create_alerts_and_incidents"
  acknowledgement_timeout = each.value.acknowledgement_timeout
  auto_resolve_timeout    = each.value.auto_resolve_timeout

  incident_urgency_rule {
    type    = "constant"
    urgency = each.value.urgency
  }

  auto_pause_notifications_parameters {
    enabled = true
    timeout = 300
  }

  alert_grouping_parameters {
    type = "intelligent"

    config {
      time_window = 900
    }
  }
}

resource "pagerduty_service_integration" "datadog" {
  for_each = pagerduty_service.this

  name    = "Datadog"
  service = each.value.id
  vendor  = data.pagerduty_vendor.datadog.id
}

# The payments API was managed on its own before the services map existed.
moved {
  from = pagerduty_service.payments_api
  to   = pagerduty_service.this["payments-api"]
}

moved {
  from = pagerduty_service_integration.payments_api_datadog
  to   = pagerduty_service_integration.datadog["payments-api"]
}
