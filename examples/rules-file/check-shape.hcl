# Every block written as parity_check and parity_rules write it, the label
# as an argument: a block copied from a Terraform configuration works here
# unchanged. pattern stands for the label of size, ignore, config, secret,
# identity and list; resource_type for an enclosing resource "TYPE" block;
# staging for module_pair's label; environment for only_in's.
size {
  resource_type = "aws_db_instance"
  pattern       = "allocated_storage"
  ratio         = 0.25
}

ignore {
  resource_type = "aws_lb"
  pattern       = "access_logs"
  reason        = "each environment logs to its own bucket"
}

config {
  pattern       = "source_code_hash"
  resource_type = "aws_lambda_function"
}

secret {
  pattern       = "master_password"
  resource_type = "aws_rds_cluster"
  compare       = "digest"
}

identity {
  pattern       = "dns_name"
  resource_type = "aws_lb"
  reason        = "assigned by AWS"
}

list {
  pattern       = "container_definitions"
  resource_type = "aws_ecs_task_definition"
  key           = ["name"]
}

module_pair {
  staging    = "module.staging_infrastructure"
  production = "module.production_infrastructure"
}

only_in {
  environment = "production"
  address     = "aws_db_instance.replica"
  reason      = "disaster recovery runs in production only"
}
