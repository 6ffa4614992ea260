# Not compared; reports list each ignored path with the reason.
ignore "alert_endpoints" {
  reason = "each environment pages its own team"
}

ignore "aws_s3_bucket.*.force_destroy" {
  reason = "only production buckets are protected"
  when   = { "versioning.enabled" = true } # a dotted path is quoted
}
