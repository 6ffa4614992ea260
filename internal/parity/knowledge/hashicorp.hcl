# Built-in knowledge of HashiCorp's utility providers (time, tls, random),
# in the rules vocabulary of parity.hcl. `parity rules --builtin` prints it.

# The time provider records when each environment created or rotated
# something: every attribute but the rotation's configuration is history.
resource "time_rotating" {
  identity "rfc3339" {
    reason = "A time each environment recorded."
  }
  identity "unix" {
    reason = "A time each environment recorded."
  }
  identity "year" {
    reason = "A time each environment recorded."
  }
  identity "month" {
    reason = "A time each environment recorded."
  }
  identity "day" {
    reason = "A time each environment recorded."
  }
  identity "hour" {
    reason = "A time each environment recorded."
  }
  identity "minute" {
    reason = "A time each environment recorded."
  }
  identity "second" {
    reason = "A time each environment recorded."
  }
  identity "rotation_rfc3339" {
    reason = "A time computed from when each environment created the resource."
  }
}

resource "time_static" {
  identity "rfc3339" {
    reason = "A time each environment recorded."
  }
  identity "unix" {
    reason = "A time each environment recorded."
  }
  identity "year" {
    reason = "A time each environment recorded."
  }
  identity "month" {
    reason = "A time each environment recorded."
  }
  identity "day" {
    reason = "A time each environment recorded."
  }
  identity "hour" {
    reason = "A time each environment recorded."
  }
  identity "minute" {
    reason = "A time each environment recorded."
  }
  identity "second" {
    reason = "A time each environment recorded."
  }
}

# A generated key pair is each environment's own; its algorithm and size are
# configuration.
resource "tls_private_key" {
  identity "public_key_pem" {
    reason = "Generated for each environment."
  }
  identity "public_key_openssh" {
    reason = "Generated for each environment."
  }
  identity "public_key_fingerprint_md5" {
    reason = "Generated for each environment."
  }
  identity "public_key_fingerprint_sha256" {
    reason = "Generated for each environment."
  }
}
