# Built-in knowledge of the Auth0 provider (auth0/auth0), in the rules
# vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "auth0_connection" {
  # How many previous passwords a user may not reuse: a password policy, not
  # a size that follows the environment's scale (the generic size "size"
  # would scale it).
  config "options.password_history.size" {}
}
