# A web cluster as staging and production both build it. The settings are
# what parity_check compares; in a real repository the same variables would
# feed aws_instance, aws_db_instance and friends.

variable "environment" {
  description = "Environment name: staging or production."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type of the web servers."
  type        = string
}

variable "instance_count" {
  description = "Number of web servers."
  type        = number
}

variable "database_instance" {
  description = "RDS instance class of the database."
  type        = string
}

variable "max_connections" {
  description = "Maximum connections per web server."
  type        = number
}

variable "connection_timeout" {
  description = "Upstream connection timeout, in seconds."
  type        = number
}

variable "keepalive_timeout" {
  description = "Client keep-alive timeout, in seconds."
  type        = number
}

variable "monitoring_enabled" {
  description = "Whether detailed monitoring is on."
  type        = bool
}

locals {
  settings = {
    name               = "web-${var.environment}"
    instance_type      = var.instance_type
    instance_count     = var.instance_count
    database_instance  = var.database_instance
    max_connections    = var.max_connections
    connection_timeout = var.connection_timeout
    keepalive_timeout  = var.keepalive_timeout
    monitoring_enabled = var.monitoring_enabled
  }
}

# Holds the settings in state, standing in for the cloud resources.
resource "terraform_data" "cluster" {
  input = local.settings
}

output "settings" {
  description = "The cluster's settings, for parity checks."
  value       = local.settings
}
