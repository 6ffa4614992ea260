environment        = "staging"
instance_type      = "t3.large"
web_instances      = 2
tls_policy         = "ELBSecurityPolicy-2016-08"
log_retention_days = 7
worker_args        = ["--queue=orders", "--concurrency=8", "worker"]
