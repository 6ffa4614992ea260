environment     = "production"
nomad_address   = "https://nomad.production.example-retail.internal:4646"
datacenter      = "eu-central-1"
internal_domain = "production.example-retail.internal"
api_count       = 6
api_cpu         = 1000
api_memory      = 1024
