variable "environment" {
  type        = string
  description = "Environment name, also used in resource names."
}

variable "services" {
  type = map(object({
    cpu           = number
    memory        = number
    desired_count = number
    health_check  = string
  }))
  description = "ECS services of the environment, by name."
}

variable "image_repository" {
  type = string
}

variable "image_tag" {
  type    = string
  default = "2.14.0"
}

variable "rotation_lambda_arn" {
  type = string
}
