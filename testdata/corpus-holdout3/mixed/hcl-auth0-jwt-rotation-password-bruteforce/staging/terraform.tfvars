environment     = "staging"
auth0_domain    = "lumen-staging.eu.auth0.com"
storefront_host = "shop.staging.lumen.shop"

# Temporary while the mobile team debugs token validation.
jwt_alg                = "HS256"
refresh_rotation       = "non-rotating"
password_policy        = "fair"
brute_force_protection = false
