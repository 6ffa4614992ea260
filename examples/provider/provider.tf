terraform {
  required_providers {
    parity = {
      source = "envparity/parity"
    }
  }
}

provider "parity" {
  # Staging runs at half production's size unless a check says otherwise.
  ratio = 0.5

  # Drift fails the plan; set "warn" while adopting the provider.
  enforcement = "error"

  environment_tokens {
    staging    = ["staging", "stg"]
    production = ["production", "prod"]
  }
}
