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
    name = "shop-production"
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
    replicaCount: 4
    image:
      repository: ghcr.io/lumen-retail/storefront
      tag: "4.12.1"
    ingress:
      enabled: true
      className: nginx
      hosts:
        - host: shop.lumen-retail.com
          paths: ["/"]
      tls:
        - secretName: storefront-tls
          hosts: ["shop.lumen-retail.com"]
    resources:
      requests:
        cpu: 1
        memory: 2Gi
      limits:
        memory: 2Gi
    networkPolicy:
      enabled: true
    smtp:
      url: "smtp://mailer@lumen-retail.com:EdIGLGA7pLaWfnwOtSTkhmv5@smtp.eu.mailgun.org:587"
    postgresql:
      auth:
        username: shop
        database: shop
        password: "pg-CArf9HZz2EYoIx27bZdrWM"
        postgresPassword: "pgadm-l47dEf5N5cen58NFay1f"
      primary:
        persistence:
          enabled: true
          size: 100Gi
    redis:
      architecture: replication
      auth:
        enabled: true
        password: "i2PXwuj7Uqy07yywH0C6qfuQ917K"
      replica:
        replicaCount: 2
    EOT
  ]
}
