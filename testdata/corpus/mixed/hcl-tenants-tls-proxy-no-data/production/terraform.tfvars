environment = "production"
env_short   = "prd"
zone_id     = "aeb886630384ffe77aca1b4014a36b94"

tenants = {
  acme = {
    tier     = "gold"
    replicas = 4
    proxied  = true
  }
  globex = {
    tier     = "silver"
    replicas = 2
    proxied  = true
  }
}
