variable "environment" {
  type        = string
  description = "Environment name, used in names, tags and the Vault role."
}

variable "nomad_address" {
  type = string
}

variable "datacenter" {
  type = string
}

variable "internal_domain" {
  type = string
}

variable "api_count" {
  type        = number
  description = "Instances of the checkout API."
}

variable "api_cpu" {
  type        = number
  description = "CPU of one API task, in MHz."
}

variable "api_memory" {
  type        = number
  description = "Memory of one API task, in MiB."
}
