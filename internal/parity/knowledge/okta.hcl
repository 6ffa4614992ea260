# Built-in knowledge of the Okta provider (okta/okta), in the rules
# vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "okta_auth_server" {
  identity "credentials_last_rotated" {
    reason = "Computed: when the authorization server started to sign tokens with its current key (okta_auth_server attribute reference), each environment's own time."
  }
  identity "credentials_next_rotation" {
    reason = "Computed: when the authorization server changes its signing key, with credentials_rotation_mode AUTO (okta_auth_server attribute reference); the rotation mode is compared."
  }
  identity "kid" {
    reason = "Computed: the id of the JSON Web Key that signs the server's tokens (okta_auth_server attribute reference)."
  }
  identity "issuer" {
    reason = "Computed: the complete URL of the authorization server on each environment's own Okta org (okta_auth_server attribute reference); issuer_mode is compared."
  }
}
