environment     = "production"
auth0_domain    = "lumen.eu.auth0.com"
storefront_host = "shop.lumen.shop"
