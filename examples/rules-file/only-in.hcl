# Resources one environment has alone: not reported as only_in_staging or
# only_in_production, but listed as ignored with the reason.
only_in "production" {
  address = "aws_wafv2_web_acl.*" # a pattern: every web ACL
  reason  = "the WAF fronts public traffic, which staging does not get"
}

only_in "staging" {
  address = "module.load_generator.**"
  reason  = "staging alone runs the load generator"
}
