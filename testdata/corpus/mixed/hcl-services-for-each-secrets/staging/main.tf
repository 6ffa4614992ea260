terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.50" }
    random = { source = "hashicorp/random", version = "~> 3.6" }
  }

  backend "s3" {
    bucket         = "fernway-terraform-state"
    key            = "parcels/staging/terraform.tfstate"
    region         = "eu-central-1"
    dynamodb_table = "terraform-locks"
  }
}

provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = local.tags
  }
}

locals {
  name = "parcels-${var.environment}"
  tags = {
    Environment = var.environment
    Service     = "parcels"
    ManagedBy   = "terraform"
  }
}

data "aws_ecs_cluster" "this" {
  cluster_name = local.name
}

module "service" {
  source   = "../../modules/ecs-service"
  for_each = var.services

  name          = "${local.name}-${each.key}"
  cluster_arn   = data.aws_ecs_cluster.this.arn
  image         = "${var.image_repository}:${var.image_tag}"
  cpu           = each.value.cpu
  memory        = each.value.memory
  desired_count = each.value.desired_count
  health_check  = each.value.health_check
}

resource "random_password" "db" {
  length           = 32
  special          = true
  override_special = "!#$%*()-_=+[]{}:?"
}

resource "aws_kms_key" "secrets" {
  description             = "Secrets of ${local.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "${local.name}/db"
  description             = "Database credentials of the parcels services"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "parcels"
    password = random_password.db.result
  })
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "exports" {
  bucket = "fernway-${local.name}-exports"

  rule {
    id     = "expire-exports"
    status = "Enabled"

    filter {
      prefix = "exports/"
    }

    expiration {
      days = 30
    }

    noncurrent_version_expiration {
      noncurrent_days = 7
    }
  }

  rule {
    id     = "abort-multipart"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 3
    }
  }
}
