# HCP Terraform Sentinel policy set configuration: connect this directory as
# a policy set (kind Sentinel) and apply it to the workspaces tagged "parity".
policy "parity" {
  source            = "./parity.sentinel"
  enforcement_level = "hard-mandatory"
}
