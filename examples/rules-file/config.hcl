# Compared as configuration, whatever the knowledge base says: here an
# attribute it calls computed.
config "aws_lambda_function.*.source_code_hash" {}

config "count" {
  when = { availability_zone = ["eu-west-1a", "eu-west-1b"] }
}
