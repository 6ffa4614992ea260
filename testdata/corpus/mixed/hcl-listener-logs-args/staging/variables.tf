variable "environment" {
  type = string
}

variable "instance_type" {
  type = string
}

variable "web_instances" {
  type = number
}

variable "log_retention_days" {
  type    = number
  default = 90
}

variable "tls_policy" {
  type    = string
  default = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "worker_args" {
  type    = list(string)
  default = ["worker", "--queue=orders", "--concurrency=8"]
}
