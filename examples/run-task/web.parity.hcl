# Rules of the web pair: the same vocabulary as parity_check and parity check.
ratio = 0.5

size "instance_count" {
  rounding = "up"
}

ignore "alert_endpoints" {
  reason = "each environment pages its own team"
}
