variable "staging_instance_type" {
  description = "Staging web server type: production's t3.xlarge × 0.5."
  type        = string
  default     = "t3.large"
}

variable "staging_instance_count" {
  description = "Staging web servers: production's 4 × 0.5."
  type        = number
  default     = 2
}

variable "staging_connection_timeout" {
  description = "Must match production."
  type        = number
  default     = 30
}

variable "staging_monitoring_enabled" {
  description = "Must match production."
  type        = bool
  default     = true
}
