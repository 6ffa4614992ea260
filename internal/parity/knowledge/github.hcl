# Built-in knowledge of the GitHub provider (integrations/github), in the
# rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

# Each environment's GitHub (a GitHub Enterprise Server per environment, or
# an organisation per environment) gives its repositories their own URLs
# and ids; the repository's name and settings are compared.
resource "github_repository" {
  identity "full_name" {
    reason = "Computed: owner/name (github_repository attribute reference); the name is compared."
  }
  identity "html_url" {
    reason = "Computed: the repository's URL on the web, on each environment's own GitHub host (github_repository attribute reference)."
  }
  identity "http_clone_url" {
    reason = "Computed: the URL git clones over HTTPS, on each environment's own GitHub host (github_repository attribute reference)."
  }
  identity "ssh_clone_url" {
    reason = "Computed: the URL git clones over SSH, on each environment's own GitHub host (github_repository attribute reference)."
  }
  identity "git_clone_url" {
    reason = "Computed: the URL git clones anonymously, on each environment's own GitHub host (github_repository attribute reference)."
  }
  identity "svn_url" {
    reason = "Computed: the URL svn checks out, on each environment's own GitHub host (github_repository attribute reference)."
  }
  identity "node_id" {
    reason = "Computed: the repository's GraphQL global node id (github_repository attribute reference)."
  }
  identity "primary_language" {
    reason = "Computed: the language GitHub finds most in the repository's contents, not a setting."
  }
}

resource "github_team" {
  identity "members_count" {
    reason = "Computed: how many members the team has now (github_team schema), people rather than configuration."
  }
  identity "node_id" {
    reason = "Computed: the team's GraphQL global node id (github_team attribute reference)."
  }
  identity "slug" {
    reason = "Computed from the team's name, which is compared (github_team attribute reference)."
  }
}
