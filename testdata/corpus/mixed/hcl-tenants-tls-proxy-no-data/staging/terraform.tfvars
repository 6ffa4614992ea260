environment = "staging"
env_short   = "stg"
zone_id     = "bb34a9598c90bc43e20dba20f8f36d22"

tenants = {
  acme = {
    tier     = "gold"
    replicas = 2
    proxied  = true
  }
  globex = {
    tier     = "silver"
    replicas = 1
    proxied  = false
  }
}
min_tls_version = "1.0"
notify_no_data  = false
