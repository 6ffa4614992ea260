environment      = "production"
account_id       = 3918190
pager_channel_id = "0df7ed3a-e5f7-4285-bbc5-94f8b710afe1"
tenants = {
  acme   = { error_threshold = 5 }
  globex = { error_threshold = 5 }
}
