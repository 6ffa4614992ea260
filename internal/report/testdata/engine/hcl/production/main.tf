# Production of the checkout service, read statically (no terraform run).
variable "environment" {
  default = "production"
}

resource "aws_instance" "checkout" {
  count         = 4
  ami           = "ami-0feed123"
  instance_type = "m5.2xlarge"
  monitoring    = true

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
    path     = "/health"
    interval = 10
    timeout  = 5
  }
}

resource "aws_db_instance" "checkout" {
  identifier        = "checkout-${var.environment}"
  instance_class    = "db.t3.large"
  allocated_storage = 100
  engine            = "postgres"
  engine_version    = "16.2"
  password          = "Prod-Checkout-Pw-Qe3Ws8"
}
