# Rules shared by parity_check.rules_file and `parity check --rules`.
ratio = 0.5

size "aws_db_instance.*.allocated_storage" {
  ratio = 0.25
}

ignore "aws_db_instance.*.backup_retention_period" {
  reason = "staging keeps one day of backups"
}
