# The words that name each environment, replaced before comparing, so that
# web-stg and web-prod are one name. A side left out keeps its defaults
# (staging, stage, stg; production, prod, prd).
environment_tokens {
  staging    = ["staging", "stg", "qa"]
  production = ["production", "prod", "live"]
}
