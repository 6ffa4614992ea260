# Baseline of parity check, written 2025-01-31: 3 entries accepting 3 findings.
# Each entry accepts a difference that existed that day, so that the check
# can be turned on now. parity check names an entry that accepts nothing any
# more (the difference was fixed) as stale: delete it, and let the list shrink.
# Use it with: parity check --rules parity.hcl --rules THIS_FILE …

ignore "aws_instance.web.monitoring" {
  reason = "baseline 2025-01-31: config_drift"
}

ignore "aws_s3_bucket.logs[\"eu-west-1\"].versioning" {
  reason = "baseline 2025-01-31: config_drift"
}

only_in "production" {
  address = "aws_wafv2_web_acl.main"
  reason  = "baseline 2025-01-31: only_in_production"
}
