ratio = 0.5

size "aws_db_instance.*.allocated_storage" {}
