# The run task configuration the CLI tests use offline (no HCP Terraform is
# contacted when --plan and --state are given).
address      = "https://tfe.example.com"
organization = "acme"

pair "web" {
  staging { workspace = "web-staging" }
  production { workspace = "web-production" }
  ratio = 0.5
}
