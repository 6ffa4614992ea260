resource "aws_db_instance" "main" {
  for_each       = { primary = 1, "replica.eu" = 2 }
  instance_class = "db.r5.large"
  engine_version = "15.4"
}
