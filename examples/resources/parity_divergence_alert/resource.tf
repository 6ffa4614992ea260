# Alert when the checkout service's staging stops behaving like production.
# Both environments are scraped into one Prometheus (or federated) and told
# apart by the environment label; staging runs at half of production's
# capacity.
resource "parity_divergence_alert" "checkout" {
  name         = "checkout"
  group_by     = ["service", "endpoint"]
  match_labels = { job = "checkout" }
  ratio        = 0.5

  request_metric    = "http_requests_total"
  latency_histogram = "http_request_duration_seconds"

  for         = "15m"
  runbook_url = "https://runbooks.example.com/parity/divergence"
  labels      = { team = "payments" }

  # The seed's rule: error rates more than 1 percentage point apart, for
  # endpoints serving at least one request per second in each environment.
  error_rate {
    max_difference   = 0.01
    min_request_rate = 1
  }

  # p95 and p99 more than 25 % apart.
  latency {
    quantiles = [0.95, 0.99]
    tolerance = 0.25
  }

  # CPU per service, compared at comparable load (20 % against 80 % fires).
  saturation {
    resource = "cpu"
    metric   = "service:cpu_utilisation:ratio"
    group_by = ["service"]
    severity = "critical"
  }

  saturation {
    resource    = "memory"
    metric      = "service:memory_utilisation:ratio"
    aggregation = "max"
    group_by    = ["service"]
  }

  manifest_namespace = "monitoring"
  manifest_labels    = { release = "kube-prometheus-stack" }
}

# A rule file for Prometheus's rule_files ...
output "rules_yaml" {
  value = parity_divergence_alert.checkout.rules_yaml
}

# ... or a PrometheusRule for the Prometheus Operator.
output "prometheus_rule_manifest" {
  value = parity_divergence_alert.checkout.prometheus_rule_manifest
}
