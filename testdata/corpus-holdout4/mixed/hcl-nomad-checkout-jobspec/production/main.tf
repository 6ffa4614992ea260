terraform {
  required_version = ">= 1.5.0"
  required_providers {
    nomad = {
      source  = "hashicorp/nomad"
      version = "~> 2.4"
    }
  }
}

provider "nomad" {
  address = var.nomad_address
  region  = "global"
}

# The ACL policy of the checkout deployer (Nomad ACL rules are HCL too).
resource "nomad_acl_policy" "checkout_deployer" {
  name        = "checkout-deployer-${var.environment}"
  description = "Submit and scale the checkout job"
  rules_hcl   = <<-EOT
    namespace "checkout" {
      policy       = "read"
      capabilities = ["submit-job", "dispatch-job", "read-logs", "scale-job"]
    }
    node {
      policy = "read"
    }
  EOT
}

resource "nomad_job" "checkout" {
  purge_on_destroy = false
  detach           = false

  jobspec = <<-EOT
    job "checkout" {
      namespace   = "checkout"
      datacenters = ["${var.datacenter}"]
      type        = "service"

      meta {
        environment = "${var.environment}"
      }

      update {
        max_parallel     = 1
        health_check     = "checks"
        min_healthy_time = "30s"
        healthy_deadline = "5m"
        auto_revert      = true
        canary           = 1
      }

      group "api" {
        count = ${var.api_count}

        network {
          port "http" {
            to = 8080
          }
        }

        service {
          name     = "checkout-api"
          port     = "http"
          provider = "consul"
          tags     = ["${var.environment}", "http"]

          check {
            type     = "http"
            path     = "/healthz"
            interval = "10s"
            timeout  = "2s"
          }
        }

        task "api" {
          driver = "docker"

          config {
            image      = "registry.example-retail.net/checkout:3.8.1"
            ports      = ["http"]
            privileged = false
          }

          env {
            PORT           = "$${NOMAD_PORT_http}"
            PAYMENTS_URL   = "https://payments.${var.internal_domain}"
          }

          vault {
            role = "checkout-${var.environment}"
          }

          resources {
            cpu    = ${var.api_cpu}
            memory = ${var.api_memory}
          }
        }
      }
    }
  EOT
}
