# Rules for the plan case: staging is half of production, its database
# storage a quarter, its worker pool rounded up; each environment pages its
# own team; database passwords are compared by digest, never shown. The
# module paths (module.staging_app, module.production_app) pair through the
# environment tokens.
ratio = 0.5

size "aws_db_instance.*.allocated_storage" {
  ratio = 0.25
}

size "aws_autoscaling_group.*.min_size" {
  rounding = "up"
}

ignore "aws_sns_topic_subscription.*.endpoint" {
  reason = "each environment pages its own team"
}

secret "aws_db_instance.*.master_password" {
  compare = "digest"
}
