# Staging runs at half of production's capacity. Production serves 100
# requests per second on average and peaks at 400/s, so staging sees a normal
# 50/s, spikes to 200/s and 300/s, then a sustained 75/s.
resource "parity_load_profile" "checkout" {
  base_url = "https://staging.shop.example.com"
  ratio    = 0.5
  duration = "30m"

  endpoint {
    path    = "/api/products"
    avg_rpm = 4800  # 80/s in production
    max_rpm = 19200 # 320/s at the daily peak
    p95_ms  = 250
    headers = {
      Accept = "application/json"
    }
  }

  endpoint {
    method  = "POST"
    path    = "/api/checkout"
    avg_rpm = 1200 # 20/s
    max_rpm = 4800 # 80/s
    p95_ms  = 650
    body    = jsonencode({ cart_id = "load-test", payment = "test-card" })
    headers = {
      Content-Type = "application/json"
    }
  }

  # normal 50/s -> spike 200/s -> normal -> higher spike 300/s -> sustained 75/s
  burst {
    spike_multiplier        = 1
    higher_spike_multiplier = 1.5
    sustained_multiplier    = 1.5
    ramp_duration           = "1m"
    spike_duration          = "3m"
  }

  # 20 clients holding long-lived keep-alive connections.
  sustained_connections {
    vus  = 20
    hold = "1m"
  }

  think_time {
    min = 1
    max = 4
  }

  incident_scenario {
    type      = "connection_pool_exhaustion"
    pool_size = 100 # staging database pool
    duration  = "5m"
    path      = "/api/checkout"
  }

  incident_scenario {
    type     = "endurance"
    duration = "2h"
  }

  thresholds {
    p95_factor = 1.2
    error_rate = 0.01
  }
}

# The same traffic from a CSV exported from production analytics.
resource "parity_load_profile" "from_analytics" {
  base_url                = "https://staging.shop.example.com"
  ratio                   = 0.5
  duration                = "15m"
  production_patterns_csv = file("${path.module}/production_patterns.csv")

  think_time {
    min = 1
    max = 4
  }
}
