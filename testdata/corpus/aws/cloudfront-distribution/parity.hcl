# Production's public host names carry no environment word
# (shop.example.com vs shop.staging.example.com), so aliases cannot match.
ignore "aws_cloudfront_distribution.*.aliases" {
  reason = "each environment serves its own public host names"
}
