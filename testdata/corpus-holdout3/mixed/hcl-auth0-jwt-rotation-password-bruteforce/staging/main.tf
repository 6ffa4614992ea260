terraform {
  required_version = ">= 1.5.0"

  required_providers {
    auth0 = {
      source  = "auth0/auth0"
      version = "~> 1.7"
    }
  }
}

provider "auth0" {
  domain = var.auth0_domain
}

resource "auth0_tenant" "this" {
  friendly_name           = "Lumen (${var.environment})"
  default_redirection_uri = "https://${var.storefront_host}/"
  session_lifetime        = 72
  idle_session_lifetime   = 24
  sandbox_version         = "18"
  enabled_locales         = ["en", "de", "fr"]

  flags {
    disable_clickjack_protection_headers   = false
    enable_public_signup_user_exists_error = false
    revoke_refresh_token_grant             = true
    disable_fields_map_fix                 = false
  }

  session_cookie {
    mode = "persistent"
  }
}

resource "auth0_resource_server" "api" {
  name                                            = "Storefront API"
  identifier                                      = "https://api.${var.storefront_host}"
  signing_alg                                     = "RS256"
  token_lifetime                                  = 900
  allow_offline_access                            = true
  skip_consent_for_verifiable_first_party_clients = true
  enforce_policies                                = true
  token_dialect                                   = "access_token_authz"
}

resource "auth0_client" "storefront" {
  name                = "Storefront"
  app_type            = "spa"
  oidc_conformant     = true
  is_first_party      = true
  callbacks           = ["https://${var.storefront_host}/auth/callback"]
  allowed_logout_urls = ["https://${var.storefront_host}/"]
  web_origins         = ["https://${var.storefront_host}"]
  allowed_origins     = ["https://${var.storefront_host}"]
  grant_types         = ["authorization_code", "refresh_token"]

  jwt_configuration {
    alg                 = var.jwt_alg
    lifetime_in_seconds = 36000
  }

  refresh_token {
    rotation_type                = var.refresh_rotation
    expiration_type              = "expiring"
    leeway                       = 0
    token_lifetime               = 2592000
    idle_token_lifetime          = 1296000
    infinite_token_lifetime      = false
    infinite_idle_token_lifetime = false
  }
}

resource "auth0_connection" "users" {
  name     = "lumen-customers"
  strategy = "auth0"

  options {
    password_policy                = var.password_policy
    brute_force_protection         = var.brute_force_protection
    disable_signup                 = false
    requires_username              = false
    import_mode                    = false
    enabled_database_customization = false

    password_history {
      enable = true
      size   = 5
    }

    password_no_personal_info {
      enable = true
    }

    password_dictionary {
      enable     = true
      dictionary = []
    }

    mfa {
      active                 = true
      return_enroll_settings = true
    }
  }
}

resource "auth0_connection_clients" "users" {
  connection_id   = auth0_connection.users.id
  enabled_clients = [auth0_client.storefront.id]
}

resource "auth0_action" "enrich_token" {
  name    = "enrich-token"
  runtime = "node18"
  deploy  = true
  code    = <<-EOT
    exports.onExecutePostLogin = async (event, api) => {
      const ns = 'https://lumen.shop/claims';
      api.accessToken.setCustomClaim(`$${ns}/customer_id`, event.user.app_metadata.customer_id);
      api.accessToken.setCustomClaim(`$${ns}/tier`, event.user.app_metadata.tier || 'standard');
    };
  EOT

  supported_triggers {
    id      = "post-login"
    version = "v3"
  }
}
