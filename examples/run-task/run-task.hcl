# Configuration of `parity run-task serve`. Secrets are never written here:
# the HMAC key and the API token come from the environment variables named
# below (the defaults are shown).

# HCP Terraform, or your Terraform Enterprise host. Tokens are only ever sent
# to this origin; a run task request whose URLs point elsewhere is refused.
address      = "https://tfe.example.com"
organization = "acme"

# An organization or team token that can read the state of the paired
# workspaces (state versions: read).
token_env = "TFE_TOKEN"
# The HMAC key given to HCP Terraform when the run task was created.
hmac_key_env = "PARITY_RUN_TASK_HMAC_KEY"

# Linked from every result and outcome; {run_id}, {workspace} and
# {organization} are filled in.
report_url = "https://wiki.example.com/platform/parity?run={run_id}"

workers    = 2
queue_size = 32
# One evaluation, callbacks included; HCP Terraform waits 10 minutes.
timeout = "8m"
# A run in a workspace no pair names passes with a note ("fail" fails it).
unmatched_workspaces = "pass"

# A run in web-staging is compared with the current state of web-production,
# and a run in web-production with the current state of web-staging.
pair "web" {
  staging { workspace = "web-staging" }
  production { workspace = "web-production" }
  rules_file = "web.parity.hcl"
}

# Every service named <name>-stg pairs with <name>-prod.
pair "services" {
  staging { workspace_pattern = "*-stg" }
  production { workspace_pattern = "*-prod" }
  ratio = 0.5
}

# Tagged workspaces pair with the workspace of the other tag whose name is
# theirs with the environment swapped (billing-staging ↔ billing-production).
pair "tagged" {
  staging { tags = ["env:staging"] }
  production { tags = ["env:production"] }
  ratio = 0.25
}
