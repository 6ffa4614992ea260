environment           = "staging"
escalation_manager_id = "PQ4T9ZB"

services = {
  "payments-api" = {
    description             = "Card and wallet payment API"
    acknowledgement_timeout = 1800
    auto_resolve_timeout    = 14400
    urgency                 = "high"
  }
  "ledger" = {
    description             = "Double-entry ledger"
    acknowledgement_timeout = 1800
    auto_resolve_timeout    = 14400
    urgency                 = "high"
  }
  "payouts" = {
    description             = "Merchant payouts batch"
    acknowledgement_timeout = 3600
    auto_resolve_timeout    = 28800
    urgency                 = "high"
  }
}
