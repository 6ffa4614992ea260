# Staging of the checkout service, read statically (no terraform run).
variable "environment" {
  default = "staging"
}

resource "aws_instance" "checkout" {
  count         = 2
  ami           = "ami-0feed123"
  instance_type = "m5.large"
  monitoring    = false

  tags = {
    Name        = "checkout-${var.environment}-${count.index}"
    Environment = var.environment
  }
}

resource "aws_lb_target_group" "checkout" {
  name     = "checkout-${var.environment}"
  port     = 8080
  protocol = "HTTP"

  health_check {
    path     = "/healthz"
    interval = 10
    timeout  = 5
  }
}

resource "aws_db_instance" "checkout" {
  identifier        = "checkout-${var.environment}"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
  engine            = "postgres"
  engine_version    = "16.2"
  password          = "Stg-Checkout-Pw-Yt6Bn1"
}
