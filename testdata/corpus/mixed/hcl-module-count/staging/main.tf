terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws        = { source = "hashicorp/aws", version = "~> 5.40" }
    kubernetes = { source = "hashicorp/kubernetes", version = "~> 2.27" }
  }

  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "shop/staging/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "shop-${var.environment}"
  tags = {
    Environment = var.environment
    Project     = "shop"
  }
}

module "web" {
  source = "../../modules/web"
  count  = var.web_instances

  name          = "${local.name}-web-${count.index}"
  instance_type = var.instance_type
  subnet_id     = data.aws_subnets.private.ids[count.index % 3]
  tags          = local.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.tls_policy
  certificate_arn   = data.aws_acm_certificate.shop.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/shop/${var.environment}/app"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "kubernetes_deployment_v1" "worker" {
  metadata {
    name      = "worker"
    namespace = "shop"
  }

  spec {
    replicas = var.web_instances

    selector {
      match_labels = { app = "worker" }
    }

    template {
      metadata {
        labels = { app = "worker" }
      }

      spec {
        container {
          name  = "worker"
          image = "ghcr.io/acme/shop-worker:1.42.0"
          args  = var.worker_args

          env {
            name  = "APP_ENV"
            value = var.environment
          }
        }
      }
    }
  }
}
