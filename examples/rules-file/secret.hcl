# Secrets are never printed and, by default, never compared. compare =
# "digest" opts in: both values are compared by a keyed digest (HMAC-SHA256
# under a key made for one comparison), never by value.
secret "db_password" {
  compare = "digest"
}

secret "api_key" {
  compare = "digest"
  when    = { auth_mode = "static" }
}
