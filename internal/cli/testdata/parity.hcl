# Rules for the CLI tests. The ratio comes from --ratio or half.hcl.
size "aws_db_instance.*.allocated_storage" {}

ignore "aws_s3_bucket.*.force_destroy" {
  reason = "only production buckets are protected"
}
