variable "name" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.name}"
  tags = {
    team = "platform"
  }
}

module "db" {
  source = "../db"
}
