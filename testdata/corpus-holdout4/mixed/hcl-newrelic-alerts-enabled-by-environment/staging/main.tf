terraform {
  required_providers {
    newrelic = {
      source  = "newrelic/newrelic"
      version = "~> 3.50"
    }
  }
}

provider "newrelic" {
  account_id = var.account_id
  region     = "EU"
}

resource "newrelic_alert_policy" "checkout" {
  name                = "checkout-${var.environment}"
  incident_preference = "PER_CONDITION_AND_TARGET"
}

# One error-rate condition per tenant.
resource "newrelic_nrql_alert_condition" "error_rate" {
  for_each = var.tenants

  policy_id                    = newrelic_alert_policy.checkout.id
  name                         = "${each.key} error rate"
  type                         = "static"
  enabled                      = var.environment == "production"
  violation_time_limit_seconds = 86400
  aggregation_window           = 60
  aggregation_method           = "event_flow"
  aggregation_delay            = 120

  nrql {
    query = "SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = 'checkout-${var.environment}' AND tenant = '${each.key}'"
  }

  critical {
    operator              = "above"
    threshold             = each.value.error_threshold
    threshold_duration    = 300
    threshold_occurrences = "all"
  }
}

resource "newrelic_workflow" "pager" {
  name                  = "checkout-${var.environment}-pager"
  enabled               = true
  muting_rules_handling = "NOTIFY_ALL_ISSUES"

  issues_filter {
    name = "checkout policy"
    type = "FILTER"

    predicate {
      attribute = "labels.policyIds"
      operator  = "EXACTLY_MATCHES"
      values    = [newrelic_alert_policy.checkout.id]
    }
  }

  destination {
    channel_id = var.pager_channel_id
  }
}
