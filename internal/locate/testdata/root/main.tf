# A root module: resources, a data source, and module calls of every kind.

resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-0abc"
  instance_type = "t3.large"
  monitoring    = true

  root_block_device {
    volume_size = 20
  }

  dynamic "ebs_block_device" {
    for_each = []
    content {}
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

data "aws_ami" "base" {
  most_recent = true
}

module "app" {
  for_each = toset(["eu", "us"])
  source   = "./modules/app"
  name     = each.key
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

module "missing" {
  source = "./not-checked-out"
}

module "loop" {
  source = "./modules/loop"
}
