# A module's parity rules: its rules file, with blocks laid over it.
data "parity_rules" "web" {
  file = "${path.module}/parity.hcl"

  size {
    pattern  = "session_cache.nodes"
    rounding = "up"
  }

  ignore {
    pattern = "alert_endpoints"
    reason  = "each environment pages its own team"
  }

  only_in {
    environment = "production"
    address     = "aws_wafv2_web_acl.*"
    reason      = "the WAF fronts public traffic only"
  }
}

# Export them, so that roots comparing this module's instances apply them.
output "parity_rules" {
  value = data.parity_rules.web.rules
}
