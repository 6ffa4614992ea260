variable "name" {
  type = string
}

variable "environment" {
  type = string
}

variable "instance_type" {
  type = string
}

variable "db_class" {
  type = string
}

variable "monitoring" {
  type = bool
}

variable "cost_center" {
  type = string
}

resource "aws_instance" "web" {
  for_each      = toset(["a", "b", "c"])
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = var.instance_type
  monitoring    = var.monitoring
  tags = {
    Name       = "${var.name}-${var.environment}-web-${each.key}"
    CostCenter = var.cost_center
  }
}

resource "aws_db_instance" "main" {
  identifier     = "${var.name}-${var.environment}"
  engine         = "postgres"
  engine_version = "15.4"
  instance_class = var.db_class
  tags = {
    CostCenter = var.cost_center
  }
}

resource "aws_security_group" "web" {
  name = "${var.name}-${var.environment}-web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "${var.name}-${var.environment}-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 300
  statistic           = "Average"
  threshold           = 80
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${var.name}-${var.environment}-jobs"
  visibility_timeout_seconds = 60
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_security_group.web.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0"
}
