# HCP Terraform OPA policy set configuration: connect this directory as a
# policy set (kind OPA) and apply it to the workspaces tagged "parity".
policy "parity" {
  query             = "data.terraform.policies.parity.deny"
  enforcement_level = "mandatory"
}
