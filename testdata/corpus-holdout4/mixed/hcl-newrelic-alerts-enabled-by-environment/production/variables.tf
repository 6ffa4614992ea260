variable "environment" {
  type = string
}

variable "account_id" {
  type = number
}

variable "pager_channel_id" {
  type = string
}

variable "tenants" {
  type = map(object({
    error_threshold = number
  }))
}
