locals {
  name_prefix = "${var.env}-app"
  common_tags = merge({ Team = "platform" }, { Environment = var.env })
  ports       = [80, 443]
  derived     = upper(local.name_prefix)
}

resource "aws_instance" "web" {
  count         = var.replicas
  ami           = "ami-123"
  instance_type = var.instance_type
  subnet_id     = aws_subnet.main.id
  tags          = merge(local.common_tags, { Name = "${local.name_prefix}-${count.index}" })
  big           = 12345678901234567890
  ratio         = 0.1
  mystery       = var.no_default

  root_block_device {
    volume_size = 50
    volume_type = "gp3"
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_subnet.main]
}

resource "aws_security_group" "sg" {
  name = format("%s-sg", local.name_prefix)

  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port = ingress.value
      to_port   = ingress.value
      protocol  = "tcp"
    }
  }

  dynamic "egress" {
    for_each = aws_subnet.main.cidr_blocks
    content {
      from_port = 0
    }
  }
}
