environment = "staging"
env_short   = "stg"
zone_id     = "431ed391babaf083340359808ba241c7"

tenants = {
  acme = {
    tier     = "gold"
    replicas = 2
    proxied  = true
  }
  globex = {
    tier     = "silver"
    replicas = 1
    proxied  = true
  }
}
