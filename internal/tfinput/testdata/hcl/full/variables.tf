variable "env" {
  type    = string
  default = "default-env"
}

variable "instance_type" {
  default = "t3.micro"
}

variable "replicas" {
  type    = number
  default = 1
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}

variable "zones" {
  type    = set(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "no_default" {
  type = string
}
