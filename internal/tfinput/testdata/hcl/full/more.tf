resource "aws_subnet" "per_zone" {
  for_each          = var.zones
  availability_zone = each.key
  cidr_block        = "10.0.${index_of(each.value)}.0/24"
  name              = "${local.derived}-${each.value}"
}

resource "aws_db_instance" "db" {
  instance_class = "db.r5.large"
  password       = var.db_password
  username       = "admin"
  settings       = { password = var.db_password, port = 5432 }
}

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
}

module "network" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  name    = local.name_prefix
  cidr    = "10.0.0.0/16"
  count   = 1
}

resource "aws_instance" "unknown_count" {
  count         = length(aws_subnet.main.ids)
  instance_type = "t3.small"
  index         = count.index
}

resource "aws_eip" "keyed" {
  for_each = { "a b" = 1, "c\"d" = 2 }
  domain   = "vpc"
  weight   = each.value
}

output "ignored" {
  value = 1
}
