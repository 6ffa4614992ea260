variable "environment" {
  type        = string
  description = "Environment name, used in names and tags."
}

variable "env_short" {
  type        = string
  description = "Short environment name of the DNS zone (stg, prd)."
}

variable "zone_id" {
  type        = string
  description = "Cloudflare zone of the environment."
}

variable "tenants" {
  type = map(object({
    tier     = string
    replicas = number
    proxied  = bool
  }))
  description = "Tenants served by this environment, with their tier and replica count."
}

variable "min_tls_version" {
  type    = string
  default = "1.2"
}

variable "notify_no_data" {
  type    = bool
  default = true
}
