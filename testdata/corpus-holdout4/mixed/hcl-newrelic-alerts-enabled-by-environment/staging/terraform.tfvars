environment      = "staging"
account_id       = 3918274
pager_channel_id = "10397112-dfc6-1093-9515-cfe08ce53547"
tenants = {
  acme   = { error_threshold = 5 }
  globex = { error_threshold = 5 }
}
