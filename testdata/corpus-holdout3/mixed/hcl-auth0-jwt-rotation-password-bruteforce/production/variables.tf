variable "environment" {
  type = string
}

variable "auth0_domain" {
  type = string
}

variable "storefront_host" {
  type = string
}

variable "jwt_alg" {
  description = "Signing algorithm of the ID tokens issued to the storefront."
  type        = string
  default     = "RS256"
}

variable "refresh_rotation" {
  type    = string
  default = "rotating"
}

variable "password_policy" {
  type    = string
  default = "good"
}

variable "brute_force_protection" {
  type    = bool
  default = true
}
