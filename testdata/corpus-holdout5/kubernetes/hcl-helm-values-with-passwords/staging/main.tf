terraform {
  required_providers {
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
  }
}

resource "kubernetes_namespace" "shop" {
  metadata {
    name = "shop-staging"
    labels = {
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

# The storefront chart bundles PostgreSQL and Redis as subcharts.
resource "helm_release" "storefront" {
  name             = "storefront"
  namespace        = kubernetes_namespace.shop.metadata[0].name
  repository       = "oci://ghcr.io/lumen-retail/charts"
  chart            = "storefront"
  version          = "4.12.1"
  atomic           = true
  timeout          = 600
  max_history      = 10
  cleanup_on_fail  = true

  values = [
    <<-EOT
    replicaCount: 2
    image:
      repository: ghcr.io/lumen-retail/storefront
      tag: "4.12.1"
    ingress:
      enabled: true
      className: nginx
      hosts:
        - host: shop.staging.lumen-retail.com
          paths: ["/"]
      tls:
        - secretName: storefront-tls
          hosts: ["shop.staging.lumen-retail.com"]
    resources:
      requests:
        cpu: 500m
        memory: 1Gi
      limits:
        memory: 1Gi
    networkPolicy:
      enabled: true
    smtp:
      url: "smtp://mailer@staging.lumen-retail.com:2gF2uBbUIFkeZF1IyxXIdBaE@smtp.eu.mailgun.org:587"
    postgresql:
      auth:
        username: shop
        database: shop
        password: "pg-Bd74A309rx3fAtmsyUu8QG"
        postgresPassword: "pgadm-h0MoWNoAL50CnT08uzOv"
      primary:
        persistence:
          enabled: true
          size: 50Gi
    redis:
      architecture: replication
      auth:
        enabled: true
        password: "WFzbYhG9GPDc4lYVc3K110bf3Mef"
      replica:
        replicaCount: 1
    EOT
  ]
}
