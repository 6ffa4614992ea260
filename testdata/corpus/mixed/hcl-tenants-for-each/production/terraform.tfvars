environment = "production"
env_short   = "prd"
zone_id     = "c45fad3f36a435ba4bc021b18cba1628"

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
