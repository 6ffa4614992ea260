# Staging's module call, and production's of another name: resources inside
# them pair up.
module_pair "module.staging_infrastructure" {
  production = "module.production_infrastructure"
}
