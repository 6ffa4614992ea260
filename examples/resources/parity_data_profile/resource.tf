# Production's shape, read from PostgreSQL's statistics only (no rows):
#   parity data profile --database "$PRODUCTION_URL" --output profile.json
# Staging gets half of production's rows; the plans lookup table stays whole.
resource "parity_data_profile" "shop" {
  profile = file("${path.module}/profile.json")
  ratio   = 0.5

  table {
    name  = "plans"
    ratio = 1
  }
}

# The same profile, ratio and seed load exactly the planned rows:
#   parity data generate --profile profile.json --ratio 0.5 --table plans=1 \
#     --database "$STAGING_URL"
output "staging_rows" {
  value = parity_data_profile.shop.rows
}

# Planner settings for staging: production's, with size thresholds × ratio.
output "staging_planner_settings" {
  value = parity_data_profile.shop.settings
}
