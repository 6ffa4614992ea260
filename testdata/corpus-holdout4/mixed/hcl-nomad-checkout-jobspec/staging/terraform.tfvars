environment     = "staging"
nomad_address   = "https://nomad.staging.example-retail.internal:4646"
datacenter      = "eu-central-1"
internal_domain = "staging.example-retail.internal"
api_count       = 3
api_cpu         = 500
api_memory      = 512
